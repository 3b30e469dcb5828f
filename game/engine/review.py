"""The quarterly review: the truth revealed, and is each objective still right?"""

from __future__ import annotations

from game.engine import simulation as sim
from game.engine.actions import ROOM, Action, ReviewObjective
from game.engine.errors import Rejection
from game.engine.events import GameEvent
from game.engine.state import GameState, KeyResultState, get, put, replace, swap
from game.engine.words import status

WATERMELON_COST = 12.0  # standing lost when a hidden red is revealed at the review
OWNED_AND_FIXED = 5.0  # standing earned for a named problem that was fixed
DISCOUNTED = 20.0  # standing lost at the review per unit of credibility lost (cried wolf, hedged)


def last_report(state: GameState, kr_id: str) -> int | None:
    """The last confidence reported on a key result, if any."""
    made = [r.confidence for r in state.reports if r.key_result == kr_id]
    return made[-1] if made else None


# What a watermelon is, in the words every front end uses (the debrief, the report, the coach):
# the rule below, said once. A report greener than the truth at an earlier check-in is not one.
WATERMELON_MEANS = "reported on track at its last check-in, then missed"


def is_watermelon(state: GameState, kr: KeyResultState) -> bool:
    """Green outside, red inside at the end: reported on track (7 or more) at the last
    check-in, and missed (`WATERMELON_MEANS`)."""
    last = last_report(state, kr.id)
    return last is not None and status(last) == "on track" and sim.attainment(kr) < 1.0


def enter_review(state: GameState) -> tuple[GameState, list[GameEvent]]:
    """The end of the quarter: reveal every key result; standing settles."""
    s = state.scenario
    standing = state.standing
    events = []
    for kr in state.key_results:
        grade = sim.attainment(kr)
        label = s.key_result(kr.id).model.label
        if is_watermelon(state, kr):
            standing = put(
                standing, kr.owner, max(get(standing, kr.owner, 0.0) - WATERMELON_COST, 0)
            )
            events.append(
                GameEvent(
                    "watermelon",
                    f"'{label}' was reported green and missed ({grade:.0%}): a watermelon.",
                    {"key_result": kr.id},
                )
            )
        elif kr.named_week is not None and kr.corrections and grade >= 1.0:
            standing = put(
                standing, kr.owner, min(get(standing, kr.owner, 0.0) + OWNED_AND_FIXED, 100)
            )
            events.append(
                GameEvent(
                    "fixed", f"'{label}' was named, worked on, and hit.", {"key_result": kr.id}
                )
            )
        else:
            word = "hit" if grade >= 1.0 else f"missed ({grade:.0%})"
            events.append(GameEvent("revealed", f"'{label}': {word}.", {"key_result": kr.id}))
    # Credibility lost this quarter (a later quarter starts from where the last one left it).
    before = dict(state.past[-1].credibility) if state.past else {}
    for role, credibility in state.credibility:
        start = before.get(role, 1.0)
        if credibility < start:
            lost = DISCOUNTED * (start - credibility)
            standing = put(standing, role, max(get(standing, role, 0.0) - lost, 0))
            events.append(
                GameEvent(
                    "discounted",
                    f"{s.role(role).title}'s alarms and hedges are remembered: the room has "
                    "learned to discount their reports.",
                    {"role": role, "credibility": round(credibility, 2)},
                )
            )
    state = replace(state, phase="review", step="", standing=standing)
    return state, [
        GameEvent("review", "The quarterly review: the truth on every key result.", {}),
        *events,
    ]


def review_objective(state: GameState, a: ReviewObjective) -> tuple[GameState, list[GameEvent]]:
    """The room says whether an objective is still the right one."""
    if a.objective not in {c.id for c in state.chosen}:
        raise Rejection("not_locked", f"'{a.objective}' is not one of the locked objectives.")
    chosen = state.chosen_objective(a.objective)
    if chosen.still_right is not None:
        raise Rejection("already_reviewed", "That objective has been reviewed already.")
    state = replace(state, chosen=swap(state.chosen, replace(chosen, still_right=a.still_right)))
    word = "still right" if a.still_right else "no longer right"
    return state, [GameEvent("objective_reviewed", f"The room calls it {word}.", {})]


def legal(state: GameState, role: str) -> list[Action]:
    """Legal review actions."""
    if role != ROOM:
        return []
    return [
        ReviewObjective(objective=c.id, still_right=v)
        for c in state.chosen
        if c.still_right is None
        for v in (True, False)
    ]


def complete(state: GameState) -> bool:
    """Every objective has been reviewed."""
    return all(c.still_right is not None for c in state.chosen)
