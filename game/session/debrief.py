"""The debrief of one game as plain data: what the projector's debrief and `offsite report` show.

One model for every front end (docs/report.md, "What is in it, per session"): the scores with
the reasons that moved them most, the three questions answered from this game, the watermelon
grid (what was reported against what was true, check-in by check-in, and the quarter's end),
when each problem could have been named, was named and became certain to miss, the decision
speed, and the counterfactuals. Built from the game's final state alone: every earlier state is
reachable through `prior` (undo drops what it undid), so the projector and the report, given
the same game, show the same debrief. Nothing here draws or writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from game.engine.priorities import chosen_label, chosen_sentence
from game.engine.quarter import checkin_weeks, first_named
from game.engine.review import WATERMELON_MEANS, is_watermelon
from game.engine.simulation import attainment
from game.engine.state import GameState
from game.engine.words import (
    COMPONENTS,
    SCORE_TITLES,
    Status,
    plural,
    status,
    truth_status,
)
from game.scoring import score
from game.scoring.timing import Speed, certain_to_miss, first_warning, speed
from game.session.counterfactual import Counterfactual, counterfactuals
from game.session.questions import QUESTIONS, three_questions

# The watermelon grid's one sentence about watermelons: the projector's debrief page, the
# report's chart, report.md and report.html all say it (the rule is the engine's).
WATERMELON_SAID = (
    f"A WATERMELON is a key result {WATERMELON_MEANS} (green over red at an earlier check-in "
    "is not one)."
)


class Reported(NamedTuple):
    """One report on a key result: the week, the confidence (0–10), the owner's forecast then."""

    week: int
    confidence: int
    forecast: float


class Truth(NamedTuple):
    """What was true about a key result in one week: its owner's forecast (0–1)."""

    week: int
    q: float


class Cell(NamedTuple):
    """One cell of the watermelon grid: what was reported (None: no report that week) and what
    was true (None: no forecast that week), each as a status."""

    week: int
    confidence: int | None
    forecast: float | None

    @property
    def reported(self) -> Status | None:
        """The reported status (the outer ring)."""
        return None if self.confidence is None else status(self.confidence)

    @property
    def true(self) -> Status | None:
        """The true status (the inside)."""
        return None if self.forecast is None else truth_status(self.forecast)


@dataclass(frozen=True)
class KeyResultWeeks:
    """One chosen key result through the quarter: what was reported, what was true, when."""

    id: str
    label: str
    objective: str
    owner: str  # the owner's role title
    played_by: str  # "person" or "computer"
    attainment: float  # 0.0–1.0 against its (possibly re-scoped) goal
    watermelon: bool  # reported on track at the last check-in, and missed
    warning: int | None  # first check-in an honest report would have named it (forecast < 0.65)
    named: int | None  # the week it was first reported at risk or off track
    certain: int | None  # the first week its forecast fell under CERTAIN_MISS
    reports: tuple[Reported, ...]
    forecasts: tuple[Truth, ...]  # every week

    @property
    def hit(self) -> bool:
        """Whether it reached its goal."""
        return self.attainment >= 1.0

    @property
    def result(self) -> str:
        """HIT, or MISSED with its grade."""
        return "HIT" if self.hit else f"MISSED {self.attainment:.0%}"

    @property
    def verdict(self) -> str:
        """The result with WATERMELON when it was one: the words every front end shows."""
        return self.result + (" · WATERMELON" if self.watermelon else "")

    def cell(self, week: int) -> Cell:
        """The watermelon grid's cell for one week (the first report made that week)."""
        made = next((r.confidence for r in self.reports if r.week == week), None)
        true = next((t.q for t in self.forecasts if t.week == week), None)
        return Cell(week, made, true)


@dataclass(frozen=True)
class Answered:
    """One chosen objective and the answers to the three questions (docs/report.md)."""

    label: str
    sentence: str
    answers: tuple[str, ...]

    @property
    def asked(self) -> tuple[tuple[str, str], ...]:
        """(question, answer) pairs, in the questions' order."""
        return tuple(zip(QUESTIONS, self.answers, strict=True))


class Reason(NamedTuple):
    """One reason a score moved: the points (negative: lost) and what happened."""

    points: float
    text: str


@dataclass(frozen=True)
class ScoreLine:
    """One component (or the total): its title, value 0–100, weight and top reasons."""

    name: str
    title: str
    value: float
    weight: float | None  # None for the total
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Debrief:
    """The debrief of one game."""

    weeks: int  # the quarter's length
    checkins: tuple[int, ...]  # the weeks reports were made
    weights: dict[str, float]
    scores: dict[str, float]  # exactly `score(state).as_dict()`, as autoplay --json prints
    reasons: dict[str, list[str]]  # exactly `score(state).reasons()`
    lines: tuple[ScoreLine, ...]  # the four components, then the total
    questions: tuple[Answered, ...]
    key_results: tuple[KeyResultWeeks, ...]
    counterfactuals: tuple[Counterfactual, ...]
    pace: Speed

    @property
    def grid_weeks(self) -> tuple[int, ...]:
        """The watermelon grid's columns: the check-ins, then the quarter's last week when the
        truth is known there (no report is made at the end: that column shows only the truth)."""
        final = max((t.week for k in self.key_results for t in k.forecasts), default=None)
        if final is not None and (not self.checkins or final > self.checkins[-1]):
            return (*self.checkins, final)
        return self.checkins

    @property
    def watermelons(self) -> int:
        """How many key results were reported green at the end and missed."""
        return sum(k.watermelon for k in self.key_results)

    @property
    def hits(self) -> int:
        """How many key results reached their goal."""
        return sum(k.hit for k in self.key_results)

    @property
    def speed(self) -> str:
        """The decision speed in one sentence, against the scenario's budget."""
        p = self.pace
        return (
            f"Priorities took {p.rounds_said} (budget {p.rounds_budget}) "
            f"and {p.minutes:.0f} minutes (budget {p.minutes_budget})."
        )

    def headline(self) -> str:
        """The game in two sentences: the total, hits, watermelons, problems named late."""
        late, melons = len(self.counterfactuals), self.watermelons
        return (
            f"Total {self.scores['total']:.1f} out of 100. {self.hits} of {len(self.key_results)} "
            f"key results hit; {plural(melons, 'watermelon')} ({WATERMELON_MEANS}); "
            f"{plural(late, 'missed key result')} named later than "
            f"{'it' if late == 1 else 'they'} could have been, or never."
        )


def key_result_weeks(state: GameState) -> tuple[KeyResultWeeks, ...]:
    """Every chosen key result: reports, forecasts, and the weeks that matter."""
    s = state.scenario
    checkins = checkin_weeks(state)
    rows = []
    for kr in state.key_results:
        rows.append(
            KeyResultWeeks(
                id=kr.id,
                label=s.key_result(kr.id).model.label,
                objective=chosen_label(state, state.chosen_objective(kr.objective)),
                owner=s.role(kr.owner).title,
                played_by=state.seat(kr.owner),
                attainment=attainment(kr),
                watermelon=is_watermelon(state, kr),
                warning=first_warning(kr, checkins),
                named=first_named(state, kr.id),
                certain=certain_to_miss(kr),
                reports=tuple(
                    Reported(r.week, r.confidence, round(r.q, 4))
                    for r in state.reports
                    if r.key_result == kr.id
                ),
                forecasts=tuple(Truth(f.week, round(f.q, 4)) for f in kr.history),
            )
        )
    return tuple(rows)


__all__ = [
    "WATERMELON_SAID",
    "Answered",
    "Cell",
    "Counterfactual",
    "Debrief",
    "KeyResultWeeks",
    "Reason",
    "Reported",
    "ScoreLine",
    "Truth",
    "debrief",
    "states_of",
]


def states_of(final: GameState) -> list[GameState]:
    """Every state of the game in order, the final one last (through `prior`)."""
    found, s = [], final
    while s is not None:
        found.append(s)
        s = s.prior
    return found[::-1]


def debrief(final: GameState, states: Sequence[GameState] | None = None) -> Debrief:
    """The debrief of a game that reached the review. `states` (every state in order, the final
    one last) defaults to the chain of `prior` states behind `final`."""
    s = final.scenario
    scores = score(final)
    weights = {n: getattr(s.scoring, n) for n in COMPONENTS}
    lines = tuple(
        ScoreLine(
            n,
            SCORE_TITLES[n],
            getattr(scores, n).value,
            weights[n],
            tuple(Reason(p, t) for p, t in getattr(scores, n).top()),
        )
        for n in COMPONENTS
    )
    return Debrief(
        weeks=s.quarter.weeks,
        checkins=tuple(sorted({r.week for r in final.reports})),
        weights=weights,
        scores=scores.as_dict(),
        reasons=scores.reasons(),
        lines=(*lines, ScoreLine("total", SCORE_TITLES["total"], scores.total, None, ())),
        questions=tuple(
            Answered(label, chosen_sentence(final, chosen), tuple(answers))
            for chosen, (label, answers) in zip(final.chosen, three_questions(final), strict=True)
        ),
        key_results=key_result_weeks(final),
        counterfactuals=counterfactuals(states if states is not None else states_of(final)),
        pace=speed(final),
    )
