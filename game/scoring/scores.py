"""The four components combined with the scenario's weights."""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.state import GameState
from game.scoring.components import Component, candour, focus, outcome, translation

NAMES = ("focus", "translation", "candour", "outcome")


@dataclass
class Scores:
    """A team's scores: four components and their weighted total, each 0–100."""

    focus: Component
    translation: Component
    candour: Component
    outcome: Component
    total: float

    def as_dict(self) -> dict[str, float]:
        """The numbers, rounded to 0.01, for JSON."""
        out = {name: round(getattr(self, name).value, 2) for name in NAMES}
        out["total"] = round(self.total, 2)
        return out

    def reasons(self) -> dict[str, list[str]]:
        """The three biggest reasons per component, in plain words."""
        return {name: getattr(self, name).top_reasons() for name in NAMES}


def score(state: GameState) -> Scores:
    """Score a finished (or reviewed) game."""
    parts = {
        "focus": focus(state),
        "translation": translation(state),
        "candour": candour(state),
        "outcome": outcome(state),
    }
    weights = state.scenario.scoring
    total = sum(getattr(weights, name) * parts[name].value for name in NAMES)
    return Scores(**parts, total=total)


def quarters(state: GameState) -> list[GameState]:
    """Each quarter of a game as it stood at its end: the finished ones (`state.past`), then
    this one. A one-quarter game is itself alone."""
    return [*state.past, state]


def by_quarter(state: GameState) -> list[Scores]:
    """The scores of each quarter, scored on its own (docs/scoring.md, "Several quarters")."""
    return [score(q) for q in quarters(state)]


def overall(scores: list[Scores]) -> dict[str, float]:
    """The scores over several quarters: the mean of each component and of the total, rounded
    to 0.01 as `Scores.as_dict` rounds them (one quarter's are its own)."""
    each = [s.as_dict() for s in scores]
    return {name: round(sum(d[name] for d in each) / len(each), 2) for name in each[0]}
