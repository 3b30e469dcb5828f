"""Bring a saved session back: find its scenario, re-apply its logged actions, check its hashes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from game import __version__
from game.engine import Action, GameState, Rejection, apply, new_game, state_hash
from game.scenario import Scenario, builtin_path, is_builtin, load_scenario, scenario_hash
from game.session.atomic import publish, temporary_name
from game.session.autoplay import Step
from game.session.log import FORMAT_VERSION, SessionError, SessionWriter, load, new_header


@dataclass(frozen=True)
class Replayed:
    """What re-applying a session's log gave: the steps taken and where it went wrong, if it did."""

    start: GameState
    steps: list[Step]
    rejected: str | None = None  # `file:line: error: ...` for an action the rules refuse
    mismatch: int | None = None  # the first file line whose recorded hash differs

    @property
    def state(self) -> GameState:
        """The last state reached."""
        return self.steps[-1].state if self.steps else self.start

    @property
    def before(self) -> list[GameState]:
        """The state before each applied action (what a policy decided on)."""
        return [self.start] + [s.state for s in self.steps[:-1]]


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


def start_state(path: Path, header: dict[str, Any], scenario: Scenario, digest: str) -> GameState:
    """The session's first state, from its header."""
    try:
        return new_game(
            scenario,
            header["seed"],
            header["seats"],
            scenario_hash=digest,
            pressure=header["pressure"],
            warmup=header["warmup"],
        )
    except Rejection as exc:
        raise SessionError(f"{path}:1: error: header: {exc.message}") from None


def replay_log(
    path: Path,
    start: GameState,
    actions: list[Action],
    hashes: list[str] | None,
    stop_at_mismatch: bool = False,
) -> Replayed:
    """Apply the logged actions as given; note the first rejected one and the first hash that
    differs (`hashes` None: don't compare)."""
    steps: list[Step] = []
    state, mismatch = start, None
    for n, action in enumerate(actions, start=1):
        line = n + 1
        try:
            state, events = apply(state, action)
        except Rejection as exc:
            reason = f"is rejected: {exc.message}"
        except Exception as exc:  # a hand-edited action the rules cannot even read
            reason = f"cannot be applied ({type(exc).__name__}: {exc})"
        else:
            steps.append(Step(action, events, state))
            if mismatch is None and hashes is not None and state_hash(state) != hashes[n - 1]:
                mismatch = line
                if stop_at_mismatch:
                    break
            continue
        rejected = f"{path}:{line}: error: action {n} ({action.kind}, {action.role}) {reason}"
        return Replayed(start, steps, rejected, mismatch)
    return Replayed(start, steps, None, mismatch)


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
    header, actions, hashes, notes = load(path)
    scenario, source = find_scenario(path, header, given, option)
    digest = check_scenario(path, header, scenario, source, rebase, option, rebase_option)
    rebased = digest != header["scenario_hash"]
    start = start_state(path, header, scenario, digest)
    # Onto a changed scenario every state hash differs (the scenario's hash is in the state).
    replayed = replay_log(path, start, actions, None if rebased else hashes)
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


def rebased_path(path: Path, digest: str) -> Path:
    """Where a session replayed onto a changed scenario goes on (the old file stays as it is)."""
    return path.with_name(f"{path.stem}-on-{digest[:8]}{path.suffix or '.jsonl'}")


def open_writer(resumed: Resumed) -> SessionWriter:
    """The writer to go on with: the same file, or a new one when the scenario changed."""
    replayed = resumed.replayed
    if not resumed.rebased:
        return SessionWriter.open(resumed.path, len(replayed.steps))
    header = new_header(
        replayed.start, warmup=resumed.header["warmup"], teams=resumed.header["teams"]
    )
    header["rebased_from"] = {
        "session": resumed.path.name,
        "scenario_hash": resumed.header["scenario_hash"],
    }
    writer = SessionWriter.create(header, rebased_path(resumed.path, replayed.start.scenario_hash))
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
