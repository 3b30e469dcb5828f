"""The quarter (B3: tell the truth): check-ins, reactions, corrective actions, KPI reviews.

The weeks run between stops: every `checkin_every` weeks a check-in (owners report a 0–10
confidence against their private forecast, the room reacts, named problems can be corrected),
and at the KPI review weeks a review (each out-of-band KPI gets an action or is knowingly left).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from game.engine import simulation as sim
from game.engine.actions import ROOM, Action, ActOnKpi, Correct, React, Report
from game.engine.errors import Rejection
from game.engine.events import GameEvent
from game.engine.review import enter_review
from game.engine.state import (
    PRESSURE_FACTOR,
    GameState,
    Reaction,
    ReportMade,
    at_table,
    get,
    of_scenario,
    put,
    replace,
    swap,
)
from game.engine.words import AT_RISK_AT_MOST, names_problem, status
from game.scenario.model import Scenario

ON_TRACK = AT_RISK_AT_MOST + 1  # the lowest green report (game.engine.words)
HEALTHY = 0.7  # crying wolf: off track reported on a key result whose forecast is at least this
CRY_WOLF_CREDIBILITY = 0.15  # credibility lost for crying wolf
HEDGE_CREDIBILITY = 0.1  # … for a hedge: at risk (4–6) reported on a healthy key result
MIN_CREDIBILITY = 0.1
UNCOVER = 0.4  # a challenge to a green report uncovers a problem below this forecast
MAX_CORRECTIONS = 2
CORRECTION_COST = 1  # capacity a corrective action takes
KPI_ACTION_COST = 0.5
NAMING_COST = 3.0  # standing lost for naming bad news, times the pressure factor
SUPPORT_STANDING = 0.5  # standing a support gives back on a freshly named problem (× pressure) …
SUPPORTS_THAT_PAY = 3  # … from at most this many supporters: half the naming cost at most
BLAME_STANDING = 2.0  # standing a blame costs the owner (× pressure)
MIN_CANDOUR, MAX_CANDOUR = 0.05, 1.0
# The room's attention after the reports (docs/rules.md, "Attention"): extra pace, as a share
# of the required pace a week until the next check-in, for a report of 0 on a key result that
# needs it; less for a less red report, a smaller need or a less credible owner.
ATTENTION = 0.3
SUPPORT_HELP = 0.08  # "what do you need?": each support adds this, where the need is real


def checkin_weeks(state: GameState) -> list[int]:
    """Weeks that end with a check-in (the last week ends with the review instead)."""
    return list(_weeks(state.scenario)[0])


def review_weeks(state: GameState) -> list[int]:
    """Weeks that end with a KPI review that still needs decisions."""
    return list(_weeks(state.scenario)[1])


def _weeks(s: Scenario) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """(check-in weeks, KPI review weeks, every stop), worked out once per scenario."""
    derived = of_scenario(s)
    if derived.weeks is None:
        q = s.quarter
        checkins = tuple(range(q.checkin_every, q.weeks, q.checkin_every))
        reviews = tuple(sorted(w for w in set(q.kpi_review_weeks) if w < q.weeks))
        stops = tuple(sorted(set(checkins) | set(reviews) | {q.weeks}))
        derived.weeks = (checkins, reviews, stops)
    return derived.weeks


def start_quarter(state: GameState) -> tuple[GameState, list[GameEvent]]:
    """Turn the decisions into the hidden business, then run to the first stop."""
    s = state.scenario
    krs = []
    for chosen in state.chosen:
        qualities = [t.quality for t in state.translations if t.objective == chosen.id]
        factor = sim.translation_factor(qualities)
        factor /= 1.0 + sim.MERGE_SPREAD * (len(chosen.members) - 1)
        throwbacks = [t for m in chosen.members for t in s.objective(m).throwbacks]
        for kr_id in chosen.key_results:
            owner = s.key_result(kr_id).owner
            goal, risk = 1.0, (0.0, 0.0)
            for i, tb in enumerate(throwbacks):
                if tb.key_result != kr_id:
                    continue
                thrown = next(
                    (t for t in state.thrown if t.objective == chosen.id and t.index == i), None
                )
                answer = thrown.answer if thrown else "hidden"
                if answer == "rescope":
                    goal = 0.8
                elif answer in ("accept", "hidden"):
                    risk = (tb.risk, tb.impact)
            resent = sim.RESENTMENT if owner in state.resentful else 1.0
            krs.append(
                sim.start_key_result(
                    s, state.seed, kr_id, chosen.id, factor * resent, goal, risk, state.quarter
                )
            )
    # A later quarter's KPIs carry on from where they drifted to (`later.next_quarter`).
    kpis = state.kpis
    if state.quarter == 1:
        kpis = tuple(sim.start_kpi(s, state.seed, k.id) for k in s.kpis)
    state = replace(state, phase="quarter", key_results=tuple(krs), kpis=kpis)
    events = [GameEvent("quarter_started", "The quarter begins.", {})]
    state, more = run_weeks(state)
    return state, events + more


def run_weeks(state: GameState) -> tuple[GameState, list[GameEvent]]:
    """Simulate week by week up to the next stop (a check-in, a KPI review, or the end)."""
    s = state.scenario
    weeks = s.quarter.weeks
    checkins, _, stops = _weeks(s)
    target = next(w for w in stops if w > state.week)
    events: list[GameEvent] = []
    for week in range(state.week + 1, target + 1):
        state, struck = sim.strike_events(state, week)
        events += [GameEvent("event", text, {"event": e, "week": week}) for e, text in struck]
        state, hit = sim.strike_risks(state, week)
        for kr_id in hit:
            label = s.key_result(kr_id).model.label
            events.append(
                GameEvent("risk_struck", f"A catchball risk strikes '{label}'.", {"week": week})
            )
        state = replace(
            state, key_results=tuple(sim.step_key_result(k, week, weeks) for k in state.key_results)
        )
        if week in s.quarter.kpi_review_weeks:
            month = sorted(s.quarter.kpi_review_weeks).index(week)
            state = replace(
                state, kpis=tuple(sim.month_of_kpi(s, k, month, week) for k in state.kpis)
            )
    state = replace(state, week=target)
    if target >= weeks:
        state, more = enter_review(state)
        return state, events + more
    step = "report" if target in checkins else "discuss"
    state = replace(state, step=step)
    label = "Check-in" if step == "report" else "KPI review"
    events.append(GameEvent("stop", f"Week {target}: {label}.", {"week": target, "step": step}))
    return state, events


def reports_due(state: GameState) -> list[tuple[str, str]]:
    """(owner, key result) pairs still to report at this check-in."""
    return list(_reports_due(state))


def _reports_due(state: GameState) -> tuple[tuple[str, str], ...]:
    if state.step != "report":
        return ()
    derived = state.derived
    if derived.reports_due is None:
        done = {r.key_result for r in _this_week(state)}
        derived.reports_due = tuple((k.owner, k.id) for k in state.key_results if k.id not in done)
    return derived.reports_due


def this_weeks_reports(state: GameState) -> dict[str, ReportMade]:
    """The report made on each key result at this week's check-in (the first, if several)."""
    derived = state.derived
    if derived.first_reports is None:
        derived.first_reports = {}
        for r in _this_week(state):
            derived.first_reports.setdefault(r.key_result, r)
    return dict(derived.first_reports)


def _reactions_left(state: GameState, role: str) -> tuple[Action, ...]:
    """The reactions a role at the table may still make to this check-in's reports.

    Worked out once per state; a state that differs from the one before it only by another
    role's reaction (the usual case in a discussion) takes the list the role had there."""
    cache = state.derived.reactions_left
    if cache is None:
        cache = state.derived.reactions_left = {}
    found = cache.get(role)
    if found is not None:
        return found
    reacted = _reacted(state).get(role, _NONE)
    before = state.prior
    if (
        before is not None
        and before.reports is state.reports
        and before.week == state.week
        and before.step == state.step
        and before.scenario is state.scenario
    ):
        found = (before.derived.reactions_left or {}).get(role)
        if found is not None and _reacted(before).get(role, _NONE) == reacted:
            cache[role] = found
            return found
    made = of_scenario(state.scenario).reaction_actions
    if made is None:
        made = of_scenario(state.scenario).reaction_actions = {}
    reacts: list[Action] = []
    for r in _this_week(state):
        if r.role == role or r.key_result in reacted:
            continue
        red = names_problem(r.confidence)
        options = made.get((role, r.key_result, red))
        if options is None:
            kinds = ("support", "challenge", "blame") if red else ("challenge",)
            options = made[role, r.key_result, red] = tuple(
                React(role=role, key_result=r.key_result, reaction=k) for k in kinds
            )
        reacts += options
    found = cache[role] = tuple(reacts)
    return found


_NONE: frozenset[str] = frozenset()


def _reacted(state: GameState) -> dict[str, frozenset[str]]:
    """The key results each role has reacted to this week.

    Taken from the state before when this one has the same reactions, or one more (the usual
    steps of a discussion); otherwise read from the end of the list."""
    derived = state.derived
    if derived.reacted is not None:
        return derived.reacted
    before, reactions = state.prior, state.reactions
    if before is not None and before.derived.reacted is not None and before.week == state.week:
        if before.reactions is reactions:
            derived.reacted = before.derived.reacted
            return derived.reacted
        last = reactions[-1] if reactions else None
        if (
            last is not None
            and last.week == state.week
            and len(reactions) == len(before.reactions) + 1
            and reactions[:-1] == before.reactions
        ):
            reacted = dict(before.derived.reacted)
            reacted[last.role] = reacted.get(last.role, _NONE) | {last.key_result}
            derived.reacted = reacted
            return reacted
    found: dict[str, set[str]] = {}
    for x in reversed(reactions):  # appended in week order: this week's are last
        if x.week != state.week:
            break
        found.setdefault(x.role, set()).add(x.key_result)
    derived.reacted = {role: frozenset(krs) for role, krs in found.items()}
    return derived.reacted


def _this_week(state: GameState) -> tuple[ReportMade, ...]:
    """The reports made at this week's check-in, in order."""
    derived = state.derived
    if derived.this_week is None:
        start = len(state.reports)
        while start and state.reports[start - 1].week == state.week:  # week order: last ones
            start -= 1
        derived.this_week = state.reports[start:]
    return derived.this_week


def _nudge(pairs: tuple[tuple[str, float], ...], role: str, delta: float, lo: float, hi: float):
    return put(pairs, role, min(max(get(pairs, role, 0.0) + delta, lo), hi))


def report(state: GameState, a: Report) -> tuple[GameState, list[GameEvent]]:
    """An owner reports a confidence; naming bad news costs standing now."""
    due = _reports_due(state)
    if not any(kr == a.key_result for _, kr in due):
        raise Rejection("no_report_due", "No report is due for that key result now.")
    kr = state.kr(a.key_result)
    if a.role != kr.owner:
        owner = state.scenario.role(kr.owner).title
        raise Rejection("not_owner", f"{owner} owns this key result and reports on it.")
    if not isinstance(a.confidence, int) or not 0 <= a.confidence <= 10:
        raise Rejection("bad_confidence", "Confidence is a whole number from 0 to 10.")
    q = kr.latest.q
    events: list[GameEvent] = []
    pf = PRESSURE_FACTOR[state.pressure]
    label = state.scenario.key_result(kr.id).model.label
    previous = _last_report(state, kr.id)
    credibility = get(state.credibility, a.role, 1.0)
    if names_problem(a.confidence):
        if kr.named_week is None:
            kr = replace(kr, named_week=state.week)
        if previous is None or not names_problem(previous.confidence):
            state = replace(
                state, standing=_nudge(state.standing, a.role, -NAMING_COST * pf, 0, 100)
            )
            events.append(
                GameEvent("named", f"Bad news named on '{label}' — it costs standing today.", {})
            )
    elif kr.named_week is not None:
        kr = replace(kr, named_week=None)  # "named" follows the latest report
    if status(a.confidence) == "off track" and q >= HEALTHY:
        state = replace(
            state,
            capacity=max(state.capacity - 0.5, 0.0),
            credibility=_nudge(
                state.credibility, a.role, -CRY_WOLF_CREDIBILITY, MIN_CREDIBILITY, 1.0
            ),
        )
        events.append(GameEvent("cry_wolf", f"The room chases '{label}', which was fine.", {}))
    elif names_problem(a.confidence) and q >= HEALTHY:
        state = replace(
            state,
            credibility=_nudge(state.credibility, a.role, -HEDGE_CREDIBILITY, MIN_CREDIBILITY, 1.0),
        )
    made = ReportMade(state.week, kr.id, a.role, a.confidence, q, credibility)
    state = replace(state, key_results=swap(state.key_results, kr), reports=(*state.reports, made))
    events.insert(
        0,
        GameEvent(
            "reported",
            f"{state.scenario.role(a.role).title}: '{label}' "
            f"{a.confidence}/10 — {status(a.confidence)}.",
            {"key_result": kr.id, "confidence": a.confidence},
        ),
    )
    if not _reports_due(state):
        state = replace(state, step="discuss", key_results=_attention(state))
    return state, events


def first_named(state: GameState, kr_id: str) -> int | None:
    """The week a key result was first named: by a report of 6 or less, or by a challenge that
    uncovered it (`named_week` follows the latest report; this is the first warning)."""
    weeks = [r.week for r in state.reports if r.key_result == kr_id and names_problem(r.confidence)]
    weeks += [x.week for x in state.reactions if x.key_result == kr_id and x.uncovered]
    return min(weeks, default=None)


def _last_report(state: GameState, kr_id: str) -> ReportMade | None:
    for r in reversed(state.reports):
        if r.key_result == kr_id:
            return r
    return None


def _attention(state: GameState) -> tuple:
    """The room's attention after this check-in's reports: each red report draws
    ATTENTION × (7 − confidence)/7 × its owner's credibility — as much as the report says is
    wrong, but never more than the owner's forecast says is needed (7 − the honest report):
    help beyond the real need is wasted, a shaded report gets less than it needed."""
    weights = {}
    for r in _this_week(state):
        if names_problem(r.confidence):
            need = max(ON_TRACK - round(10 * r.q), 0)
            weights[r.key_result] = min(ON_TRACK - r.confidence, need) / ON_TRACK * r.credibility
    return tuple(
        replace(k, attention=ATTENTION * weights.get(k.id, 0.0))
        if k.attention or k.id in weights
        else k
        for k in state.key_results
    )


def react(state: GameState, a: React) -> tuple[GameState, list[GameEvent]]:
    """Support, challenge or blame a report made at this check-in."""
    if state.step != "discuss" or state.week not in _weeks(state.scenario)[0]:
        raise Rejection("no_reports", "Reactions come after this check-in's reports.")
    made = next((r for r in _this_week(state) if r.key_result == a.key_result), None)
    if made is None:
        raise Rejection("no_report", "Nobody reported on that key result this week.")
    if a.role not in at_table(state.scenario) or a.role == made.role:
        raise Rejection("cannot_react", "Another role at the table reacts to a report.")
    if a.key_result in _reacted(state).get(a.role, ()):
        raise Rejection("already_reacted", "You have already reacted to that report.")
    red = names_problem(made.confidence)
    if a.reaction in ("support", "blame") and not red:
        raise Rejection(
            "nothing_to_support", "Support and blame answer bad news; challenge a green report."
        )
    pf = PRESSURE_FACTOR[state.pressure]
    owner, events, uncovered = made.role, [], False
    s = state.scenario
    label = s.key_result(a.key_result).model.label
    changes: dict[str, object] = {}  # one new state for the whole reaction
    if a.reaction == "support":
        candour = _nudge_room(state.candour, owner, 0.08, 0.02)
        standing = state.standing
        if _freshly_named(state, made) and _supports(state, a.key_result) < SUPPORTS_THAT_PAY:
            standing = _nudge(standing, owner, SUPPORT_STANDING * pf, 0, 100)
        kr = state.kr(a.key_result)
        if made.q < HEALTHY:  # help lands only where there is something to help with
            kr = replace(kr, attention=kr.attention + SUPPORT_HELP * made.credibility)
        changes.update(candour=candour, standing=standing, key_results=swap(state.key_results, kr))
        events.append(
            GameEvent("supported", f"{s.role(a.role).title} supports: what do you need?", {})
        )
    elif a.reaction == "blame":
        changes.update(
            candour=_nudge_room(state.candour, owner, -0.12 * pf, -0.04 * pf),
            standing=_nudge(state.standing, owner, -BLAME_STANDING * pf, 0, 100),
        )
        events.append(
            GameEvent("blamed", f"{s.role(a.role).title} blames {s.role(owner).title}.", {})
        )
    elif not red and made.q < UNCOVER:
        uncovered = True
        kr = state.kr(a.key_result)
        if kr.named_week is None:
            changes["key_results"] = swap(state.key_results, replace(kr, named_week=state.week))
        standing = _nudge(state.standing, owner, -4.0, 0, 100)
        changes["standing"] = _nudge(standing, a.role, 2.0, 0, 100)
        events.append(
            GameEvent("uncovered", f"The challenge uncovers a hidden problem in '{label}'.", {})
        )
    elif not red:
        changes["standing"] = _nudge(state.standing, a.role, -1.0, 0, 100)
        events.append(GameEvent("challenged", f"'{label}' holds up under the challenge.", {}))
    else:
        events.append(
            GameEvent("challenged", f"{s.role(a.role).title} asks what it would take.", {})
        )
    reaction = Reaction(state.week, a.key_result, a.role, a.reaction, uncovered)
    return replace(state, reactions=(*state.reactions, reaction), **changes), events


def _nudge_room(
    candour: tuple[tuple[str, float], ...], owner: str, own: float, others: float
) -> tuple[tuple[str, float], ...]:
    """The owner's candour moved by `own`, every other role's by `others` (within bounds)."""
    if all(role != owner for role, _ in candour):  # the owner first, then the others, as ever
        moved = _nudge(candour, owner, own, MIN_CANDOUR, MAX_CANDOUR)
        return tuple(
            (r, v if r == owner else min(max(v + others, MIN_CANDOUR), MAX_CANDOUR))
            for r, v in moved
        )
    return tuple(
        (r, min(max(v + (own if r == owner else others), MIN_CANDOUR), MAX_CANDOUR))
        for r, v in candour
    )


def _freshly_named(state: GameState, made: ReportMade) -> bool:
    """The report names a problem that was green (or never reported) before it."""
    if not names_problem(made.confidence):
        return False
    for r in reversed(state.reports):
        if r.key_result == made.key_result and r.week < made.week:
            return r.confidence >= ON_TRACK
    return True


def _supports(state: GameState, kr_id: str) -> int:
    """Supports already given to this week's report on a key result."""
    supports = 0
    for x in reversed(state.reactions):  # appended in week order: this week's are last
        if x.week != state.week:
            break
        supports += x.key_result == kr_id and x.reaction == "support"
    return supports


def correct(state: GameState, a: Correct) -> tuple[GameState, list[GameEvent]]:
    """A corrective action on a named problem, paid from capacity."""
    if state.step != "discuss":
        raise Rejection("not_now", "Corrective actions come after the reports.")
    if a.key_result not in {k.id for k in state.key_results}:
        raise Rejection("unknown_key_result", f"'{a.key_result}' is not a chosen key result.")
    kr = state.kr(a.key_result)
    if kr.named_week is None:
        raise Rejection("not_named", "Only a problem that has been named can be worked on.")
    if kr.corrections >= MAX_CORRECTIONS:
        raise Rejection("enough", "This key result already has all the help it can use.")
    if state.capacity < CORRECTION_COST:
        raise Rejection("no_capacity", "No capacity left for corrective actions.")
    weeks = state.scenario.quarter.weeks
    state = replace(
        state,
        capacity=state.capacity - CORRECTION_COST,
        key_results=swap(state.key_results, sim.correct(kr, weeks)),
        corrections=(*state.corrections, (state.week, kr.id, a.role)),
    )
    label = state.scenario.key_result(kr.id).model.label
    return state, [GameEvent("corrected", f"Capacity goes to '{label}'.", {"key_result": kr.id})]


def kpis_to_decide(state: GameState) -> list[str]:
    """Out-of-band KPIs that still need a decision at this week's review."""
    return list(_kpis_to_decide(state))


def _kpis_to_decide(state: GameState) -> tuple[str, ...]:
    if state.phase != "quarter" or state.week not in _weeks(state.scenario)[1]:
        return ()
    derived = state.derived
    if derived.kpis_to_decide is None:
        decided = {k for w, k, _ in state.kpi_decisions if w == state.week}
        derived.kpis_to_decide = tuple(
            k.id
            for k in state.kpis
            if k.id not in decided and not sim.kpi_in_band(state.scenario, k)
        )
    return derived.kpis_to_decide


def act_on_kpi(state: GameState, a: ActOnKpi) -> tuple[GameState, list[GameEvent]]:
    """Act on an out-of-band KPI (or leave it, knowingly: it keeps drifting)."""
    if state.step != "discuss" or a.kpi not in _kpis_to_decide(state):
        raise Rejection("no_kpi_decision", "That KPI needs no decision now.")
    kpi = state.kpi(a.kpi)
    name = state.scenario.kpi(a.kpi).name
    if a.act:
        if state.capacity < KPI_ACTION_COST:
            raise Rejection("no_capacity", "No capacity left to act on this KPI.")
        kpi = replace(kpi, acted=True, ignored=0)
        capacity = state.capacity - KPI_ACTION_COST
        text = f"Action on '{name}': it should move back toward its band."
    else:
        kpi = replace(kpi, ignored=kpi.ignored + 1)
        capacity = state.capacity
        text = f"'{name}' is left out of band — it will keep drifting."
    state = replace(
        state,
        kpis=swap(state.kpis, kpi),
        capacity=capacity,
        kpi_decisions=(*state.kpi_decisions, (state.week, a.kpi, a.act)),
    )
    return state, [GameEvent("kpi_decided", text, {"kpi": a.kpi, "act": a.act})]


def can_advance(state: GameState) -> bool:
    """A stop is complete: every report in and every out-of-band KPI decided."""
    return state.step == "discuss" and not _kpis_to_decide(state)


def legal_groups(state: GameState, role: str) -> Iterator[Sequence[Action]]:
    """A role's legal quarter actions in groups, in order (`rules.legal_actions` joins them).

    Reports and reactions are built once per scenario, role and key result: actions are
    frozen values, so one object serves every state that offers it."""
    made = of_scenario(state.scenario).report_actions
    if made is None:
        made = of_scenario(state.scenario).report_actions = {}
    for owner, kr in _reports_due(state):
        if owner == role:
            reports = made.get((role, kr))
            if reports is None:
                reports = made[role, kr] = tuple(
                    Report(role=role, key_result=kr, confidence=c) for c in range(11)
                )
            yield reports
    if state.step != "discuss":
        return
    if state.week in _weeks(state.scenario)[0] and role in at_table(state.scenario):
        yield _reactions_left(state, role)
    if role == ROOM:
        if state.capacity >= CORRECTION_COST:
            yield [
                Correct(key_result=k.id)
                for k in state.key_results
                if k.named_week is not None and k.corrections < MAX_CORRECTIONS
            ]
        for kpi in _kpis_to_decide(state):
            if state.capacity >= KPI_ACTION_COST:
                yield [ActOnKpi(kpi=kpi, act=True), ActOnKpi(kpi=kpi, act=False)]
            else:
                yield [ActOnKpi(kpi=kpi, act=False)]
