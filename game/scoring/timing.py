"""When bad news could have been named and when it was, and how fast the team decided.

One place for the definitions the scores, the debrief report and the programme view share
(docs/scoring.md, docs/report.md, docs/cohort.md): a key result *could have been named* at the
first check-in its owner's forecast was under `TRUE_ON_TRACK` (game.engine.words: the truth
was no longer on track); it was *certain to miss* the first week the forecast fell under
`CERTAIN_MISS`; a missed key result that could have been named was named *on time* (in that
week or before), *late*, or *never*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.engine import simulation as sim
from game.engine.state import GameState, KeyResultState
from game.engine.words import honest_names, plural

NAMING = ("on_time", "late", "never")


def first_warning(kr: KeyResultState, checkins: Sequence[int]) -> int | None:
    """The first check-in at which an honest report would have named the key result."""
    return next((f.week for f in kr.history if f.week in checkins and honest_names(f.q)), None)


def certain_to_miss(kr: KeyResultState) -> int | None:
    """The first week the key result's forecast fell under CERTAIN_MISS, if it did."""
    return next((f.week for f in kr.history if f.q < sim.CERTAIN_MISS), None)


def naming(kr: KeyResultState, checkins: Sequence[int], named: int | None) -> str | None:
    """ "on_time", "late" or "never" for a missed key result that could have been named at a
    check-in, given the week it was first named (`quarter.first_named`); None for one that
    hit, or never looked at risk at a check-in."""
    possible = first_warning(kr, checkins)
    if sim.attainment(kr) >= 1.0 or possible is None:
        return None
    if named is None:
        return "never"
    return "on_time" if named <= possible else "late"


@dataclass(frozen=True)
class Speed:
    """How fast the priorities were argued down, against the scenario's budget (docs/scoring.md)."""

    rounds: int  # debate rounds the room took before locking (`debate_rounds`)
    rounds_budget: int
    minutes: float  # minutes the priorities phase took, by the recorded milliseconds
    minutes_budget: int
    rounds_part: float  # 1.0 within budget, falling to 0 at twice the budget
    minutes_part: float

    @property
    def rounds_said(self) -> str:
        """'1 debate round', '2 debate rounds': the count as every front end says it."""
        return plural(self.rounds, "debate round")

    @property
    def part(self) -> float:
        """The decision-speed share of Focus, 0–1 (docs/scoring.md)."""
        return (self.rounds_part + self.minutes_part) / 2


def debate_rounds(state: GameState) -> int:
    """How many debate rounds the room took before locking its three objectives: the round it
    locked in (locking inside round 1 is one round, after ending round 1 two); while the debate
    is open, the rounds so far, the open one counted; none before the debate starts. The one
    count the score, the debrief, the coach and the report use (docs/scoring.md)."""
    if state.phase in ("briefing", "warmup") or (
        state.phase == "priorities" and state.step == "shortlist"
    ):
        return 0
    return state.debate_round


def speed(state: GameState) -> Speed:
    """The team's decision speed on the priorities, as Focus scores it."""
    s = state.scenario
    rounds = debate_rounds(state)
    budget = s.priorities.rounds
    rounds_part = 1.0 if rounds <= budget else _clamp(1 - (rounds - budget) / budget)
    minutes = dict(state.phase_ms).get("priorities", 0) / 60000
    limit = s.priorities.minutes
    minutes_part = 1.0 if minutes <= limit else _clamp(2 - minutes / limit)
    return Speed(rounds, budget, minutes, limit, rounds_part, minutes_part)


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return min(max(x, lo), hi)
