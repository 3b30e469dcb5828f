"""What naming a missed key result earlier would have given, in the model's own numbers.

For each key result that missed and was named late or never: take its state at the first
check-in where an honest report would have named it (forecast under 65%, `TRUE_ON_TRACK`),
apply one corrective action there and read the model's forecast. Compare it with the same
action from the week it was really named — or, never named, with its forecast at the last
check-in, when nothing could be done. The forecast is the closed form the owner sees
(docs/rules.md, "The simulation (numbers)"), so luck plays no part. See docs/report.md,
"The counterfactual: how it is computed". Part of the debrief (debrief.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.engine import simulation as sim
from game.engine.quarter import checkin_weeks, first_named
from game.engine.state import GameState, KeyResultState
from game.engine.words import article, percent
from game.scoring.timing import first_warning


@dataclass(frozen=True)
class Counterfactual:
    """What the model says naming a missed key result earlier would have given."""

    key_result: str
    label: str
    early: int  # the first check-in an honest report would have named it
    late: int | None  # the week it was named, or None: never
    chance_early: float  # forecast with one corrective action from `early`
    chance_late: float  # the same action from `late`; never named: the last check-in's forecast
    last_checkin: int  # the last check-in (where "never" was decided for good)
    forecast_when_named: float | None  # the owner's forecast in the week it was named

    def sentence(self) -> str:
        """The counterfactual in one sentence, naming this game's key result and weeks."""
        if self.late is None:
            instead, basis = (
                "never",
                f"its chance at the last check-in, week {self.last_checkin}, with nothing done",
            )
        else:
            instead, basis = f"week {self.late}", f"the same action from week {self.late}"
        early = percent(self.chance_early)
        return (
            f"Had '{self.label}' been named in week {self.early} instead of {instead}, the model "
            f"gives {article(early)} {early} chance of hitting it (one corrective action from "
            f"week {self.early}) instead of {percent(self.chance_late)} ({basis})."
        )


def at_week(states: Sequence[GameState], kr_id: str, week: int) -> KeyResultState:
    """The key result as it stood when week `week`'s stop began (before anything was done)."""
    for state in states:
        if state.phase == "quarter" and state.week == week:
            return state.kr(kr_id)
    raise ValueError(f"the game never stopped at week {week}")


def with_one_action(kr: KeyResultState, week: int, weeks: int) -> float:
    """The model's chance of hitting the key result after one corrective action in `week`."""
    return sim.forecast(sim.correct(kr, weeks), week, weeks)


def counterfactuals(states: Sequence[GameState]) -> tuple[Counterfactual, ...]:
    """One counterfactual per key result that missed and was named late or never.

    `states` are every state of the game in order, the final one last."""
    final = states[-1]
    s = final.scenario
    weeks = s.quarter.weeks
    checkins = checkin_weeks(final)
    last = max((r.week for r in final.reports), default=checkins[-1] if checkins else 0)
    found = []
    for kr in final.key_results:
        early = first_warning(kr, checkins)
        named = first_named(final, kr.id)
        on_time = named is not None and early is not None and named <= early
        if sim.attainment(kr) >= 1.0 or early is None or on_time:
            continue
        chance_early = with_one_action(at_week(states, kr.id, early), early, weeks)
        history = {f.week: f.q for f in kr.history}
        if named is None:
            chance_late, when_named = history.get(last, kr.latest.q), None
        else:
            then = at_week(states, kr.id, named)
            chance_late = with_one_action(then, named, weeks)
            when_named = history.get(named)
        found.append(
            Counterfactual(
                key_result=kr.id,
                label=s.key_result(kr.id).model.label,
                early=early,
                late=named,
                chance_early=chance_early,
                chance_late=chance_late,
                last_checkin=last,
                forecast_when_named=when_named,
            )
        )
    return tuple(found)
