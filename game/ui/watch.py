"""`offsite play FILE --watch`: reload the scenario when it is saved, and replay the game onto it.

The replay keeps the screen where it was. If an action no longer applies to the new version,
the game goes on with the version it had, and the screen says exactly which action and why.
Nothing restarts silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.engine import Action, GameState, Rejection, apply, new_game
from game.scenario import Scenario, ScenarioError, load_scenario, scenario_hash
from game.session.table import Table

CHECK_EVERY_S = 0.5


@dataclass
class Watch:
    """A scenario file being watched for saves."""

    path: Path
    mtime: float = 0.0
    waited: float = 0.0

    def __post_init__(self) -> None:
        self.mtime = self._mtime()

    def _mtime(self) -> float:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return self.mtime

    def changed(self, dt: float) -> bool:
        """True once after each save (checked twice a second)."""
        self.waited += dt
        if self.waited < CHECK_EVERY_S:
            return False
        self.waited = 0.0
        now = self._mtime()
        if now != self.mtime:
            self.mtime = now
            return True
        return False


def replay_onto(scenario: Scenario, old: GameState, actions: list[Action]) -> GameState:
    """The same game on a new version of its scenario: the same seed, seats, options and
    actions. Raises Rejection naming the first action that no longer applies."""
    state = new_game(
        scenario,
        old.seed,
        dict(old.seats),
        scenario_hash=scenario_hash(scenario),
        pressure=old.pressure,
        warmup=old.warmup_on,
    )
    for n, action in enumerate(actions, start=1):
        try:
            state, _ = apply(state, action)
        except Rejection as no:
            raise Rejection(
                no.code,
                f"action {n} ({action.kind} by {action.role}) no longer applies: {no.message}",
            ) from None
    return state


def reload(path: Path) -> tuple[Scenario | None, str]:
    """The saved scenario, or None and its first problem as one line."""
    try:
        return load_scenario(path), ""
    except ScenarioError as exc:
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        return None, f"{exc.problems[0]}{more} — the game goes on with the previous version"


def reload_table(table: Table, path: Path, restart=None) -> str:
    """The watched file was saved: every team's game replayed onto it (`restart(states, actions)`
    gives the session writers to go on with), or the reason it stays on the previous version."""
    scenario, problem = reload(path)
    if scenario is None:
        return problem
    try:
        states = [replay_onto(scenario, t.state, t.actions) for t in table.teams]
    except Rejection as no:
        return f"{path} changed: {no.message} — the game goes on with the previous version"
    actions = [list(t.actions) for t in table.teams]
    writers = restart(states, actions) if restart else [t.writer for t in table.teams]
    table.replace_games(states, writers)
    return f"Reloaded {path}: {sum(map(len, actions))} actions replayed onto it."
