"""Lint that needs the engine: capacity and hopeless key results, measured by playing.

game/scenario/lint.py reads the file alone and may not import the engine; these rules play the
scenario with the engine itself (its own rules, numbers and policies, none copied here), and
`offsite validate` composes them with the others, as it does the fit check (docs/authoring.md,
section 5). Because they only play, they follow any change of the engine's numbers.

* `check_capacity`: the quarter's capacity is one pool. Trading off a catchball constraint, a
  corrective action and a KPI action all draw on it. The good team plays every seed answering
  every constraint it meets with a trade-off and putting the KPI reviews before any corrective
  action; when that still leaves out-of-band KPIs without an action, or not one point of
  capacity for a corrective action, on most seeds, the warning names the numbers — and whether
  re-scoping the constraints instead would have spared them.
* `check_hopeless_events`: an event that strikes before the first check-in and leaves a key
  result out of reach whatever the room does teaches nothing (nobody can react). For each key
  result such an event hits, the good team plays giving it the best reaction the rules allow —
  an honest report, every supporter's help, both corrective actions as soon as it is named —
  with the effect and without it; the effect is named when, even so, the key result ends with
  less than half of what the same play reaches without it, on most seeds.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from game.bots.policies import Policy, held_by_people
from game.engine import GameState, apply, is_over, new_game
from game.engine import simulation as sim
from game.engine.actions import ANSWERS, ActOnKpi, AnswerThrowback, Correct
from game.engine.quarter import (
    CORRECTION_COST,
    KPI_ACTION_COST,
    MAX_CORRECTIONS,
    checkin_weeks,
)
from game.scenario.model import Scenario
from game.scenario.problems import Finding
from game.session.autoplay import MAX_ACTIONS, Stuck, next_action

SEEDS = 6  # seeds per rule: enough to see a pattern, quick enough for every validate
TRADE_OFF, RESCOPE = ANSWERS[0], ANSWERS[1]  # a trade-off costs capacity, a re-scope does not
HOPELESS_SHARE = 0.5  # the best reaction keeps less than this share of what it reaches without


def play(s: Scenario, seed: int, policy: Policy) -> GameState:
    """One whole game: `policy` holds the people's seats and the room, peers the rest."""
    state = new_game(s, seed)
    held = set(held_by_people(state))
    for _ in range(MAX_ACTIONS):
        if is_over(state):
            return state
        state, _ = apply(state, next_action(state, policy, held))
    raise Stuck(f"the game did not end within {MAX_ACTIONS} actions")


# ---- capacity ------------------------------------------------------------------------------
class KpisFirst(Policy):
    """The good team, answering every constraint thrown back with a trade-off while it can and
    keeping its capacity for the KPI reviews: no corrective action at all."""

    name = "good, trading off every constraint, KPIs first"
    answer = TRADE_OFF

    def seat(self, state: GameState, role: str, legal: list) -> object:
        for a in legal:
            if isinstance(a, AnswerThrowback) and a.answer == self.answer:
                return a
        return super().seat(state, role, legal)

    def correction(self, state: GameState, legal: list) -> None:
        return None


class KpisFirstRescoping(KpisFirst):
    """The same team, re-scoping every constraint instead."""

    name = "good, re-scoping every constraint, KPIs first"
    answer = RESCOPE


@dataclass
class Squeeze:
    """What one game of `KpisFirst` (or its re-scoping twin) could not pay for."""

    traded: int = 0  # constraints answered with a trade-off
    left_for_quarter: float = 0.0  # capacity when the quarter starts
    kpis_left: int = 0  # out-of-band KPI decisions that could not be an action
    spare: float = 0.0  # capacity at the end: all there was for corrective actions

    @property
    def starved(self) -> bool:
        """KPIs left without action, or not one corrective action affordable."""
        return self.kpis_left > 0 or self.spare < CORRECTION_COST

    @property
    def short(self) -> float:
        """The capacity that would have covered the KPIs and one corrective action."""
        return self.kpis_left * KPI_ACTION_COST + max(CORRECTION_COST - self.spare, 0.0)


def squeeze(s: Scenario, seed: int, policy: KpisFirst | None = None) -> Squeeze:
    """Play one game (every constraint traded off, KPIs first, unless `policy` answers
    otherwise) and count what capacity could not pay for."""
    state = new_game(s, seed)
    policy = policy or KpisFirst()
    held = set(held_by_people(state))
    found = Squeeze()
    for _ in range(MAX_ACTIONS):
        if is_over(state):
            break
        action = next_action(state, policy, held)
        if isinstance(action, ActOnKpi) and not action.act and state.capacity < KPI_ACTION_COST:
            found.kpis_left += 1
        before = state.phase
        state, _ = apply(state, action)
        if before != "quarter" and state.phase == "quarter":
            found.left_for_quarter = state.capacity
    else:
        raise Stuck(f"the game did not end within {MAX_ACTIONS} actions")
    found.traded = sum(t.answer == TRADE_OFF for t in state.thrown)
    found.spare = state.capacity
    return found


def with_capacity(s: Scenario, capacity: int) -> Scenario:
    """The scenario with another quarter.capacity."""
    return s.model_copy(update={"quarter": s.quarter.model_copy(update={"capacity": capacity})})


def _starved(s: Scenario, seeds: int) -> bool:
    """Most seeds of `KpisFirst` leave KPIs without action or no corrective action."""
    return sum(squeeze(s, seed).starved for seed in range(seeds)) * 2 > seeds


def check_capacity(s: Scenario, seeds: int = SEEDS) -> Iterator[Finding]:
    """Trading off every catchball constraint leaves capacity for the KPI reviews and for at
    least one corrective action."""
    games = [squeeze(s, seed) for seed in range(seeds)]
    short = [g for g in games if g.starved]
    if len(short) * 2 <= len(games):
        return
    need = s.quarter.capacity + math.ceil(max(g.short for g in short))
    for more in range(s.quarter.capacity + 1, need):  # the least that is enough, played
        if not _starved(with_capacity(s, more), seeds):
            need = more
            break
    spared = sum(squeeze(s, seed, KpisFirstRescoping()).starved for seed in range(seeds))
    capacity = s.quarter.capacity
    traded = sum(g.traded for g in games) / len(games)
    left = sum(g.left_for_quarter for g in games) / len(games)
    kpis = sum(g.kpis_left for g in short) / len(short)
    spare = sum(g.spare for g in short) / len(short)
    cause = (
        f"against {spared} of {seeds} when every constraint is re-scoped instead (a re-scope "
        "costs nothing): raise quarter.capacity to "
        f"{need}, or give fewer throwbacks"
        if spared * 2 <= seeds
        else f"and still on {spared} of {seeds} when every constraint is re-scoped, so the "
        "events and KPI drift alone ask more than the quarter has: raise quarter.capacity to "
        f"{need}, or soften the events that push KPIs out of band"
    )
    yield Finding(
        ("quarter", "capacity"),
        f"capacity is one pool: trading off every catchball constraint the good team meets "
        f"({traded:.1f} a game, 1 each: objectives[].throwbacks) leaves {left:.1f} of the "
        f"quarter's {capacity} (quarter.capacity); even putting the KPI reviews before any "
        f"corrective action, on {len(short)} of {len(games)} seeds {kpis:.1f} out-of-band KPI "
        f"decisions a game get no action ({KPI_ACTION_COST:g} each) and {spare:.1f} is left for "
        f"corrective actions ({CORRECTION_COST} each) — {cause}",
        "warning",
    )


# ---- hopeless events -----------------------------------------------------------------------
class Rescue(Policy):
    """The good team giving one key result the best reaction the rules allow: both corrective
    actions as soon as it is named, before anything else (its reports and support are good's:
    honest, and every held seat supports bad news)."""

    name = "good, rescuing one key result"

    def __init__(self, key_result: str) -> None:
        super().__init__()
        self.key_result = key_result

    def correction(self, state: GameState, legal: list) -> object:
        for a in legal:
            if isinstance(a, Correct) and a.key_result == self.key_result:
                return Correct(key_result=a.key_result, **self.by)
        return super().correction(state, legal)


def rescued(s: Scenario, seed: int, kr_id: str) -> float | None:
    """The key result's attainment when the good team rescues it (None: the team did not pick
    it on this seed)."""
    state = play(s, seed, Rescue(kr_id))
    kr = next((k for k in state.key_results if k.id == kr_id), None)
    return None if kr is None else sim.attainment(kr)


def without_effect(s: Scenario, event: int, effect: int) -> Scenario:
    """The scenario with one effect of one event made harmless (nothing else changes)."""
    events = list(s.events)
    effects = list(events[event].effects)
    effects[effect] = effects[effect].model_copy(update={"velocity": 0.0, "shift": 0.0})
    events[event] = events[event].model_copy(update={"effects": effects})
    return s.model_copy(update={"events": events})


def check_hopeless_events(s: Scenario, seeds: int = SEEDS) -> Iterator[Finding]:
    """No scripted event leaves a key result out of reach before anyone can react to it."""
    first = checkin_weeks(new_game(s, 0))
    if not first:
        return
    pooled = {kr.id for o in s.objectives for kr in o.key_results}
    for i, event in enumerate(s.events):
        if event.week is None or event.week > first[0]:
            continue
        for j, fx in enumerate(event.effects):
            if fx.target not in pooled or not (fx.velocity or fx.shift):
                continue  # a KPI, or no effect
            finding = _hopeless(s, seeds, i, j, first[0])
            if finding:
                yield finding


def _hopeless(s: Scenario, seeds: int, i: int, j: int, checkin: int) -> Finding | None:
    event, fx = s.events[i], s.events[i].effects[j]
    played, low = [], []  # seeds the team picks it on; those it ends under the share on
    for seed in range(seeds):
        q = rescued(s, seed, fx.target)
        if q is not None:
            played.append(seed)
            if q < HOPELESS_SHARE:  # at or above the share it cannot be hopeless
                low.append((seed, q))
        if len(low) + seeds - seed - 1 <= len(played) - len(low):
            return None  # most seeds it is played on can no longer be hopeless
    calm = without_effect(s, i, j)
    base = {seed: rescued(calm, seed, fx.target) for seed, _ in low}
    hopeless = [(q, base[seed]) for seed, q in low if q < HOPELESS_SHARE * (base[seed] or 0.0)]
    if len(hopeless) * 2 <= len(played):
        return None
    label = s.key_result(fx.target).model.label
    field = "velocity" if fx.velocity else "shift"
    soften = " and ".join(
        f"{f} ({getattr(fx, f):+g})" for f in ("velocity", "shift") if getattr(fx, f)
    )
    with_it = sum(q for q, _ in hopeless) / len(hopeless)
    without = sum(b for _, b in hopeless) / len(hopeless)
    return Finding(
        ("events", i, "effects", j, field),
        f"'{event.label}' (week {event.week}) leaves '{label}' hopeless before anyone can "
        f"react: even reported honestly at the first check-in (week {checkin}), supported and "
        f"given its {MAX_CORRECTIONS} corrective actions (the most the rules allow) at once, "
        f"it ends at {with_it:.0%} on {len(hopeless)} of {len(played)} seeds, against "
        f"{without:.0%} without this effect: nobody can react, so naming it teaches nothing; "
        f"soften its {soften} until the room's reaction can save it",
        "warning",
    )


RULES = (check_capacity, check_hopeless_events)


def play_findings(s: Scenario, seeds: int = SEEDS) -> list[Finding]:
    """Every warning of the rules that play the scenario."""
    return [f for rule in RULES for f in rule(s, seeds)]
