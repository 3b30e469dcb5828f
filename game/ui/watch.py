"""`offsite play FILE --watch`: reload the scenario when it is saved, and rebuild the game onto it.

The replay keeps the screen where it was. If an action no longer applies to the new version,
the game goes on with the version it had, and the screen says exactly which action and why.
Nothing restarts silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.scenario import Scenario, ScenarioError, load_scenario
from game.session.log import SessionError
from game.session.resume import go_on_rebuilt, rebuild_onto
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


def reload(path: Path) -> tuple[Scenario | None, str]:
    """The saved scenario, or None and its first problem as one line."""
    try:
        return load_scenario(path), ""
    except ScenarioError as exc:
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        return None, f"{exc.problems[0]}{more} — the game goes on with the previous version"


def reload_table(table: Table, path: Path) -> str:
    """The watched file was saved: every team's game rebuilt onto it (`rebuild_onto`, the one
    way a game is rebuilt) and going on in new session files, or the reason it stays on the
    previous version (the first action that no longer applies, named by its file line)."""
    scenario, problem = reload(path)
    if scenario is None:
        return problem
    try:
        rebuilt = [
            rebuild_onto(scenario, t.state, t.actions, t.writer, t.name) for t in table.teams
        ]
    except SessionError as exc:
        return f"{path} changed, but the game goes on with the previous version: {exc}"
    refused = next((r.replayed.rejected for r in rebuilt if r.replayed.rejected), None)
    if refused:
        return (
            f"{path} changed, but the game goes on with the previous version: an action no "
            f"longer applies — {refused}"
        )
    writers = go_on_rebuilt(rebuilt, [t.writer for t in table.teams])
    table.replace_games([r.replayed.state for r in rebuilt], writers)
    actions = sum(len(r.replayed.steps) for r in rebuilt)
    return f"Reloaded {path}: {actions} actions replayed onto it."
