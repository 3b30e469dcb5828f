"""Scoring the sessions that have no summary entry (older files, or cut off): by replay.

A session written before summaries existed, or whose summary line was torn, is replayed from
its header (through the session package's one rebuild: `read_session`, `rebuild_file`) and
summarised with the very function the session writer uses (`game.session.summary`). The last
state reached must carry the hash the file recorded for it, so the summary is of the game the
file holds. Replaying costs tens of milliseconds a game, so it is bounded (`limit` files a
run; the rest are counted as unscored) and cached: the summary is kept under the file's
content hash and this program's versions, and the next run reads it back.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs

from game import __version__
from game.cohort.scenarios import Known
from game.engine import state_hash
from game.session.log import SessionError
from game.session.rebuild import read_session, rebuild_file
from game.session.summary import summarise

FINISHED = ("review", "over")  # as the debrief report: the quarter's truth has been revealed


@dataclass(frozen=True)
class Outcome:
    """What replaying one file gave: a summary, or why there is none."""

    summary: dict[str, Any] | None
    problem: str | None  # one line `file:line: error: …`, or None
    kind: str = ""  # "unfinished", "broken", "no scenario" when there is a problem
    cached: bool = False


def cache_dir() -> Path:
    """Where replayed summaries are kept between runs (the user's cache folder)."""
    return platformdirs.user_cache_path("offsite") / "cohort"


def cache_key(data: bytes) -> str:
    """The file's content and the program that summarises it: any change, another key."""
    digest = hashlib.sha256(data)
    digest.update(f"\0{__version__}\0{np.__version__}".encode())
    return digest.hexdigest()


def read_cache(folder: Path | None, key: str) -> Outcome | None:
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return Outcome(data.get("summary"), data.get("problem"), data.get("kind", ""), True)


def write_cache(folder: Path | None, key: str, outcome: Outcome) -> None:
    """Keep the outcome (atomically: a crash leaves the old entry or none); never fatal."""
    if folder is None or outcome.kind == "no scenario":  # the scenario may be given next time
        return
    record = {"summary": outcome.summary, "problem": outcome.problem, "kind": outcome.kind}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(record, file)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass  # a read-only cache only costs time


def replay(path: Path, known: Known, cache: Path | None) -> Outcome:
    """Summarise one session by replaying it (or read the cached summary)."""
    try:
        key = cache_key(path.read_bytes())
    except OSError as exc:
        return Outcome(None, f"{path}: error: cannot read: {exc.strerror or exc}", "broken")
    cached = read_cache(cache, key)
    if cached is not None:
        return cached
    outcome = _replay(path, known)
    write_cache(cache, key, outcome)
    return outcome


def _replay(path: Path, known: Known) -> Outcome:
    try:
        session = read_session(path)
    except SessionError as exc:
        return Outcome(None, str(exc), "broken")
    header, hashes = session.header, session.hashes
    scenario = known.by_hash.get(header["scenario_hash"])
    if scenario is None:
        return Outcome(
            None,
            f"{path}:1: error: no summary, and scenario '{header['scenario']}' (hash "
            f"{header['scenario_hash'][:12]}…) is not among the scenarios given: add its "
            "folder with --scenarios DIR to score it by replay",
            "no scenario",
        )
    try:
        replayed = rebuild_file(session, scenario, check_hashes=False)  # the last one, below
    except SessionError as exc:
        return Outcome(None, str(exc), "broken")
    if replayed.rejected:
        return Outcome(None, replayed.rejected, "broken")
    state = replayed.state
    if hashes and state_hash(state) != hashes[-1]:
        return Outcome(
            None,
            f"{path}:{session.lines[-1]}: error: the replayed game does not reach the state the "
            "file recorded (offsite replay names the first line that differs)",
            "broken",
        )
    if state.phase not in FINISHED:
        where = state.phase + (f", week {state.week}" if state.week else "")
        return Outcome(None, f"{path}: note: the game is not finished ({where})", "unfinished")
    return Outcome(summarise(state), None)
