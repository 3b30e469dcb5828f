"""Which files a cohort reads: session files, folders and globs, each header checked.

A header is read through the session package (`read_header`), so a file that is not an
Offsite session, is empty, has a torn header or a format this Offsite cannot read is named with
the same message `offsite replay` gives, and left out: never fatal. Headers are streamed into a
JSON Lines file for DuckDB, one small row per session, so memory does not grow with the files'
contents.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from game.session.log import SessionError, read_header


@dataclass(frozen=True)
class Problem:
    """A file left out of the cohort (or only partly used), and why, in one line."""

    file: str
    kind: str  # "broken", "foreign", "unfinished", "unscored", "no scenario"
    message: str


@dataclass
class Found:
    """What `expand` found: the session candidates and the arguments that named nothing."""

    files: list[Path] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def expand(args: Sequence[str]) -> Found:
    """Files, folders (every file below them) and globs, each file once, in a stable order."""
    found = Found()
    seen: set[Path] = set()

    def add(paths: Iterable[Path]) -> None:
        for path in paths:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                found.files.append(path)

    for arg in args:
        path = Path(arg)
        if path.is_dir():
            add(in_folder(path))
        elif path.is_file():
            add([path])
        elif glob.has_magic(arg):
            matched = sorted(Path(p) for p in glob.glob(arg, recursive=True))
            files = [p for p in matched if p.is_file()]
            for folder in (p for p in matched if p.is_dir()):
                files += in_folder(folder)
            if not files:
                found.missing.append(arg)
            add(files)
        else:
            found.missing.append(arg)
    return found


def in_folder(folder: Path) -> list[Path]:
    """Every file below a folder but hidden ones (a file that is not a session is named as
    foreign in the report, so a stray file is seen, not silently skipped)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


HEADER_ROW = (
    "scenario",
    "scenario_hash",
    "seed",
    "pressure",
    "created",
    "offsite_version",
    "numpy_version",
)


def header_row(path: Path, header: dict[str, Any]) -> dict[str, Any]:
    """The header facts a cohort tabulates (names of teams and seats kept as given)."""
    row = {key: header.get(key) for key in HEADER_ROW}
    seats = header.get("seats") or {}
    teams = header.get("teams") or []
    row.update(
        file=str(path),
        abspath=str(path.resolve()),
        folder=path.parent.name or ".",
        format_version=header.get("format_version"),
        team=" & ".join(str(t.get("name", "")) for t in teams if isinstance(t, dict)) or "Team",
        policy=next((t.get("policy") for t in teams if isinstance(t, dict)), None),
        people=sum(1 for by in seats.values() if by == "person"),
        computers=sum(1 for by in seats.values() if by == "computer"),
        seats=len(seats),
        teams=len(teams),
    )
    return row


def screen(
    files: Iterator[Path] | Sequence[Path],
    out: IO[str],
    problems: list[Problem],
    tick: Callable[[], None] = lambda: None,
) -> list[Path]:
    """Check every file's header; write a row per session to `out`; the sessions' paths."""
    good = []
    for path in files:
        tick()
        try:
            header = read_header(path)
        except SessionError as exc:
            message = str(exc)
            kind = "foreign" if "not an Offsite session" in message else "broken"
            problems.append(Problem(str(path), kind, message))
            continue
        out.write(json.dumps(header_row(path, header), ensure_ascii=False) + "\n")
        good.append(path)
    return good
