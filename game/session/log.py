"""Session files: one JSON Lines file per game, a header then one line per action, each fsync'ed.

The file is append-only. Line 1 is the header (versions, scenario id and hash, seed, seats,
teams, pressure, warm-up, when it was created) and its `seal`, the sha256 of the rest of it;
line n + 1 is action n: `{"n": n, "action": action.to_dict(), "hash": state_hash after it,
"chain": sha256 of the previous line's seal or chain and this record}`. So the header is part of
the hash chain: a changed header or line is named by `load`. When the game reaches its debrief
the writer appends an *entry* line, `{"entry": "summary", "after": n, "hash": …, "summary": {…},
"chain": …}`: not a move of the game (replay skips entries), a summary for readers that do not
replay (game/session/summary.py, docs/cohort.md). A crash can only tear the line being
written; `load` drops such a tail with a warning and `SessionWriter.open` cuts it off before
appending, never a whole line. One writer at a time holds an OS lock on the file, and
every write is an O_APPEND write, which cannot land anywhere but the end. Format 1 files
(unsealed) are still read and appended to as format 1. See docs/sessions.md.
"""

from __future__ import annotations

import hashlib
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
from game.engine import Action, GameState, HashMemo, from_dict, state_hash
from game.scenario import MAX_QUARTERS
from game.scenario.text_rules import text_problem
from game.session.atomic import sync_folder
from game.session.summary import SUMMARY, summarise

try:
    import fcntl
except ImportError:  # not a POSIX system: no lock (docs/sessions.md says so)
    fcntl = None  # type: ignore[assignment]

FORMAT = "offsite-session"
FORMAT_VERSION = 2  # 2: sealed header and chained lines; 1: neither (still read, see _header)
READS = (1, 2)
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
SCENARIO_ID = re.compile(r"[a-z][a-z0-9_]{0,47}")  # the scenario model's Id: a name, never a path
MAX_HEADER_BYTES = 1 << 20  # a longer first line is not ours: don't read a whole foreign file


class SessionError(Exception):
    """A session file that cannot be used, as one line: `file:line: error: message`.

    `line` is the file line it names, when it names one."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _canonical(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal_of(header: Mapping[str, Any]) -> str:
    """The header's seal: sha256 of its canonical JSON without the seal itself."""
    return hashlib.sha256(_canonical({k: v for k, v in header.items() if k != "seal"})).hexdigest()


def chain_of(previous: str, record: Mapping[str, Any]) -> str:
    """A line's link: sha256 of the line before it (its seal or chain) and this record (an
    action or an entry) without its own chain."""
    body = {k: v for k, v in record.items() if k != "chain"}
    return hashlib.sha256(previous.encode("ascii") + _canonical(body)).hexdigest()


def sealed(header: Mapping[str, Any]) -> dict[str, Any]:
    """The header with its seal (a format 2 header); a format 1 header is left as it is."""
    out = {k: v for k, v in header.items() if k != "seal"}
    if out.get("format_version") == FORMAT_VERSION:
        out["seal"] = seal_of(out)
    return out


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


def team_path(first: Path, index: int) -> Path:
    """Team 1 uses the session file itself; team k its sibling `<name>-team<k>.jsonl`."""
    return first if index == 0 else first.with_name(f"{first.stem}-team{index + 1}{first.suffix}")


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
    } | ({"quarters": start.quarters} if start.quarters != 1 else {})


def _dumps(data: Mapping[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _sync(file: IO[bytes]) -> None:
    file.flush()
    os.fsync(file.fileno())


def _lock(path: Path, file: IO[bytes]) -> None:
    """Take the file's one writer lock, or SessionError when another writer holds it.

    An advisory flock on the open file: released when the file is closed or the process dies
    (a crashed game never leaves a stale lock behind)."""
    if fcntl is None:
        return
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SessionError(
            f"{path}: error: another Offsite is writing this session right now (a game still "
            "open in another window or terminal): close that game first, then resume"
        ) from None


def _open_append(path: Path, flags: int) -> IO[bytes]:
    """The file opened for appending only (O_APPEND: every write lands at the end)."""
    fd = os.open(path, flags | os.O_APPEND, 0o666)
    return os.fdopen(fd, "r+b" if flags & os.O_RDWR else "ab")


class SessionWriter:
    """Appends a game's actions to its session file; every line is flushed and fsync'ed.

    The writer holds the file's lock until it is closed: a second writer is refused."""

    def __init__(self, path: Path, file: IO[bytes], count: int, link: str | None) -> None:
        self.path = path
        self.count = count  # actions in the file so far
        self._file = file
        self._link = link  # the last line's seal or chain; None in a format 1 file
        self._hashes = HashMemo()  # each state shares most of itself with the one before

    @classmethod
    def create(cls, header: Mapping[str, Any], path: Path | None = None) -> SessionWriter:
        """Start a new session file (never overwriting one) and write its sealed header."""
        if path is None:
            path = default_path(str(header["scenario"]), int(header["seed"]))
            path.parent.mkdir(parents=True, exist_ok=True)  # only ours: a typo makes no folders
        if path.is_dir():
            raise SessionError(
                f"{path}: error: is a folder: give the session a file name, such as "
                f"{path / 'game.jsonl'}"
            )
        head = sealed(header)
        # Exclusive: an existing session is never overwritten.
        file = _open_append(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        try:
            _lock(path, file)
            file.write(_dumps(head))
            _sync(file)
        except BaseException:
            file.close()
            path.unlink(missing_ok=True)  # ours, made just now: no half-written header stays
            raise
        sync_folder(path.parent)  # so the new file's name survives a crash too
        return cls(path, file, 0, head.get("seal"))

    @classmethod
    def open(cls, path: Path, count: int) -> SessionWriter:
        """Reopen a session `load` found `count` actions in; cut off a torn last line only."""
        try:
            file = _open_append(path, os.O_RDWR)
        except OSError as exc:
            raise SessionError(f"{path}: error: cannot write: {exc.strerror or exc}") from None
        try:
            _lock(path, file)
            data = file.read()  # under the lock: what is checked is what is appended to
            header, actions, _hashes, links, _warnings, _entries = _parse(str(path), data)
            whole = data.rfind(b"\n") + 1
            body = data[:whole].split(b"\n")[1:-1]
            lines = sum(1 for raw in body if not _is_entry(raw))  # action lines only
            if len(actions) != count:
                raise SessionError(f"{path}: error: the file changed while it was being resumed")
            if whole < len(data):
                if lines + 1 == count and not _is_entry(data[whole:]):
                    file.write(b"\n")  # a whole record that only lost its newline: keep it
                else:
                    file.truncate(whole)  # only the torn part after the last newline
            _sync(file)
        except BaseException:
            file.close()
            raise
        last = links[-1] if links else header.get("seal")
        return cls(path, file, count, last)

    def append(self, action: Action, state: GameState) -> None:
        """Log one action and the hash of the state it led to; on disk when this returns.

        The action that reaches the debrief is followed by the game's summary entry."""
        self.count += 1
        digest = state_hash(state, self._hashes)
        self._write({"n": self.count, "action": action.to_dict(), "hash": digest})
        if state.phase == "over":
            self.append_entry(SUMMARY, state, summarise(state), digest)

    def append_entry(
        self, kind: str, state: GameState, data: Mapping[str, Any], digest: str | None = None
    ) -> None:
        """Log an entry (not a move: replay skips it) about the state after the last action."""
        self._write(
            {
                "entry": kind,
                "after": self.count,
                "hash": digest or state_hash(state, self._hashes),
                kind: dict(data),
            }
        )

    def _write(self, record: dict[str, Any]) -> None:
        """One line, chained to the one before it (format 2), on disk when this returns."""
        if self._link is not None:
            self._link = record["chain"] = chain_of(self._link, record)
        self._file.write(_dumps(record))
        _sync(self._file)

    def close(self) -> None:
        """Close the file (everything is already on disk)."""
        self._file.close()

    def __enter__(self) -> SessionWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def load(path: Path) -> tuple[dict[str, Any], list[Action], list[str], list[str]]:
    """Read a session file: (header, actions, recorded state hashes, warnings); or SessionError.

    The header's seal and every line's chain are checked (format 2): a line changed after it
    was written is an error naming it."""
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
            _header(where, first)  # a foreign or huge file is refused before reading it all
            data = first + file.read()
    except OSError as exc:
        raise SessionError(f"{where}: error: cannot read: {exc.strerror or exc}") from None
    header, actions, hashes, _links, warnings, entries = _parse(where, data)
    return header, actions, hashes, warnings, entries


def _parse(
    where: str, data: bytes
) -> tuple[
    dict[str, Any],
    list[Action],
    list[str],
    list[str | None],
    list[str],
    list[dict[str, Any]],
]:
    """A whole file's bytes: (header, actions, state hashes, chain links of every line,
    warnings, entries)."""
    end = data.find(b"\n")
    first, rest = (data, b"") if end < 0 else (data[: end + 1], data[end + 1 :])
    header = _header(where, first[:MAX_HEADER_BYTES])
    version = header["format_version"]
    link: str | None = header.get("seal") if version >= 2 else None
    actions: list[Action] = []
    hashes: list[str] = []
    links: list[str | None] = []
    warnings: list[str] = []
    entries: list[dict[str, Any]] = []
    if version < 2:
        warnings.append(
            f"{where}:1: note: session format {version}, from before sessions were sealed: "
            "its header cannot be checked (offsite replay --upgrade writes a sealed copy)"
        )
    lines = rest.split(b"\n")
    tail = lines.pop()  # after the last newline: empty, or a line the writer did not finish
    for number, raw in enumerate(lines, start=2):
        if _is_entry(raw):
            entry, link = _entry(where, number, raw, len(actions), link)
            if hashes and entry["hash"] != hashes[-1]:
                raise SessionError(
                    f"{where}:{number}: error: the {entry['entry']} entry names another state "
                    "than the action before it reached",
                    number,
                )
            entries.append(entry)
            links.append(link)
            continue
        action, digest, link = _record(where, number, raw, len(actions) + 1, link)
        actions.append(action)
        hashes.append(digest)
        links.append(link)
    if tail and _is_entry(tail):
        warnings.append(
            f"{where}:{len(lines) + 2}: warning: the last line is an incomplete summary; "
            f"dropped it and kept the {len(actions)} whole actions"
        )
    elif tail:
        number = len(lines) + 2
        kept = _parse_tail(where, number, tail, len(actions) + 1, link)
        if kept is None:
            warnings.append(
                f"{where}:{number}: warning: the last line is incomplete (the game was cut off "
                f"while writing it); dropped it and kept the {len(actions)} whole actions"
            )
        else:
            actions.append(kept[0])
            hashes.append(kept[1])
            links.append(kept[2])
            warnings.append(f"{where}:{number}: warning: the last line had no newline; kept it")
    return header, actions, hashes, links, warnings, entries


def _is_entry(raw: bytes) -> bool:
    """Whether a line is an entry rather than an action (entries start with their kind)."""
    return raw.startswith(b'{"entry":')


def _entry(
    where: str, number: int, raw: bytes, after: int, previous: str | None
) -> tuple[dict[str, Any], str | None]:
    """One whole entry line written after action `after` and its chain link (None in format
    1), or SessionError naming the line."""
    prefix = f"{where}:{number}: error:"

    def error(message: str) -> SessionError:
        return SessionError(f"{prefix} {message}", number)

    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise error("not a JSON record (garbled)") from None
    kind = data.get("entry") if isinstance(data, dict) else None
    chained = {"chain"} if previous is not None else set()
    if not isinstance(kind, str) or set(data) != {"entry", "after", "hash", kind} | chained:
        also = ' and "chain"' if chained else ""
        raise error(f'an entry line has "entry", "after", "hash", its data{also}')
    if data["after"] != after:
        raise error(f"an entry after action {data['after']!r} follows action {after}")
    if not isinstance(data["hash"], str) or not HEX64.fullmatch(data["hash"]):
        raise error(f'"hash" should be 64 hex digits, got {data["hash"]!r}')
    if not isinstance(data[kind], dict):
        raise error(f"the {kind} entry's data should be a mapping")
    link = None
    if previous is not None:
        link = chain_of(previous, data)
        if data["chain"] != link:
            raise error(
                f"the {kind} entry was changed after it was written (its chain does not follow "
                f"from the lines before it); the {after} actions before it are intact"
            )
    data["line"] = number
    return data, link


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
    if version not in READS or isinstance(version, bool):
        raise SessionError(
            f"{where}:1: error: session format {version!r}; this Offsite reads formats "
            f"{', '.join(map(str, READS))} "
            f"(written by Offsite {header.get('offsite_version', '?')})",
            1,
        )
    if version >= 2 and header.get("seal") != seal_of(header):
        raise SessionError(
            f"{where}:1: error: the header was changed after the session began (its seal does "
            "not match): its teams, policy, seats or options are not the ones played; put the "
            "original file back",
            1,
        )
    for key, kind in HEADER_FIELDS.items():
        value = header.get(key)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SessionError(
                f"{where}:1: error: header: '{key}' should be a {_name(kind)}, got {value!r}", 1
            )
    if not SCENARIO_ID.fullmatch(header["scenario"]):
        raise SessionError(
            f"{where}:1: error: header: 'scenario' should be a scenario id (such as northwind), "
            f"got {header['scenario']!r}",
            1,
        )
    quarters = header.get("quarters", 1)  # written only when not 1 (docs/sessions.md)
    if (
        isinstance(quarters, bool)
        or not isinstance(quarters, int)
        or not 1 <= quarters <= MAX_QUARTERS
    ):
        raise SessionError(
            f"{where}:1: error: header: 'quarters' should be a whole number from 1 to "
            f"{MAX_QUARTERS}, "
            f"got {quarters!r}",
            1,
        )
    teams = header["teams"]
    if not teams or not all(isinstance(t, dict) and isinstance(t.get("name"), str) for t in teams):
        raise SessionError(
            f"{where}:1: error: header: 'teams' lists teams, each with a \"name\"", 1
        )
    for team in teams:
        problem = text_problem(team["name"])
        if problem is not None:
            raise SessionError(f"{where}:1: error: header: team name: {problem}", 1)
    return header


def _name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "whole number", dict: "mapping", list: "list", bool: "true/false"}
    return names.get(kind, str(kind)) if isinstance(kind, type) else "value"


def _record(
    where: str, number: int, raw: bytes, n: int, previous: str | None
) -> tuple[Action, str, str | None]:
    """One whole action line and its chain link (None in format 1), or SessionError naming it."""
    prefix = f"{where}:{number}: error:"

    def error(message: str) -> SessionError:
        return SessionError(f"{prefix} {message}", number)

    if not raw.strip():
        raise error("a blank line (session files have none); remove it to go on")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise error(
            f"not a JSON record (garbled); the {n - 1} actions before it are intact"
        ) from None
    keys = {"n", "action", "hash"} | ({"chain"} if previous is not None else set())
    if not isinstance(data, dict) or set(data) != keys:
        names = [f'"{k}"' for k in ("n", "action", "hash", "chain") if k in keys]
        raise error(f"an action line has exactly {', '.join(names[:-1])} and {names[-1]}")
    if data["n"] != n:
        raise error(f"expected action n={n}, found n={data['n']!r}")
    if not isinstance(data["hash"], str) or not HEX64.fullmatch(data["hash"]):
        raise error(f'"hash" should be 64 hex digits, got {data["hash"]!r}')
    link = None
    if previous is not None:
        try:
            link = chain_of(previous, data)
        except (TypeError, ValueError):
            link = None
        if data["chain"] != link:
            raise error(
                f"action {n} was changed after it was written (its chain does not follow from "
                f"the lines before it); the {n - 1} actions before it are intact: put the "
                f"original file back, or cut the file after line {number - 1} to go on from there"
            )
    try:
        action = from_dict(data["action"])
    except (ValueError, TypeError) as exc:
        raise error(f"action {n}: {exc}") from None
    return action, data["hash"], link


def _parse_tail(
    where: str, number: int, tail: bytes, n: int, previous: str | None
) -> tuple[Action, str, str | None] | None:
    """A last line without a newline: the record when it is whole JSON (checked like any
    other line), or None when it is torn (a record cut short is never whole JSON: it ends with
    the closing brace)."""
    try:
        json.loads(tail.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return _record(where, number, tail, n, previous)
