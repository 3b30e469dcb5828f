"""Session files: one JSON Lines file per game, a header then one line per action, each fsync'ed.

The file is append-only. Line 1 is the header (versions, scenario id and hash, seed, seats,
teams, pressure, warm-up, when it was created); line n + 1 is action n:
`{"n": n, "action": action.to_dict(), "hash": state_hash after it}`. When the game reaches its
debrief the writer appends an *entry* line, `{"entry": "summary", "after": n, "hash": …,
"summary": {…}}`: not a move of the game (replay skips entries), a summary for readers that do not
replay (game/session/summary.py, docs/cohort.md). A crash can only tear the line being
written; `load` drops such a tail with a warning and `SessionWriter.open` cuts it off before
appending, never a whole line. See docs/sessions.md.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import numpy as np
import platformdirs

from game import __version__
from game.engine import Action, GameState, from_dict, state_hash
from game.session.summary import SUMMARY, summarise

FORMAT = "offsite-session"
FORMAT_VERSION = 1
HEADER_FIELDS: dict[str, type | tuple[type, ...]] = {
    "offsite_version": str,
    "numpy_version": str,
    "scenario": str,
    "scenario_hash": str,
    "seed": int,
    "seats": dict,
    "teams": list,
    "pressure": str,
    "warmup": bool,
    "created": str,
}
HEX64 = re.compile(r"[0-9a-f]{64}")
MAX_HEADER_BYTES = 1 << 20  # a longer first line is not ours: don't read a whole foreign file


class SessionError(Exception):
    """A session file that cannot be used, as one line: `file:line: error: message`."""


def sessions_dir() -> Path:
    """Where session files live unless a path is given: the user's data folder."""
    return platformdirs.user_data_path("offsite") / "sessions"


def default_path(scenario_id: str, seed: int, now: datetime | None = None) -> Path:
    """A new file name in `sessions_dir()`: <timestamp>-<scenario>-<seed>.jsonl, never taken."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", scenario_id) or "scenario"
    folder = sessions_dir()
    path = folder / f"{stamp}-{name}-{seed}.jsonl"
    extra = 2
    while path.exists():
        path = folder / f"{stamp}-{name}-{seed}-{extra}.jsonl"
        extra += 1
    return path


def new_header(
    start: GameState, *, warmup: bool = True, teams: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The header of a session that starts at `start` (the session layer may read the clock)."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "offsite_version": __version__,
        "numpy_version": np.__version__,
        "scenario": start.scenario.meta.id,
        "scenario_hash": start.scenario_hash,
        "seed": start.seed,
        "seats": dict(start.seats),
        "teams": teams if teams is not None else [{"name": "Team 1", "policy": None}],
        "pressure": start.pressure,
        "warmup": warmup,
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def _dumps(data: Mapping[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _sync(file: IO[bytes]) -> None:
    file.flush()
    os.fsync(file.fileno())


class SessionWriter:
    """Appends a game's actions to its session file; every line is flushed and fsync'ed."""

    def __init__(self, path: Path, file: IO[bytes], count: int) -> None:
        self.path = path
        self.count = count  # actions in the file so far
        self._file = file

    @classmethod
    def create(cls, header: Mapping[str, Any], path: Path | None = None) -> SessionWriter:
        """Start a new session file (never overwriting one) and write its header."""
        if path is None:
            path = default_path(str(header["scenario"]), int(header["seed"]))
            path.parent.mkdir(parents=True, exist_ok=True)  # only ours: a typo makes no folders
        file = path.open("xb")  # exclusive: an existing session is never overwritten
        file.write(_dumps(header))
        _sync(file)
        _sync_folder(path.parent)  # so the new file's name survives a crash too
        return cls(path, file, 0)

    @classmethod
    def open(cls, path: Path, count: int) -> SessionWriter:
        """Reopen a session `load` found `count` actions in; cut off a torn last line only."""
        file = path.open("r+b")
        try:
            data = file.read()
            whole = data.rfind(b"\n") + 1
            tail = data[whole:]
            body = data[:whole].split(b"\n")[1:-1]
            lines = sum(1 for raw in body if not _is_entry(raw))  # action lines only
            if tail and lines + 1 == count and _parse_tail(tail, count) is not None:
                file.write(b"\n")  # a whole record that only lost its newline: keep it
            elif tail and lines == count:
                file.truncate(whole)  # only the torn part after the last newline
            elif tail or lines != count:
                raise SessionError(f"{path}: error: the file changed while it was being resumed")
            file.seek(0, os.SEEK_END)
            _sync(file)
        except BaseException:
            file.close()
            raise
        return cls(path, file, count)

    def append(self, action: Action, state: GameState) -> None:
        """Log one action and the hash of the state it led to; on disk when this returns.

        The action that reaches the debrief is followed by the game's summary entry."""
        self.count += 1
        digest = state_hash(state)
        record = {"n": self.count, "action": action.to_dict(), "hash": digest}
        self._file.write(_dumps(record))
        _sync(self._file)
        if state.phase == "over":
            self.append_entry(SUMMARY, state, summarise(state), digest)

    def append_entry(
        self, kind: str, state: GameState, data: Mapping[str, Any], digest: str | None = None
    ) -> None:
        """Log an entry (not a move: replay skips it) about the state after the last action."""
        record = {
            "entry": kind,
            "after": self.count,
            "hash": digest or state_hash(state),
            kind: dict(data),
        }
        self._file.write(_dumps(record))
        _sync(self._file)

    def close(self) -> None:
        """Close the file (everything is already on disk)."""
        self._file.close()

    def __enter__(self) -> SessionWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some systems cannot open a folder; the file itself is synced
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def load(path: Path) -> tuple[dict[str, Any], list[Action], list[str], list[str]]:
    """Read a session file: (header, actions, recorded state hashes, warnings); or SessionError."""
    return load_all(path)[:4]  # type: ignore[return-value]


def read_header(path: Path) -> dict[str, Any]:
    """Only a session file's header (its first line), checked as `load` checks it."""
    where = str(path)
    try:
        with path.open("rb") as file:
            return _header(where, file.readline(MAX_HEADER_BYTES))
    except OSError as exc:
        raise SessionError(f"{where}: error: cannot read: {exc.strerror or exc}") from None


def last_summary(entries: list[dict[str, Any]], actions: int) -> dict[str, Any] | None:
    """The summary entry that describes the game's last action, or None (an undo after the
    debrief leaves an earlier summary behind: it no longer describes the game)."""
    for entry in reversed(entries):
        if entry["entry"] == SUMMARY and entry["after"] == actions:
            return entry
    return None


def load_all(
    path: Path,
) -> tuple[dict[str, Any], list[Action], list[str], list[str], list[dict[str, Any]]]:
    """`load`, plus the file's entries (summaries), each with its line number as "line"."""
    where = str(path)
    try:
        with path.open("rb") as file:
            first = file.readline(MAX_HEADER_BYTES)
            header = _header(where, first)
            rest = file.read()
    except OSError as exc:
        raise SessionError(f"{where}: error: cannot read: {exc.strerror or exc}") from None
    actions: list[Action] = []
    hashes: list[str] = []
    warnings: list[str] = []
    entries: list[dict[str, Any]] = []
    lines = rest.split(b"\n")
    tail = lines.pop()  # after the last newline: empty, or a line the writer did not finish
    for number, raw in enumerate(lines, start=2):
        if _is_entry(raw):
            entry = _entry(where, number, raw, len(actions))
            if hashes and entry["hash"] != hashes[-1]:
                raise SessionError(
                    f"{where}:{number}: error: the {entry['entry']} entry names another state "
                    "than the action before it reached"
                )
            entries.append(entry)
            continue
        action, digest = _record(where, number, raw, len(actions) + 1)
        actions.append(action)
        hashes.append(digest)
    if tail and _is_entry(tail):
        warnings.append(
            f"{where}:{len(lines) + 2}: warning: the last line is an incomplete summary; "
            f"dropped it and kept the {len(actions)} whole actions"
        )
    elif tail:
        number = len(lines) + 2
        kept = _parse_tail(tail, len(actions) + 1)
        if kept is None:
            warnings.append(
                f"{where}:{number}: warning: the last line is incomplete (the game was cut off "
                f"while writing it); dropped it and kept the {len(actions)} whole actions"
            )
        else:
            actions.append(kept[0])
            hashes.append(kept[1])
            warnings.append(f"{where}:{number}: warning: the last line had no newline; kept it")
    return header, actions, hashes, warnings, entries


def _is_entry(raw: bytes) -> bool:
    """Whether a line is an entry rather than an action (entries start with their kind)."""
    return raw.startswith(b'{"entry":')


def _entry(where: str, number: int, raw: bytes, after: int) -> dict[str, Any]:
    """One whole entry line written after action `after`, or SessionError naming the line."""
    prefix = f"{where}:{number}: error:"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SessionError(f"{prefix} not a JSON record (garbled)") from None
    kind = data.get("entry") if isinstance(data, dict) else None
    if not isinstance(kind, str) or set(data) != {"entry", "after", "hash", kind}:
        raise SessionError(f'{prefix} an entry line has "entry", "after", "hash" and its data')
    if data["after"] != after:
        raise SessionError(
            f"{prefix} an entry after action {data['after']!r} follows action {after}"
        )
    if not isinstance(data["hash"], str) or not HEX64.fullmatch(data["hash"]):
        raise SessionError(f'{prefix} "hash" should be 64 hex digits, got {data["hash"]!r}')
    if not isinstance(data[kind], dict):
        raise SessionError(f"{prefix} the {kind} entry's data should be a mapping")
    data["line"] = number
    return data


def _header(where: str, first: bytes) -> dict[str, Any]:
    if not first:
        raise SessionError(f"{where}:1: error: the file is empty: a session starts with a header")
    if not first.endswith(b"\n"):
        if len(first) >= MAX_HEADER_BYTES:
            raise SessionError(f"{where}:1: error: not an Offsite session (no header line)")
        raise SessionError(
            f"{where}:1: error: the session header is incomplete (cut off while the file was "
            "being created); there are no actions in it to recover"
        )
    try:
        header = json.loads(first.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SessionError(
            f"{where}:1: error: not an Offsite session (the first line is not a JSON header)"
        ) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise SessionError(
            f'{where}:1: error: not an Offsite session (the first line has no "format": "{FORMAT}")'
        )
    version = header.get("format_version")
    if version != FORMAT_VERSION:
        raise SessionError(
            f"{where}:1: error: session format {version!r}; this Offsite reads format "
            f"{FORMAT_VERSION} (written by Offsite {header.get('offsite_version', '?')})"
        )
    for key, kind in HEADER_FIELDS.items():
        value = header.get(key)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SessionError(
                f"{where}:1: error: header: '{key}' should be a {_name(kind)}, got {value!r}"
            )
    teams = header["teams"]
    if not teams or not all(isinstance(t, dict) and isinstance(t.get("name"), str) for t in teams):
        raise SessionError(f"{where}:1: error: header: 'teams' lists teams, each with a \"name\"")
    return header


def _name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "whole number", dict: "mapping", list: "list", bool: "true/false"}
    return names.get(kind, str(kind)) if isinstance(kind, type) else "value"


def _record(where: str, number: int, raw: bytes, n: int) -> tuple[Action, str]:
    """One whole action line, or SessionError naming the line."""
    prefix = f"{where}:{number}: error:"
    if not raw.strip():
        raise SessionError(f"{prefix} a blank line (session files have none); remove it to go on")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SessionError(
            f"{prefix} not a JSON record (garbled); the {n - 1} actions before it are intact"
        ) from None
    if not isinstance(data, dict) or set(data) != {"n", "action", "hash"}:
        raise SessionError(f'{prefix} an action line has exactly "n", "action" and "hash"')
    if data["n"] != n:
        raise SessionError(f"{prefix} expected action n={n}, found n={data['n']!r}")
    if not isinstance(data["hash"], str) or not HEX64.fullmatch(data["hash"]):
        raise SessionError(f'{prefix} "hash" should be 64 hex digits, got {data["hash"]!r}')
    try:
        action = from_dict(data["action"])
    except (ValueError, TypeError) as exc:
        raise SessionError(f"{prefix} action {n}: {exc}") from None
    return action, data["hash"]


def _parse_tail(tail: bytes, n: int) -> tuple[Action, str] | None:
    """A last line without a newline: the record, when it is whole, or None when torn."""
    try:
        return _record("", 0, tail, n)
    except SessionError:
        return None
