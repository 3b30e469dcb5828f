"""Build the debrief report's data from replayed sessions: scores, questions, weeks, what-ifs."""

from __future__ import annotations

from collections.abc import Sequence

from game.engine import state_hash
from game.engine.priorities import chosen_label, chosen_sentence
from game.engine.quarter import checkin_weeks, first_named
from game.engine.review import is_watermelon
from game.engine.simulation import attainment
from game.engine.state import GameState
from game.engine.words import COMPONENTS, plural
from game.report.counterfactual import counterfactuals
from game.report.model import (
    CHARTS,
    Answered,
    KeyResultWeeks,
    Report,
    SessionReport,
)
from game.scoring import score
from game.scoring.timing import certain_to_miss, first_warning
from game.session.questions import three_questions
from game.session.resume import Resumed

FINISHED = ("review", "over")  # a report needs the quarter's truth, revealed at the review


def unfinished(game: Resumed) -> str | None:
    """Why a session cannot be reported on yet (one line, `file:1: error: …`), or None."""
    state = game.replayed.state
    if state.phase in FINISHED:
        return None
    where = state.phase + (f", week {state.week}" if state.week else "")
    return (
        f"{game.path}:1: error: the game is not finished ({where}): a report needs the quarterly "
        f"review; play it to the end first (offsite play --resume --session {game.path})"
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
                    (r.week, r.confidence, round(r.q, 4))
                    for r in state.reports
                    if r.key_result == kr.id
                ),
                forecasts=tuple((f.week, round(f.q, 4)) for f in kr.history),
            )
        )
    return tuple(rows)


def speed(state: GameState) -> str:
    """How fast the priorities were argued down, against the scenario's budget."""
    minutes = dict(state.phase_ms).get("priorities", 0) / 60000
    budget = state.scenario.priorities
    rounds = plural(state.debate_round - 1, "debate round")
    return (
        f"Priorities took {rounds} (budget {budget.rounds}) and {minutes:.0f} minutes "
        f"(budget {budget.minutes})."
    )


def session_report(game: Resumed, name: str, prefix: str) -> SessionReport:
    """The debrief of one replayed session (finished: see `unfinished`)."""
    header, start = game.header, game.replayed.start
    states = [start] + [step.state for step in game.replayed.steps]
    state = states[-1]
    s = state.scenario
    scores = score(state)
    teams = header.get("teams") or [{}]
    return SessionReport(
        name=name,
        file=game.path.name,
        scenario=s.meta.id,
        scenario_title=s.meta.title,
        scenario_hash=state.scenario_hash,
        seed=state.seed,
        pressure=state.pressure,
        policy=teams[0].get("policy"),
        created=str(header.get("created", "")),
        actions=len(game.replayed.steps),
        state_hash=state_hash(state),
        weeks=s.quarter.weeks,
        checkins=tuple(sorted({r.week for r in state.reports})),
        weights={n: getattr(s.scoring, n) for n in COMPONENTS},
        scores=scores.as_dict(),
        reasons=scores.reasons(),
        questions=tuple(
            Answered(label, chosen_sentence(state, chosen), tuple(answers))
            for chosen, (label, answers) in zip(state.chosen, three_questions(state), strict=True)
        ),
        key_results=key_result_weeks(state),
        counterfactuals=counterfactuals(states),
        speed=speed(state),
        charts={chart: f"{prefix}{chart}.png" for chart in CHARTS},
    )


def names(games: Sequence[Resumed]) -> list[str]:
    """Each session's team name, with its file added where two would read the same."""
    plain = [" & ".join(t.get("name", "?") for t in g.header.get("teams") or []) for g in games]
    plain = [p or "Team" for p in plain]
    named = [
        f"{p} ({g.path.name})" if plain.count(p) > 1 else p
        for p, g in zip(plain, games, strict=True)
    ]
    return [f"{n} #{i}" if named.count(n) > 1 else n for i, n in enumerate(named, start=1)]


def build(games: Sequence[Resumed]) -> Report:
    """The report of one or more finished sessions (a comparison when there are several)."""
    several = len(games) > 1
    sessions = tuple(
        session_report(game, name, f"{i}-" if several else "")
        for i, (game, name) in enumerate(zip(games, names(games), strict=True), start=1)
    )
    return Report(sessions, "comparison.png" if several else None)
