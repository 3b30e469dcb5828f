"""Lint that needs the engine: capacity and hopeless key results, measured by playing.

game/scenario/lint.py reads the file alone and may not import the engine; these rules ask the
engine itself (its own functions and numbers, no rule copied here), and `offsite validate`
composes them with the others, as it does the fit check (docs/authoring.md, section 5).

* `check_capacity`: the quarter's capacity is one pool. Trading off a catchball constraint,
  a corrective action and a KPI action all draw on it. The good team plays every seed with
  every constraint it meets answered by a trade-off; when what is left cannot act on every
  out-of-band KPI, or leaves named problems without help, the warning names the numbers.
* `check_hopeless_events`: an event that leaves a key result at a 0% forecast before the first
  check-in teaches nothing (nobody can react). Every key result is started as a team that
  translated well would start it, the weeks are run to the first check-in with and without the
  event, and the event is named when it alone makes the forecast hopeless.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from game.bots.policies import Policy, held_by_people
from game.engine import GameState, apply, is_over, new_game
from game.engine import simulation as sim
from game.engine.actions import ANSWERS, ActOnKpi, Advance, AnswerThrowback
from game.engine.quarter import KPI_ACTION_COST, checkin_weeks, run_weeks
from game.engine.state import replace
from game.engine.words import names_problem
from game.scenario.model import Scenario
from game.scenario.problems import Finding
from game.session.autoplay import MAX_ACTIONS, Stuck, next_action

SEEDS = 6  # seeds per rule: enough to see a pattern, quick enough for every validate
TRADE_OFF = ANSWERS[0]  # the one answer to a constraint that costs capacity


class TradesEverything(Policy):
    """The good team, answering every constraint thrown back with a trade-off while it can."""

    name = "good, trading off every constraint"
    answer = TRADE_OFF

    def seat(self, state: GameState, role: str, legal: list) -> object:
        for a in legal:
            if isinstance(a, AnswerThrowback) and a.answer == self.answer:
                return a
        return super().seat(state, role, legal)


class TradesNothing(TradesEverything):
    """The good team, re-scoping every constraint instead (a re-scope costs no capacity)."""

    name = "good, re-scoping every constraint"
    answer = ANSWERS[1]


@dataclass
class Squeeze:
    """What one game of trading everything off left undone for lack of capacity."""

    traded: int = 0  # constraints answered with a trade-off
    left_for_quarter: float = 0.0  # capacity when the quarter starts
    kpis_left: int = 0  # out-of-band KPI decisions that could not be an action
    named_unhelped: int = 0  # named problems that never got a corrective action

    @property
    def short(self) -> float:
        """The capacity that would have covered it all."""
        return self.kpis_left * KPI_ACTION_COST + self.named_unhelped


def squeeze(s: Scenario, seed: int, policy: Policy | None = None) -> Squeeze:
    """Play one game (every constraint traded off, unless `policy` answers otherwise) and count
    what capacity could not pay for."""
    state = new_game(s, seed)
    policy = policy or TradesEverything()
    held = set(held_by_people(state))
    found = Squeeze()
    starved: set[str] = set()
    for _ in range(MAX_ACTIONS):
        if is_over(state):
            break
        action = next_action(state, policy, held)
        if isinstance(action, ActOnKpi) and not action.act and state.capacity < KPI_ACTION_COST:
            found.kpis_left += 1
        if isinstance(action, Advance) and state.phase == "quarter" and state.capacity < 1:
            latest = {r.key_result: r.confidence for r in state.reports}
            starved |= {
                k.id
                for k in state.key_results
                if k.named_week is not None
                and k.corrections == 0
                and names_problem(latest.get(k.id, 10))
            }
        before = state.phase
        state, _ = apply(state, action)
        if before != "quarter" and state.phase == "quarter":
            found.left_for_quarter = state.capacity
    else:
        raise Stuck(f"the game did not end within {MAX_ACTIONS} actions")
    found.traded = sum(t.answer == TRADE_OFF for t in state.thrown)
    found.named_unhelped = len({k for k in starved if state.kr(k).corrections == 0})
    return found


def check_capacity(s: Scenario, seeds: int = SEEDS) -> Iterator[Finding]:
    """Trading off every catchball constraint leaves capacity to act on the out-of-band KPIs."""
    games = [squeeze(s, seed) for seed in range(seeds)]
    short = [g for g in games if g.kpis_left]
    if len(short) * 2 <= len(games):
        return
    spared = sum(bool(squeeze(s, seed, TradesNothing()).kpis_left) for seed in range(seeds))
    if spared * 2 > len(games):
        return  # the trade-offs are not what leaves the KPIs without action
    capacity = s.quarter.capacity
    traded = sum(g.traded for g in games) / len(games)
    left = sum(g.left_for_quarter for g in games) / len(games)
    kpis = sum(g.kpis_left for g in short) / len(short)
    named = sum(g.named_unhelped for g in short) / len(short)
    need = capacity + math.ceil(max(g.kpis_left for g in short) * KPI_ACTION_COST)
    yield Finding(
        ("quarter", "capacity"),
        f"capacity is one pool: trading off every catchball constraint the good team meets "
        f"({traded:.1f} a game, 1 each: objectives[].throwbacks) leaves {left:.1f} of the "
        f"quarter's {capacity} (quarter.capacity) for corrective actions (1 each) and KPI "
        f"actions ({KPI_ACTION_COST:g} each); then on {len(short)} of {len(games)} seeds "
        f"{kpis:.1f} out-of-band KPI decisions a game get no action (and {named:.1f} named "
        f"problems no help), against {spared} of {seeds} when every constraint is re-scoped: "
        f"raise quarter.capacity to {need}, or give fewer throwbacks",
        "warning",
    )


def first_checkin_forecasts(s: Scenario, seed: int) -> dict[str, float]:
    """Every key result's forecast at the first check-in, started as a well-translated team's."""
    state = new_game(s, seed)
    weeks = checkin_weeks(state)
    if not weeks:
        return {}
    factor = sim.translation_factor(["translation"])
    krs = tuple(
        sim.start_key_result(s, seed, kr.id, o.id, factor)
        for o in s.objectives
        for kr in o.key_results
    )
    state = replace(
        state,
        phase="quarter",
        key_results=krs,
        kpis=tuple(sim.start_kpi(s, seed, k.id) for k in s.kpis),
    )
    while state.week < weeks[0]:
        state, _ = run_weeks(state)
    return {k.id: k.latest.q for k in state.key_results}


def check_hopeless_events(s: Scenario, seeds: int = SEEDS) -> Iterator[Finding]:
    """No scripted event leaves a key result hopeless (a 0% forecast) by the first check-in."""
    first = checkin_weeks(new_game(s, 0))
    if not first:
        return
    early = [(i, e) for i, e in enumerate(s.events) if e.week is not None and e.week <= first[0]]
    if not early:
        return
    with_all = [first_checkin_forecasts(s, seed) for seed in range(seeds)]
    for i, event in early:
        without = s.model_copy(update={"events": [e for e in s.events if e is not event]})
        base = [first_checkin_forecasts(without, seed) for seed in range(seeds)]
        for j, fx in enumerate(event.effects):
            if fx.target not in with_all[0]:
                continue  # a KPI
            hopeless = sum(
                q[fx.target] < sim.CERTAIN_MISS <= b[fx.target]
                for q, b in zip(with_all, base, strict=True)
            )
            if hopeless * 2 <= seeds:
                continue
            label = s.key_result(fx.target).model.label
            field = "velocity" if fx.velocity else "shift"
            value = getattr(fx, field)
            yield Finding(
                ("events", i, "effects", j, field),
                f"'{event.label}' (week {event.week}) leaves '{label}' hopeless (a forecast "
                f"under {sim.CERTAIN_MISS:.0%}, certain to miss) by the first check-in (week "
                f"{first[0]}) on {hopeless} of {seeds} seeds, even for a team that translated "
                "well: nobody can react, so naming it teaches nothing; "
                f"soften its {field} ({value:+g}) or move the event after week {first[0]}",
                "warning",
            )


RULES = (check_capacity, check_hopeless_events)


def play_findings(s: Scenario, seeds: int = SEEDS) -> list[Finding]:
    """Every warning of the rules that play the scenario."""
    return [f for rule in RULES for f in rule(s, seeds)]
