"""The summary a session file ends with: what the finished game scored and why, in one line.

When a game reaches its debrief, the session writer appends one *entry* line after the last
action (docs/sessions.md): the four scores and the total, decision speed, every chosen key
result's outcome and when it was named, and every report made against the owner's forecast.
A programme view reads these lines directly instead of replaying every game (docs/cohort.md).
Every number comes from the project's own definitions (game.scoring, game.engine); nothing is
re-derived here, and `offsite replay` checks that the summary is what the game's replay gives.
"""

from __future__ import annotations

from typing import Any

from game.engine.priorities import chosen_label
from game.engine.quarter import checkin_weeks, first_named
from game.engine.review import is_watermelon
from game.engine.simulation import attainment
from game.engine.state import GameState
from game.scoring import by_quarter, overall, score
from game.scoring.components import report_accuracy
from game.scoring.timing import certain_to_miss, first_warning, naming, speed

SUMMARY = "summary"  # the entry kind
SUMMARY_VERSION = 1  # the layout of the summary's data; a reader checks it


def summarise(state: GameState) -> dict[str, Any]:
    """The summary of a game at its debrief (or at its review): plain JSON data."""
    s = state.scenario
    checkins = checkin_weeks(state)
    seats = dict(state.seats)
    pace = speed(state)
    key_results = []
    for kr in state.key_results:
        chosen = state.chosen_objective(kr.objective)
        key_results.append(
            {
                "id": kr.id,
                "label": s.key_result(kr.id).model.label,
                "objective": kr.objective,
                "objective_label": chosen_label(state, chosen),
                "owner": kr.owner,
                "owner_title": s.role(kr.owner).title,
                "played_by": seats.get(kr.owner, "computer"),
                "attainment": round(attainment(kr), 4),
                "hit": attainment(kr) >= 1.0,
                "watermelon": is_watermelon(state, kr),
                "warning": first_warning(kr, checkins),
                "named": first_named(state, kr.id),
                "certain": certain_to_miss(kr),
                "naming": naming(kr, checkins, first_named(state, kr.id)),
            }
        )
    reports = [
        {
            "week": r.week,
            "key_result": r.key_result,
            "role": r.role,
            "played_by": seats.get(r.role, "computer"),
            "confidence": r.confidence,
            "forecast": round(r.q, 4),
            "accuracy": round(max(report_accuracy(r.confidence / 10, r.q), 0.0), 4),
        }
        for r in state.reports
    ]
    return {
        "version": SUMMARY_VERSION,
        "phase": state.phase,
        "weeks": s.quarter.weeks,
        "checkins": checkins,
        "scores": score(state).as_dict(),
        "speed": {
            "rounds": pace.rounds,
            "rounds_budget": pace.rounds_budget,
            "minutes": round(pace.minutes, 2),
            "minutes_budget": pace.minutes_budget,
            "part": round(pace.part, 4),
        },
        "phase_ms": dict(state.phase_ms),
        "key_results": key_results,
        "reports": reports,
    } | _quarters(state)


def _quarters(state: GameState) -> dict[str, Any]:
    """In a game of several quarters: which quarter the summary describes (its figures are that
    quarter's), and every quarter's scores with their mean (docs/scoring.md). Nothing in a
    one-quarter game, whose summary is as it always was."""
    if state.quarters == 1:
        return {}
    each = by_quarter(state)
    return {
        "quarter": state.quarter,
        "quarters": state.quarters,
        "scores_by_quarter": [s.as_dict() for s in each],
        "scores_overall": overall(each),
    }


def summary_differs(recorded: dict[str, Any], state: GameState) -> str | None:
    """Why a recorded summary is not the one the replayed game gives (the first field that
    differs), or None when it is the same."""
    fresh = summarise(state)
    for key in sorted(set(fresh) | set(recorded)):
        if fresh.get(key) != recorded.get(key):
            return (
                f"the summary's '{key}' differs from what the game's replay gives: the summary "
                "was edited, or written by another version of Offsite"
            )
    return None
