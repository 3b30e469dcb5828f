"""The scenarios a cohort's sessions were played on, found by their hash.

A session names its scenario by id *and* hash (docs/sessions.md); the same id may have been
played in several versions. The built-in scenarios are always known; `--scenarios DIR` adds
every scenario file in a folder. A file that does not load is noted and skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from game.scenario import Scenario, ScenarioError, builtin_path, load_scenario, scenario_hash


@dataclass
class Known:
    """Scenarios by hash, and the scenario files that could not be used."""

    by_hash: dict[str, Scenario] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def title(self, digest: str, fallback: str) -> str:
        """The scenario's title, or `fallback` (its id) when the scenario is not known."""
        found = self.by_hash.get(digest)
        return found.meta.title if found is not None else fallback


def builtin_files() -> list[Path]:
    """Every scenario shipped inside the package."""
    return sorted(builtin_path().parent.glob("*.yaml"))


def find(folders: Sequence[Path]) -> Known:
    """The built-in scenarios and every *.yaml / *.yml file in the folders (or files) given."""
    known = Known()
    paths = builtin_files()
    for folder in folders:
        if folder.is_dir():
            paths += sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            paths.append(folder)
    for path in paths:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            first = exc.problems[0] if exc.problems else f"{path}: error: cannot load"
            known.problems.append(str(first))
            continue
        known.by_hash.setdefault(scenario_hash(scenario), scenario)
    return known
