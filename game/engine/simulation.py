"""The hidden business: key results as random walks toward their targets, KPIs drifting monthly.

Progress is measured in units of the original gap: 0 at the baseline, 1 at the target. The
required pace is 1/T per week. Every random draw of the quarter is made once, when the
quarter starts, from generators keyed by (seed, id) — so the same seed gives the same luck to
every policy (paired comparisons), and replay needs nothing but the state.
"""

from __future__ import annotations

import functools
import math
import zlib

import numpy as np

from game.engine.state import Forecast, GameState, KeyResultState, KpiState, KpiWeek, replace
from game.scenario.model import Scenario

# Expected pace, as a share of the required pace, of a key result whose objective was
# translated no better than a copy.
BASE_PACE = {"easy": 0.78, "medium": 0.68, "hard": 0.58}
# Weekly chance that a milestone completes, by difficulty.
MILESTONE_HAZARD = {"easy": 0.20, "medium": 0.14, "hard": 0.10}
NOISE = 0.45  # a week's standard deviation, as a share of the required pace
HIDDEN_SPREAD = 0.12  # spread of each key result's hidden pace around its expectation
TRANSLATION_EFFECT = 0.22  # velocity gain of an objective translated well at every level
QUALITY_VALUE = {"translation": 1.0, "copy": 0.0, "vague": 0.0, "misaligned": -0.6}
MERGE_SPREAD = 0.2  # each extra member of a merge spreads the effort thinner
RESENTMENT = 0.94  # velocity factor for an advocate whose card was dropped unheard
CORRECTION_BOOST = 0.2  # a corrective action adds this share of the required pace per week
CORRECTION_HAZARD = 0.07  # … or this weekly chance, for a milestone
CERTAIN_MISS = 0.05  # below this forecast a key result is certain to miss
FESTER = 0.12  # weekly velocity lost by a problem nobody has named (people keep doing what fails)
FESTER_BELOW = 0.65  # … once its forecast is under what an honest report would name
# The room's attention (docs/rules.md, "Attention"), as a share of the required pace a week: a
# milestone turns it into weekly chance at the rate a corrective action does.
ATTENTION_HAZARD = CORRECTION_HAZARD / CORRECTION_BOOST


def phi(z: float) -> float:
    """The standard normal distribution function."""
    return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))


@functools.lru_cache(maxsize=4096)
def draws(seed: int, key: str, n: int, uniform: bool = False) -> tuple[float, ...]:
    """`n` draws from a generator keyed by the seed and an id (stable across policies).

    A pure function of its arguments, so it is remembered: a balance run asks for the same
    draws once per policy on each seed (the tuple is immutable; `tolist` gives the same
    Python floats as converting each value)."""
    rng = np.random.Generator(np.random.PCG64([seed & 0xFFFFFFFF, zlib.crc32(key.encode())]))
    values = rng.random(n) if uniform else rng.standard_normal(n)
    return tuple(values.tolist())


def quarter_key(quarter: int, key: str) -> str:
    """The key of a draw in a given quarter: the first quarter's as it always was, a later
    quarter's its own ("q2:walk:kr_id"), so each quarter meets new luck from the same seed."""
    return key if quarter == 1 else f"q{quarter}:{key}"


def forecast(kr: KeyResultState, week: int, weeks: int) -> float:
    """The owner's private forecast q: the model's chance of reaching the goal.

    docs/rules.md, "The simulation (numbers)", gives the formula; at the quarter's end it is 1
    when the goal is reached and 0 otherwise."""
    left = weeks - week
    if kr.milestone:
        if kr.done:
            return 1.0
        return 1.0 - (1.0 - min(kr.hazard, 1.0)) ** left if left > 0 else 0.0
    if left <= 0:
        return 1.0 if kr.progress >= kr.goal else 0.0
    spread = kr.noise * math.sqrt(left)
    return phi((kr.progress + kr.velocity * left - kr.goal) / spread)


def attainment(kr: KeyResultState) -> float:
    """The grade of a key result, 0.0–1.0, against its (possibly re-scoped) goal."""
    if kr.milestone:
        return 1.0 if kr.done else 0.0
    return round(min(max(kr.progress / kr.goal, 0.0), 1.0), 2)


def step_key_result(kr: KeyResultState, week: int, weeks: int) -> KeyResultState:
    """One week of a key result: a random-walk step (or a milestone's chance) and a forecast.

    A problem nobody has named festers: while its forecast is poor and it is unnamed, it
    loses a little velocity every week, because nobody changes what the people on it do."""
    if kr.named_week is None and kr.history and kr.latest.q < FESTER_BELOW and not kr.done:
        kr = slow_down(kr, -FESTER)
    if kr.milestone:
        done = kr.done or kr.draws[week] < kr.hazard + kr.attention * ATTENTION_HAZARD
        kr = replace(kr, done=done)
    else:
        help_ = kr.attention / weeks
        kr = replace(kr, progress=kr.progress + kr.velocity + help_ + kr.noise * kr.draws[week])
    q = forecast(kr, week, weeks)
    return replace(
        kr,
        history=(*kr.history, Forecast(week, float(kr.done) if kr.milestone else kr.progress, q)),
    )


def slow_down(kr: KeyResultState, change: float) -> KeyResultState:
    """Apply a relative velocity change (an event or a risk striking)."""
    if kr.milestone:
        return replace(kr, hazard=max(kr.hazard * (1.0 + change), 0.0))
    return replace(kr, velocity=kr.velocity * (1.0 + change))


def correct(kr: KeyResultState, weeks: int) -> KeyResultState:
    """A corrective action: more velocity (or a better weekly chance) from now on."""
    if kr.milestone:
        return replace(
            kr, hazard=min(kr.hazard + CORRECTION_HAZARD, 0.95), corrections=kr.corrections + 1
        )
    return replace(
        kr, velocity=kr.velocity + CORRECTION_BOOST / weeks, corrections=kr.corrections + 1
    )


def translation_factor(qualities: list[str]) -> float:
    """Velocity factor from the cascade: real local translations make people act differently."""
    if not qualities:
        return 1.0
    mean = sum(QUALITY_VALUE[q] for q in qualities) / len(qualities)
    return 1.0 + TRANSLATION_EFFECT * mean


def start_key_result(
    s: Scenario,
    seed: int,
    kr_id: str,
    objective: str,
    factor: float,
    goal: float = 1.0,
    risk: tuple[float, float] = (0.0, 0.0),
    quarter: int = 1,
) -> KeyResultState:
    """A chosen key result at week 0, with its hidden pace and the quarter's draws (a later
    quarter's own draws: `quarter_key`)."""
    pooled = s.key_result(kr_id)
    kr, owner, weeks = pooled.model, pooled.owner, s.quarter.weeks
    hidden = 1.0 + HIDDEN_SPREAD * draws(seed, quarter_key(quarter, "pace:" + kr_id), 1)[0]
    risk_hazard = 1.0 - (1.0 - risk[0]) ** (1.0 / weeks) if risk[0] > 0 else 0.0
    state = KeyResultState(
        id=kr_id,
        objective=objective,
        owner=owner,
        milestone=kr.milestone,
        goal=goal,
        progress=0.0,
        velocity=BASE_PACE[kr.difficulty] * hidden * factor / weeks,
        noise=NOISE / weeks,
        hazard=min(MILESTONE_HAZARD[kr.difficulty] * hidden * factor, 0.95),
        risk_hazard=risk_hazard,
        risk_impact=risk[1],
        draws=draws(seed, quarter_key(quarter, "walk:" + kr_id), weeks + 1, uniform=kr.milestone),
        risk_draws=draws(seed, quarter_key(quarter, "risk:" + kr_id), weeks + 1, uniform=True),
    )
    return replace(state, history=(Forecast(0, 0.0, forecast(state, 0, weeks)),))


def start_kpi(s: Scenario, seed: int, kpi_id: str) -> KpiState:
    """A KPI at week 0, with the quarter's monthly draws."""
    k = s.kpi(kpi_id)
    return KpiState(
        id=k.id,
        value=k.current,
        drift=k.drift,
        noise=k.noise,
        draws=draws(seed, "kpi:" + k.id, 4),
        history=(KpiWeek(0, k.current),),
    )


def carry_kpi(seed: int, kpi: KpiState, quarter: int) -> KpiState:
    """A KPI at week 0 of a later quarter: where it drifted to, at the pace it drifts now, with
    the reviews it was left out of band remembered and the new quarter's monthly draws."""
    return KpiState(
        id=kpi.id,
        value=kpi.value,
        drift=kpi.drift,
        noise=kpi.noise,
        ignored=kpi.ignored,
        draws=draws(seed, quarter_key(quarter, "kpi:" + kpi.id), 4),
        history=(KpiWeek(0, kpi.value),),
    )


def kpi_in_band(s: Scenario, kpi: KpiState) -> bool:
    """True when a KPI sits inside its healthy band."""
    band = s.kpi(kpi.id).band
    return band.low <= kpi.value <= band.high


def month_of_kpi(s: Scenario, kpi: KpiState, month: int, week: int) -> KpiState:
    """A month of a KPI: drift (faster when ignored out of band), or back toward the band."""
    band = s.kpi(kpi.id).band
    if kpi.acted:
        middle = (band.low + band.high) / 2.0
        change = 0.5 * (middle - kpi.value)
    else:
        change = kpi.drift * (1.0 + 0.5 * kpi.ignored)
    value = kpi.value + change + kpi.noise * kpi.draws[min(month, len(kpi.draws) - 1)]
    return replace(kpi, value=value, acted=False, history=(*kpi.history, KpiWeek(week, value)))


def strike_events(state: GameState, week: int) -> tuple[GameState, list[tuple[str, str]]]:
    """Scripted events of this week, and random ones whose draw falls under their chance."""
    s = state.scenario
    struck: list[tuple[str, str]] = []
    already = {e for _, e in state.events_struck}
    draws_by_event = dict(state.event_draws)
    krs = {k.id: k for k in state.key_results}
    kpis = {k.id: k for k in state.kpis}
    for event in s.events:
        if event.id in already:
            continue
        if event.week is not None:
            fires = event.week == week
        else:
            fires = draws_by_event[event.id][week] < (event.probability or 0.0)
        if not fires:
            continue
        struck.append((event.id, event.narrative))
        for fx in event.effects:
            if fx.target in krs:
                kr = slow_down(krs[fx.target], fx.velocity) if fx.velocity else krs[fx.target]
                if fx.shift and not kr.milestone:
                    model = s.key_result(fx.target).model
                    gap = (model.target or 0.0) - (model.baseline or 0.0)
                    kr = replace(kr, progress=kr.progress + fx.shift / gap)
                krs[fx.target] = kr
            elif fx.target in kpis:
                kpi = kpis[fx.target]
                kpis[fx.target] = replace(
                    kpi, value=kpi.value + fx.shift, drift=kpi.drift * (1.0 + fx.velocity)
                )
    state = replace(
        state,
        key_results=tuple(krs[k.id] for k in state.key_results),
        kpis=tuple(kpis[k.id] for k in state.kpis),
        events_struck=(*state.events_struck, *((week, e) for e, _ in struck)),
    )
    return state, struck


def strike_risks(state: GameState, week: int) -> tuple[GameState, list[str]]:
    """Catchball risks (accepted, or never thrown back) that strike this week."""
    hit: list[str] = []
    krs = []
    for kr in state.key_results:
        if kr.risk_hazard > 0 and kr.risk_draws[week] < kr.risk_hazard:
            kr = replace(slow_down(kr, kr.risk_impact), risk_hazard=0.0)
            hit.append(kr.id)
        krs.append(kr)
    return replace(state, key_results=tuple(krs)), hit
