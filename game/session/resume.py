"""Bring a saved session back: find its scenario, rebuild its game (`game.session.rebuild`),
check its hashes (docs/sessions.md)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game import __version__
from game.engine import Action, GameState, new_game
from game.scenario import Scenario, builtin_path, is_builtin, load_scenario, scenario_hash
from game.session.atomic import publish, temporary_name
from game.session.log import FORMAT_VERSION, SessionError, SessionWriter, new_header, team_path
from game.session.rebuild import Replayed, read_session, rebuild, rebuild_file


@dataclass
class Resumed:
    """A session ready to go on: its replayed log, the file to append to and what to tell."""

    path: Path
    header: dict[str, Any]
    scenario: Scenario
    replayed: Replayed
    notes: list[str] = field(default_factory=list)
    rebased: bool = False  # replayed onto a changed scenario: goes on in a new file


def versions_differ(header: dict[str, Any]) -> str | None:
    """Why the session's versions are not this program's, or None when they are the same."""
    was = (header["offsite_version"], header["numpy_version"])
    now = (__version__, np.__version__)
    if was == now:
        return None
    return (
        f"written by Offsite {was[0]} with numpy {was[1]}; this is Offsite {now[0]} "
        f"with numpy {now[1]}"
    )


def short_hashes(a: str, b: str, least: int = 12) -> tuple[str, str]:
    """Two hashes cut short enough to read and long enough to differ: `8562e39db8b7…`."""
    n = least
    while n < max(len(a), len(b)) and a[:n] == b[:n]:
        n += 4
    return (a[:n] + "…" if n < len(a) else a), (b[:n] + "…" if n < len(b) else b)


def find_scenario(
    path: Path, header: dict[str, Any], given: Path | None, option: str = "as SCENARIO"
) -> tuple[Scenario, Path]:
    """The session's scenario and its file: the file given, else the built-in one the header
    names. The header's scenario is an id (checked by `load`) and its hash, never a path: only
    an exact built-in name is looked up."""
    if given is None:
        if not is_builtin(header["scenario"]):
            raise SessionError(
                f"{path}:1: error: the session was played on scenario '{header['scenario']}', "
                f"which is not built in: give its file {option}",
                1,
            )
        given = builtin_path(header["scenario"])
    return load_scenario(given), given  # a broken file raises ScenarioError with its problems


def needs_scenario_file(state: GameState) -> bool:
    """Whether replaying this game needs its scenario's file: it is not built in, or the
    built-in one of that name is not the version it was played on (an edited copy)."""
    name = state.scenario.meta.id
    if not is_builtin(name):
        return True
    return scenario_hash(load_scenario(builtin_path(name))) != state.scenario_hash


def report_command(files: Sequence[Path], state: GameState, scenario_file: Path | None) -> str:
    """The command that writes the report of these session files (docs/report.md), each path
    in full and quoted for a shell, with `--scenario FILE` when the game's scenario is not the
    built-in one `find_scenario` would take: `offsite report /…/20261204-…-northwind-1.jsonl`."""
    words = ["offsite", "report", *(str(Path(f).absolute()) for f in files)]
    if scenario_file is not None and needs_scenario_file(state):
        words += ["--scenario", str(Path(scenario_file).absolute())]
    return shlex.join(words)


def check_scenario(
    path: Path,
    header: dict[str, Any],
    scenario: Scenario,
    source: Path,
    rebase: bool = False,
    option: str = "as SCENARIO",
    rebase_option: str | None = "--new-scenario",
) -> str:
    """The scenario's hash; SessionError with the reason when it is not the session's (with
    `rebase`, a changed version of the session's scenario is accepted). `option` and
    `rebase_option` are how the command asking takes a scenario file and a rebase (None: it
    cannot rebase), so the hint names only what the command has."""
    digest = scenario_hash(scenario)
    same = scenario.meta.id == header["scenario"]
    if digest == header["scenario_hash"] or (rebase and same):
        return digest
    what = "has changed since" if same else f"is another scenario ('{scenario.meta.id}')"
    was, now = short_hashes(header["scenario_hash"], digest)
    hint = ""
    if same and rebase_option:
        hint = f", or add {rebase_option} to replay the actions onto this one"
    raise SessionError(
        f"{path}:1: error: the session was played on scenario '{header['scenario']}' "
        f"(hash {was}); {source} {what} (hash {now}): "
        f"give the original scenario file {option}{hint}",
        1,
    )


def resume(
    path: Path,
    given: Path | None = None,
    rebase: bool = False,
    option: str = "as SCENARIO",
    rebase_option: str | None = "--new-scenario",
) -> Resumed:
    """Load a session, replay its logged actions and say whether (and how) it may go on.

    `option` and `rebase_option` name how the asking command takes a scenario file and a
    rebase onto a changed scenario (None: it has no such option), for the messages."""
    session = read_session(path)
    header, actions, notes = session.header, session.actions, list(session.warnings)
    scenario, source = find_scenario(path, header, given, option)
    digest = check_scenario(path, header, scenario, source, rebase, option, rebase_option)
    rebased = digest != header["scenario_hash"]
    # Onto a changed scenario every state hash differs (the scenario's hash is in the state).
    replayed = rebuild_file(session, scenario, digest=digest)
    other = versions_differ(header)
    if replayed.mismatch is not None and other is None:
        raise SessionError(
            f"{path}:{replayed.mismatch}: error: the state after this action differs from the "
            "one recorded: the file was edited, or the game is not deterministic "
            f"(offsite replay {path} tells more)"
        )
    if replayed.rejected:
        raise SessionError(replayed.rejected + (f" ({other})" if other else ""))
    if rebased:
        was, now = short_hashes(header["scenario_hash"], digest)
        notes.append(
            f"{path}: note: {source} has changed since the session (hash "
            f"{was} → {now}); all {len(actions)} logged "
            f"actions still apply to it, so the game goes on there, in "
            f"{rebased_path(path, digest)} ({path} stays as it is)"
        )
    elif other:
        agree = (
            "every recorded state hash matches"
            if replayed.mismatch is None
            else f"the state hashes differ from line {replayed.mismatch}"
        )
        notes.append(f"{path}: note: {other}; its actions still apply and {agree}")
    return Resumed(path, header, scenario, replayed, notes, rebased)


_ON = re.compile(r"(-on-[0-9a-f]{8})+$")  # what rebased_path adds to a name


def rebased_path(path: Path, digest: str) -> Path:
    """Where a session replayed onto a changed scenario goes on (the old file stays as it is):
    `<first>-on-<hash>.jsonl`, named after the first file of the game however often it was
    rebased, so each version of the scenario has one continuation file."""
    first = _ON.sub("", path.stem)
    return path.with_name(f"{first}-on-{digest[:8]}{path.suffix or '.jsonl'}")


def open_writer(resumed: Resumed) -> SessionWriter:
    """The writer to go on with: the same file, or a new one when the scenario changed."""
    replayed = resumed.replayed
    if not resumed.rebased:
        return SessionWriter.open(resumed.path, len(replayed.steps))
    path = rebased_path(resumed.path, replayed.start.scenario_hash)
    return write_rebuilt(path, rebased_header(resumed), replayed)


def rebased_header(resumed: Resumed) -> dict[str, Any]:
    """The header of the file a game rebuilt onto a changed scenario goes on in: the old
    header's teams and warm-up, the new scenario's hash, and `rebased_from` the old file."""
    header = new_header(
        resumed.replayed.start, warmup=resumed.header["warmup"], teams=resumed.header["teams"]
    )
    header["rebased_from"] = {
        "session": resumed.path.name,
        "scenario_hash": resumed.header["scenario_hash"],
    }
    return header


def rebuild_onto(
    scenario: Scenario,
    state: GameState,
    actions: Sequence[Action],
    writer: SessionWriter | None,
    name: str = "the game",
) -> Resumed:
    """A game rebuilt onto a new version of its scenario (`play --watch`), the one way every
    game is rebuilt: from its session file's header and actions when it is recorded (all of
    them, also those from before a resume), else from the game in memory (`state` and every
    action since it began; `name` stands for the file in messages). The result's `rejected`
    names the first action that no longer applies; SessionError when the file cannot be read."""
    digest = scenario_hash(scenario)
    if writer is not None:
        session = read_session(writer.path)
        replayed = rebuild_file(session, scenario, digest=digest)
        return Resumed(writer.path, session.header, scenario, replayed, [], rebased=True)
    header = new_header(state, warmup=state.warmup_on)
    replayed = rebuild(name, header, actions, scenario, digest=digest)
    return Resumed(Path(name), header, scenario, replayed, [], rebased=True)


def go_on_rebuilt(
    rebuilt: Sequence[Resumed],
    writers: Sequence[SessionWriter | None],
    ours: Collection[Path] = (),
) -> list[SessionWriter | None]:
    """Each team's game, rebuilt onto a changed scenario, goes on in a new file (its old one is
    closed and stays as it is): team 1 in `<first>-on-<hash>.jsonl`, team k beside it as
    `team_path` names it, so a later `--resume` finds them all. Unrecorded games stay so.
    A file of that name in `ours` (written earlier by the same watching game, for the same
    version, and holding part of this very game) is replaced; any other is never touched."""
    out: list[SessionWriter | None] = []
    first: Path | None = None
    for i, (back, old) in enumerate(zip(rebuilt, writers, strict=True)):
        if old is None:
            out.append(None)
            continue
        old.close()
        first = first or rebased_path(back.path, back.replayed.start.scenario_hash)
        path = team_path(first, i)
        if path in ours and path != old.path:
            path.unlink(missing_ok=True)  # this game is in `old`, whole: nothing is lost
        out.append(write_rebuilt(path, rebased_header(back), back.replayed))
    return out


def restart_on(
    scenario: Scenario,
    states: Sequence[GameState],
    writers: Sequence[SessionWriter | None],
    ours: Collection[Path] = (),
) -> tuple[list[GameState], list[SessionWriter | None]]:
    """Every team's game started again on a new version of its scenario (`play --watch`, when
    the game so far no longer applies to it): the same seed, seats, pressure and warm-up, in
    the files `go_on_rebuilt` would use (the old files are closed and stay as they are)."""
    digest = scenario_hash(scenario)
    starts = [
        new_game(
            scenario,
            s.seed,
            dict(s.seats),
            scenario_hash=digest,
            pressure=s.pressure,
            warmup=s.warmup_on,
            quarters=s.quarters,
        )
        for s in states
    ]
    out: list[SessionWriter | None] = []
    first: Path | None = None
    for i, (start, old) in enumerate(zip(starts, writers, strict=True)):
        if old is None:
            out.append(None)
            continue
        teams = read_session(old.path).header["teams"]
        old.close()
        first = first or rebased_path(old.path, digest)
        path = team_path(first, i)
        if path in ours and path != old.path:
            path.unlink(missing_ok=True)  # an earlier try on this version, made by this game
        out.append(
            SessionWriter.create(new_header(start, warmup=start.warmup_on, teams=teams), path)
        )
    return starts, out


def write_rebuilt(path: Path, header: dict[str, Any], replayed: Replayed) -> SessionWriter:
    """A new session file at `path` holding a rebuilt game (every step with the hash of the
    state it reached), open to go on with; the file it was rebuilt from stays as it is."""
    writer = SessionWriter.create(header, path)
    for step in replayed.steps:
        writer.append(step.action, step.state)
    return writer


def upgrade(path: Path, header: dict[str, Any], replayed: Replayed, out: Path) -> Path:
    """Write a sealed (current format) copy of an older session that replayed, to `out`.

    The copy keeps the header's fields (versions, creation time, teams) and every action with
    its recorded state hash; `upgraded_from` names the old file. SessionError when the session
    is already sealed or `out` exists."""
    if header["format_version"] >= FORMAT_VERSION:
        raise SessionError(
            f"{path}:1: error: already session format {header['format_version']} (sealed): "
            "nothing to upgrade"
        )
    new = {k: v for k, v in header.items() if k != "seal"}
    new["format_version"] = FORMAT_VERSION
    new["upgraded_from"] = {"session": path.name, "format_version": header["format_version"]}
    if out.exists():
        raise SessionError(f"{out}: error: the file is already there: choose another")
    building = temporary_name(out)
    try:
        with SessionWriter.create(new, building) as writer:
            for step in replayed.steps:
                writer.append(step.action, step.state)
        publish(building, out, overwrite=False)  # whole or not at all, never over a file
    except FileExistsError:
        raise SessionError(f"{out}: error: the file is already there: choose another") from None
    except OSError as exc:
        building.unlink(missing_ok=True)
        raise SessionError(f"{out}: error: cannot write: {exc.strerror or exc}") from None
    return out
