"""`offsite play FILE --watch`: reload the scenario when it is saved, and rebuild the game onto it.

The replay keeps the screen where it was, and the game goes on in one continuation file per
version of the scenario (`<first>-on-<hash>.jsonl`, replaced when the same version comes back);
a save that does not change the scenario (comments, layout) changes nothing. If an action no
longer applies to the new version, the game goes on with the version it had, the screen says
exactly which action and why, and Ctrl+R starts the game again on the new version. Nothing
restarts silently. docs/authoring.md, section 1, step 5.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.scenario import Scenario, ScenarioError, load_scenario, scenario_hash
from game.session.log import SessionError, team_path
from game.session.resume import go_on_rebuilt, rebased_path, rebuild_onto, restart_on
from game.session.table import Table

RESTART_KEY = "Ctrl+R"

CHECK_EVERY_S = 0.5


@dataclass
class Watch:
    """A scenario file being watched for saves."""

    path: Path
    mtime: float = 0.0
    waited: float = 0.0
    made: set[Path] = field(default_factory=set)  # continuation files this game wrote
    pending: Scenario | None = None  # a saved version the game could not be replayed onto

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


def _taken(table: Table, digest: str, ours: set[Path]) -> Path | None:
    """A file the teams would go on in that is already there and not this game's own."""
    first = next((t.writer.path for t in table.teams if t.writer is not None), None)
    if first is None:
        return None
    base = rebased_path(first, digest)
    for i, team in enumerate(table.teams):
        path = team_path(base, i)
        if team.writer is not None and path.exists() and path not in ours:
            return path
    return None


def _written(table: Table) -> set[Path]:
    return {t.writer.path for t in table.teams if t.writer is not None}


def reload_table(table: Table, path: Path, watch: Watch | None = None) -> str:
    """The watched file was saved: every team's game rebuilt onto it (`rebuild_onto`, the one
    way a game is rebuilt) and going on in its version's continuation file, or the reason it
    stays on the previous version (the first action that no longer applies, named by its file
    line; `watch.pending` then holds the new version, for `restart_table`)."""
    ours = watch.made if watch is not None else set()
    if watch is not None:
        watch.pending = None
    scenario, problem = reload(path)
    if scenario is None:
        return problem
    digest = scenario_hash(scenario)
    if all(t.state.scenario_hash == digest for t in table.teams):
        return (
            f"Saved {path}: the scenario is the same as before (comments and layout do not count)."
        )
    taken = _taken(table, digest, ours)
    if taken is not None:
        return (
            f"{path} changed, but the game goes on with the previous version: it would go on in "
            f"{taken}, which another game wrote; move that file away and save again"
        )
    try:
        rebuilt = [
            rebuild_onto(scenario, t.state, t.actions, t.writer, t.name) for t in table.teams
        ]
    except SessionError as exc:
        return f"{path} changed, but the game goes on with the previous version: {exc}"
    refused = next((r.replayed.rejected for r in rebuilt if r.replayed.rejected), None)
    if refused:
        if watch is not None:
            watch.pending = scenario
        return (
            f"{path} changed, but the game goes on with the previous version: an action no "
            f"longer applies — {refused}. {RESTART_KEY} starts the game again on the new version"
        )
    writers = go_on_rebuilt(rebuilt, [t.writer for t in table.teams], ours)
    table.replace_games([r.replayed.state for r in rebuilt], writers)
    ours |= _written(table)
    actions = sum(len(r.replayed.steps) for r in rebuilt)
    return f"Reloaded {path}: {actions} actions replayed onto it."


def restart_table(table: Table, watch: Watch) -> str:
    """Ctrl+R after a reload that could not be replayed: every team starts again on the new
    version (same seed, seats, pressure and warm-up) in its version's continuation file; the
    old files stay as they are."""
    scenario = watch.pending
    if scenario is None:
        return ""
    watch.pending = None
    taken = _taken(table, scenario_hash(scenario), watch.made)
    if taken is not None:
        return f"Cannot start again: {taken} is already there (another game wrote it): move it away"
    try:
        states, writers = restart_on(
            scenario, [t.state for t in table.teams], [t.writer for t in table.teams], watch.made
        )
    except SessionError as exc:
        return f"Cannot start again on the new version: {exc}"
    table.replace_games(states, writers, history=False)
    table.start()
    watch.made |= _written(table)
    return f"Started again on the new version of {watch.path}."
