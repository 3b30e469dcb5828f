"""The engine's API: which actions are legal, and applying one to a state.

`apply(state, action)` returns the next state and what happened, or raises `Rejection` with a
stable code and a sentence for the room. Nothing here reads a clock, a file or global random.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain

from game.engine import cascade, later, priorities, quarter, review
from game.engine.actions import ROOM, Action, Advance, Undo
from game.engine.errors import Rejection
from game.engine.events import GameEvent
from game.engine.state import GameState, at_table, get, put, replace
from game.engine.words import PHASE_NAMES
from game.scenario.model import index

# Where each kind of action may be played: phase -> steps ("*" for any step).
WHEN: dict[str, tuple[str, set[str]]] = {
    "sort_card": ("warmup", {"*"}),
    "vote": ("priorities", {"shortlist"}),
    "test_card": ("priorities", {"debate"}),
    "argue": ("priorities", {"debate"}),
    "drop": ("priorities", {"debate"}),
    "keep": ("priorities", {"debate"}),
    "merge": ("priorities", {"debate"}),
    "end_round": ("priorities", {"debate"}),
    "lock": ("priorities", {"debate"}),
    "pick_key_results": ("priorities", {"key_results"}),
    "translate": ("cascade", {"*"}),
    "throw_back": ("cascade", {"*"}),
    "answer_throwback": ("cascade", {"*"}),
    "report": ("quarter", {"report"}),
    "react": ("quarter", {"discuss"}),
    "correct": ("quarter", {"discuss"}),
    "act_on_kpi": ("quarter", {"discuss"}),
    "review_objective": ("review", {"*"}),
    "answer_quarterly": ("quarterly", {"*"}),
}

HANDLERS = {
    "sort_card": priorities.sort_card,
    "vote": priorities.vote,
    "test_card": priorities.test_card,
    "argue": priorities.argue,
    "drop": priorities.drop,
    "keep": priorities.keep,
    "merge": priorities.merge,
    "end_round": priorities.end_round,
    "lock": priorities.lock,
    "pick_key_results": priorities.pick_key_results,
    "translate": cascade.translate,
    "throw_back": cascade.throw_back,
    "answer_throwback": cascade.answer_throwback,
    "report": quarter.report,
    "react": quarter.react,
    "correct": quarter.correct,
    "act_on_kpi": quarter.act_on_kpi,
    "review_objective": review.review_objective,
    "answer_quarterly": later.answer,
}


def _advance(state: GameState) -> tuple[GameState, list[GameEvent]]:
    """The next click: close the current step if it is complete."""
    s = state.scenario
    if state.phase == "briefing":
        if state.warmup_on:
            return replace(state, phase="warmup", step=""), [
                GameEvent("phase", "Warm-up: KPI or OKR?", {"phase": "warmup"})
            ]
        return replace(state, phase="priorities", step="shortlist"), [
            GameEvent("phase", "Priorities: the shortlist.", {"phase": "priorities"})
        ]
    if state.phase == "warmup":
        return replace(state, phase="priorities", step="shortlist"), [
            GameEvent("phase", "Priorities: the shortlist.", {"phase": "priorities"})
        ]
    if state.phase == "priorities":
        if state.step == "shortlist":
            return replace(state, step="debate"), [
                GameEvent("step", "The debate: test, argue, drop, lock three.", {})
            ]
        if state.step == "debate":
            raise Rejection("lock_first", "Lock three objectives first.")
        missing = [c for c in state.chosen if not c.key_results]
        if missing:
            label = priorities.chosen_label(state, missing[0])
            raise Rejection("pick_first", f"Pick the key results for '{label}' first.")
        return replace(state, phase="cascade", step=""), [
            GameEvent("phase", "The cascade: translate, don't copy.", {"phase": "cascade"})
        ]
    if state.phase == "cascade":
        if not cascade.complete(state):
            done = {(t.role, t.objective) for t in state.translations}
            waiting = [r for r, o in cascade.translators(state) if (r, o) not in done]
            if waiting:
                raise Rejection(
                    "translations_due", f"{s.role(waiting[0]).title} has not translated yet."
                )
            raise Rejection("answer_first", "A constraint thrown back is waiting for its answer.")
        return quarter.start_quarter(state)
    if state.phase == "quarter":
        if state.step == "report":
            owner, _kr = quarter.reports_due(state)[0]
            raise Rejection("reports_due", f"{s.role(owner).title} has not reported yet.")
        if quarter.kpis_to_decide(state):
            raise Rejection("kpis_due", "Decide on every out-of-band KPI first.")
        return quarter.run_weeks(state)
    if state.phase == "review":
        if not review.complete(state):
            raise Rejection("review_first", "Say whether each objective is still right first.")
        if later.quarters_left(state):
            return later.enter_question(state)
        return replace(state, phase="over", step=""), [
            GameEvent("phase", "The debrief.", {"phase": "over"})
        ]
    if state.phase == "quarterly":
        if not later.complete(state):
            raise Rejection("answer_first", "Keep, rewrite or replace each objective first.")
        return later.next_quarter(state)
    raise Rejection("game_over", "The game is over.")


def _undo(state: GameState) -> GameState:
    """The state before the last person's action (computer actions after it go too)."""
    s: GameState | None = state
    while s is not None and s.last_by != "person":
        s = s.prior
    if s is None or s.prior is None:
        raise Rejection("nothing_to_undo", "There is nothing to undo.")
    return replace(s.prior, version=state.version + 1)


def can_advance(state: GameState) -> bool:
    """Whether the next click would be accepted now."""
    if state.phase == "priorities":
        if state.step == "debate":
            return False
        if state.step == "key_results":
            return all(c.key_results for c in state.chosen)
    if state.phase == "cascade":
        return cascade.complete(state)
    if state.phase == "quarter":
        return quarter.can_advance(state)
    if state.phase == "review":
        return review.complete(state)
    if state.phase == "quarterly":
        return later.complete(state)
    return state.phase != "over"


def apply(state: GameState, action: Action) -> tuple[GameState, list[GameEvent]]:
    """Apply one action: the next state and its events, or raise Rejection."""
    if action.role != ROOM and action.role not in index(state.scenario).roles:
        raise Rejection("unknown_role", f"There is no role '{action.role}'.")
    if action.by not in ("person", "computer"):
        raise Rejection("bad_actor", "An action is taken by a person or by the computer.")
    if not isinstance(action.ms, int) or action.ms < 0:
        raise Rejection("bad_ms", "An action's milliseconds are a whole number, 0 or more.")
    if isinstance(action, Undo):
        return _undo(state), [GameEvent("undone", "Undone.", {})]
    if state.phase == "over":
        raise Rejection("game_over", "The game is over.")
    if isinstance(action, Advance):
        new, events = _advance(state)
    else:
        phase, steps = WHEN.get(action.kind, ("", set()))
        if state.phase != phase or ("*" not in steps and state.step not in steps):
            raise Rejection(
                "wrong_phase",
                f"That move belongs to {PHASE_NAMES.get(phase, phase)}, "
                f"not {PHASE_NAMES[state.phase]}.",
            )
        new, events = HANDLERS[action.kind](state, action)
    return (
        replace(
            new,
            version=state.version + 1,
            last_by=action.by,
            prior=state,
            phase_ms=put(
                state.phase_ms, state.phase, get(state.phase_ms, state.phase, 0) + action.ms
            ),
            actions_in_phase=put(
                state.actions_in_phase, state.phase, get(state.actions_in_phase, state.phase, 0) + 1
            ),
        ),
        events,
    )


def legal_actions(state: GameState, role: str = ROOM) -> list[Action]:
    """Every legal action for a role now (templates for typed text and key-result picks).

    Worked out once per state and role (the state is frozen): the players, the peers, the
    policies and `whose_turn` all ask about the same state. Each call gets its own list."""
    return list(_legal(state, role))


def _legal(state: GameState, role: str) -> tuple[Action, ...]:
    cache = state.derived.legal
    if cache is None:
        cache = state.derived.legal = {}
    found = cache.get(role)
    if found is None:
        found = cache[role] = tuple(chain.from_iterable(_legal_groups(state, role)))
    return found


def _legal_groups(state: GameState, role: str) -> Iterator[Sequence[Action]]:
    """The legal actions, a few at a time, in the order `legal_actions` lists them."""
    if state.phase == "over":
        if role == ROOM and _can_undo(state):
            yield [Undo()]
        return
    if state.phase in ("warmup", "priorities"):
        yield from priorities.legal_groups(state, role)
    if state.phase == "cascade":
        yield from cascade.legal_groups(state, role)
    if state.phase == "quarter":
        yield from quarter.legal_groups(state, role)
    if state.phase == "review":
        yield review.legal(state, role)
    if state.phase == "quarterly":
        yield later.legal(state, role)
    if role == ROOM and can_advance(state):
        yield [Advance()]


def _has_move(state: GameState, role: str) -> bool:
    """Whether a role has a legal action other than undo."""
    return any(not isinstance(a, Undo) for a in _legal(state, role))


def _can_undo(state: GameState) -> bool:
    s: GameState | None = state
    while s is not None and s.last_by != "person":
        s = s.prior
    return s is not None and s.prior is not None


def may_act(state: GameState) -> list[str]:
    """A quick superset of `whose_turn`, in its order: every role whose turn it is (ROOM first,
    then by scenario), and perhaps some with nothing to do now (their legal actions are none).
    A caller that asks each role in turn anyway can skip `whose_turn`'s check of every role."""
    return _may_act(state)


def _may_act(state: GameState) -> list[str]:
    """A quick superset of the roles that may have a move now (ROOM first, then by scenario)."""
    s = state.scenario
    if state.phase == "priorities" and state.step in ("shortlist", "debate"):
        return [ROOM, *at_table(s)]
    if state.phase == "cascade":
        pending = {r for r, _ in cascade.translators(state)}
        pending |= {t.to_role for t in state.thrown if not t.answer}
        return [ROOM, *(r.id for r in s.roles if r.id in pending)]
    if state.phase == "quarter" and state.step == "report":
        owners = {owner for owner, _ in quarter.reports_due(state)}
        return [r.id for r in s.roles if r.id in owners]
    if state.phase == "quarter":
        return [ROOM, *at_table(s)]
    return [ROOM]


def whose_turn(state: GameState) -> list[str]:
    """Roles (and ROOM) that have a legal action now, in scenario order."""
    derived = state.derived
    if derived.whose_turn is None:
        roles = _may_act(state)
        if not (state.phase == "quarter" and state.step == "report"):
            roles = [r for r in roles if _has_move(state, r)]
        # (At a check-in, every owner with a report due has that report to make.)
        derived.whose_turn = tuple(roles)
    return list(derived.whose_turn)


def is_over(state: GameState) -> bool:
    """The game has reached the debrief."""
    return state.phase == "over"
