"""Later quarters: the quarterly question, and the next quarter starting where the business is.

After a quarter's review, when the session plays more quarters, the room answers the quarterly
question for each objective: keep it (its key results and its cascade), rewrite it (new key
results, the same objective and cascade) or replace it (back to the candidates: a new pick and
a new cascade). The next click then closes the quarter into `state.past` and opens the next
one (docs/rules.md, "Later quarters").
"""

from __future__ import annotations

from game.engine import simulation as sim
from game.engine.actions import QUARTERLY_ANSWERS, ROOM, Action, AnswerQuarterly
from game.engine.errors import Rejection
from game.engine.events import GameEvent
from game.engine.priorities import chosen_label
from game.engine.state import Candidate, GameState, replace

SAID = {"keep": "kept", "rewrite": "rewritten: new key results", "replace": "replaced"}


def quarters_left(state: GameState) -> int:
    """How many quarters the session still plays after this one."""
    return state.quarters - state.quarter


def enter_question(state: GameState) -> tuple[GameState, list[GameEvent]]:
    """The review is done and quarters remain: the quarterly question."""
    text = (
        "The quarterly question: keep, rewrite or replace each objective for quarter "
        f"{state.quarter + 1}."
    )
    return replace(state, phase="quarterly", step=""), [
        GameEvent("phase", text, {"phase": "quarterly"})
    ]


def answer(state: GameState, a: AnswerQuarterly) -> tuple[GameState, list[GameEvent]]:
    """The room answers the quarterly question for one objective."""
    if a.objective not in {c.id for c in state.chosen}:
        raise Rejection("not_locked", f"'{a.objective}' is not one of the locked objectives.")
    if a.answer not in QUARTERLY_ANSWERS:
        raise Rejection("unknown_answer", f"Keep, rewrite or replace, not '{a.answer}'.")
    if any(o == a.objective for o, _ in state.answers):
        raise Rejection("already_answered", "That objective has its answer already.")
    label = chosen_label(state, state.chosen_objective(a.objective))
    state = replace(state, answers=(*state.answers, (a.objective, a.answer)))
    return state, [
        GameEvent("quarterly_answered", f"'{label}' is {SAID[a.answer]}.", {"answer": a.answer})
    ]


def legal(state: GameState, role: str) -> list[Action]:
    """The quarterly question's answers still open (the room's)."""
    if role != ROOM:
        return []
    done = {o for o, _ in state.answers}
    return [
        AnswerQuarterly(objective=c.id, answer=answer)
        for c in state.chosen
        if c.id not in done
        for answer in QUARTERLY_ANSWERS
    ]


def complete(state: GameState) -> bool:
    """Every objective has its answer."""
    done = {o for o, _ in state.answers}
    return all(c.id in done for c in state.chosen)


def next_quarter(state: GameState) -> tuple[GameState, list[GameEvent]]:
    """Close this quarter into `past` and open the next, from where the business is.

    Carried over: the standing, candour and credibility the room left, the KPIs where they
    drifted to, the warm-up and the votes, the objectives kept (with their key results and
    cascade) and rewritten (with their cascade). Renewed: capacity, the weeks, the quarter's
    draws. Per quarter, so they start empty: reports, reactions, corrections, KPI decisions,
    events struck, resentment, the debate's rounds and the phases' clocks."""
    s = state.scenario
    quarter = state.quarter + 1
    closed = replace(state, prior=None, past=())
    answers = dict(state.answers)
    kept = {o for o, a in answers.items() if a != "replace"}
    chosen = tuple(
        replace(
            c,
            still_right=None,
            **({"key_results": (), "fold": ()} if answers[c.id] == "rewrite" else {}),
        )
        for c in state.chosen
        if c.id in kept
    )
    members = {m for c in chosen for m in c.members}
    candidates = tuple(
        c if c.id in members else Candidate(c.id, votes=c.votes, tested=c.tested)
        for c in state.candidates
    )
    if len(chosen) < len(state.chosen):
        phase, step = "priorities", "debate"
    elif any(not c.key_results for c in chosen):
        phase, step = "priorities", "key_results"
    else:
        phase, step = "cascade", ""
    weeks = s.quarter.weeks
    new = replace(
        state,
        quarter=quarter,
        past=(*state.past, closed),
        answers=(),
        phase=phase,
        step=step,
        debate_round=1,
        candidates=candidates,
        chosen=chosen,
        resentful=(),
        translations=tuple(t for t in state.translations if t.objective in kept),
        thrown=tuple(t for t in state.thrown if t.objective in kept),
        week=0,
        key_results=(),
        kpis=tuple(sim.carry_kpi(state.seed, k, quarter) for k in state.kpis),
        event_draws=tuple(
            (
                e.id,
                sim.draws(
                    state.seed, sim.quarter_key(quarter, "event:" + e.id), weeks + 1, uniform=True
                ),
            )
            for e in s.events
        ),
        events_struck=(),
        reports=(),
        reactions=(),
        corrections=(),
        kpi_decisions=(),
        capacity=float(s.quarter.capacity),
        phase_ms=(),
        actions_in_phase=(),
    )
    where = {"priorities": "the priorities", "cascade": "the cascade"}[phase]
    if step == "key_results":
        where = "the key results"
    return new, [
        GameEvent(
            "quarter",
            f"Quarter {quarter} of {state.quarters} begins with {where}.",
            {"quarter": quarter, "phase": phase},
        )
    ]
