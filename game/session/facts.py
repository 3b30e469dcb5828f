"""The facts a front end shows, as the engine computes them: the one door from `game/ui` (and
the room's pages) into the engine's helpers.

A front end may read the engine's types and `game.engine.words` directly; every other number,
name or verdict it shows — an objective's label, whether a KPI is in its band, whether a key
result was a watermelon, who sits at the table — comes from here, so that what a number means is
decided once, by the engine (docs/architecture.md, "A front end never decides a rule";
`tests/test_architecture.py` holds the front ends to it).
"""

from __future__ import annotations

from typing import NamedTuple

from game.engine.cascade import parent_text
from game.engine.priorities import carried, chosen_label, chosen_sentence, open_ids, to_lock
from game.engine.review import WATERMELON_MEANS, is_watermelon
from game.engine.simulation import attainment, kpi_in_band
from game.engine.state import GameState, KeyResultState, KpiState, table_roles

__all__ = [
    "WATERMELON_MEANS",
    "Truth",
    "band_holds",
    "chosen_label",
    "chosen_sentence",
    "open_cards",
    "parent_text",
    "people_at_table",
    "table_roles",
    "truth",
]


class Truth(NamedTuple):
    """What a key result came to, once the quarter's truth is revealed."""

    attainment: float  # 0.0–1.0 of its goal
    hit: bool
    watermelon: bool  # reported on track at the last check-in, and missed


def truth(state: GameState, kr: KeyResultState) -> Truth:
    """The revealed result of one key result (read at the review and after)."""
    grade = attainment(kr)
    return Truth(grade, grade >= 1.0, is_watermelon(state, kr))


def carried_over(state: GameState) -> list[str]:
    """The objectives a later quarter carries from the last one (kept or rewritten at the
    quarterly question), in the table's order: on the table already, never dropped."""
    kept = carried(state)
    return [c.id for c in state.chosen if c.id in kept]


def to_choose(state: GameState) -> int:
    """How many objectives the debate still chooses: three, less those carried over."""
    return to_lock(state)


def open_cards(state: GameState) -> list[str]:
    """The candidate objectives still on the board, in the board's order."""
    return open_ids(state)


def band_holds(state: GameState, kpi: str, value: float) -> bool:
    """Would this KPI, at this value, sit inside its healthy band?"""
    return kpi_in_band(state.scenario, KpiState(kpi, value, 0.0, 0.0))


def people_at_table(state: GameState) -> list[str]:
    """The roles at the table that a person plays (they react to each other's reports)."""
    return [r for r in table_roles(state.scenario) if state.seat(r) == "person"]
