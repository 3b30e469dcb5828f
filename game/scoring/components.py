"""The four score components of a team, each 0–100, every point with a reason (docs/scoring.md).

Focus and Translation come from the team's decisions, Candour from the reports and reactions
of the seats people hold, Outcome from the business. The formulas and why an honest report is
optimal are explained in docs/scoring.md; the constants below are the ones it quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine import simulation as sim
from game.engine.cascade import throwbacks_for
from game.engine.priorities import chosen_label
from game.engine.quarter import checkin_weeks, first_named
from game.engine.state import GameState, table_roles
from game.engine.words import OBJECTIVE_TYPES, TRANSLATION_QUALITIES, names_problem, plural
from game.scoring.timing import certain_to_miss, first_warning, speed

OBJECTIVE_VALUE = {
    "change": 1.0,
    "kpi_target": 0.35,
    "kpi_bundle": 0.2,
    "maintenance": 0.2,
    "vague": 0.1,
}
MERGE_VALUE = 0.25
TRANSLATION_VALUE = {"translation": 1.0, "vague": 0.3, "misaligned": 0.2, "copy": 0.0}
ANSWER_VALUE = {"trade_off": 1.0, "rescope": 1.0, "accept": 0.6}
HIDING_WEIGHT = 1.5  # hiding bad news (p > q) weighs more than sandbagging (p < q)
DECOY_KR_WEIGHT = 0.3  # a decoy key result's attainment counts for less in the outcome
MERGE_IMPACT = 0.6


@dataclass
class Component:
    """One score, 0–100, with the reasons for the points it lost (and won)."""

    name: str
    value: float = 0.0
    reasons: list[tuple[float, str]] = field(default_factory=list)

    def top(self, n: int = 3) -> list[tuple[float, str]]:
        """The (points, text) of the reasons that moved the score most (a whole point or more)."""
        ranked = sorted(self.reasons, key=lambda r: -abs(r[0]))
        return [(points, text) for points, text in ranked[:n] if round(points)]

    def top_reasons(self, n: int = 3) -> list[str]:
        """The reasons that moved the score most, in plain words."""
        return [f"{points:+.0f} {self.name}: {text}" for points, text in self.top(n)]


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return min(max(x, lo), hi)


def focus(state: GameState) -> Component:
    """B1: the value of the three objectives, strategy fit, key-result quality, decision speed."""
    s = state.scenario
    c = Component("focus")
    value_pts, fit_pts, kr_pts, speed_pts = 50.0, 15.0, 25.0, 10.0
    n = max(len(state.chosen), 1)
    total = 0.0
    for chosen in state.chosen:
        label = chosen_label(state, chosen)
        if chosen.merged:
            v = MERGE_VALUE
            members = ", ".join(f"'{s.objective(m).label}'" for m in chosen.members)
            c.reasons.append(
                (-(1 - v) * value_pts / n, f"{members} were merged into one vague objective")
            )
        else:
            kind = s.objective(chosen.id).type
            v = OBJECTIVE_VALUE[kind]
            if kind != "change":
                c.reasons.append(
                    (-(1 - v) * value_pts / n, f"'{label}' is {OBJECTIVE_TYPES[kind].flaw}")
                )
        total += v * value_pts / n
    fits = [bool(s.objective(m).themes) for ch in state.chosen for m in ch.members]
    fit = sum(fits) / max(len(fits), 1)
    if fit < 1:
        c.reasons.append(
            (-(1 - fit) * fit_pts, "an objective serves none of the strategy's themes")
        )
    total += fit * fit_pts
    kr_score = 0.0
    for chosen in state.chosen:
        picks = [s.key_result(k).model for k in chosen.key_results]
        if not picks:
            continue
        real = sum(1 for k in picks if k.kind == "real") / len(picks)
        unfolded = {k.overlaps_kpi for k in picks if k.overlaps_kpi} - set(chosen.fold)
        score = _clamp(real - 0.25 * len(unfolded))
        for k in picks:
            if k.kind == "activity":
                c.reasons.append(
                    (-kr_pts / n / len(picks), f"'{k.label}' is an activity, not a result")
                )
            if k.kind == "kpi_copy":
                c.reasons.append(
                    (-kr_pts / n / len(picks), f"'{k.label}' repeats a KPI already tracked")
                )
        for kpi in sorted(unfolded):
            name = next(x.name for x in s.kpis if x.id == kpi)
            c.reasons.append(
                (-0.25 * kr_pts / n, f"'{name}' is tracked twice instead of folded in")
            )
        kr_score += score * kr_pts / n
    total += kr_score
    pace = speed(state)
    if pace.rounds_part < 1:
        c.reasons.append(
            (
                -(1 - pace.rounds_part) * speed_pts / 2,
                f"{pace.rounds_said} for a budget of {pace.rounds_budget}",
            )
        )
    if pace.minutes_part < 1:
        c.reasons.append(
            (
                -(1 - pace.minutes_part) * speed_pts / 2,
                f"{pace.minutes:.0f} minutes on priorities for a budget of {pace.minutes_budget}",
            )
        )
    total += pace.part * speed_pts
    unheard = [x for x in state.candidates if x.status == "dropped" and not x.argued]
    if unheard:
        penalty = min(3.0 * len(unheard), 10.0)
        c.reasons.append(
            (-penalty, f"{len(unheard)} cards dropped before their advocates were heard")
        )
        total -= penalty
    c.value = _clamp(total, 0, 100)
    return c


def translation(state: GameState) -> Component:
    """B2: each translation judged (not a copy, coherent, local, distinct); catchball answered."""
    s = state.scenario
    c = Component("translation")
    people = [t for t in state.translations if state.seat(t.role) == "person"]
    judged = people or list(state.translations)
    if judged:
        values = [TRANSLATION_VALUE[t.quality] for t in judged]
        share = 85.0 / len(judged)
        for t, v in zip(judged, values, strict=True):
            if v < 1:
                words = TRANSLATION_QUALITIES[t.quality].did
                obj = chosen_label(state, state.chosen_objective(t.objective))
                c.reasons.append((-(1 - v) * share, f"{s.role(t.role).title} {words} on '{obj}'"))
        total = sum(values) * share
    else:
        total = 85.0
    available = sum(len(throwbacks_for(state, ch)) for ch in state.chosen)
    if available:
        answered = sum(ANSWER_VALUE.get(t.answer, 0.0) for t in state.thrown)
        part = _clamp(answered / available)
        if part < 1:
            hidden = available - len(state.thrown)
            why = (
                f"{plural(hidden, 'constraint')} never thrown back"
                if hidden
                else "risks accepted unanswered"
            )
            c.reasons.append((-(1 - part) * 15, f"catchball: {why}"))
        total += part * 15
    else:
        total += 15
    c.value = _clamp(total, 0, 100)
    return c


def report_accuracy(p: float, q: float) -> float:
    """Expected Brier score of reporting p when the forecast is q, relative to reporting q.

    1 − w·(p − q)² / (1 − q(1 − q)): strictly proper (best at p = q, whatever happens), with
    hiding (p > q) weighted `HIDING_WEIGHT` times sandbagging.
    """
    weight = HIDING_WEIGHT if p > q else 1.0
    return 1.0 - weight * (p - q) ** 2 / (1.0 - q * (1.0 - q))


def _early_warning(state: GameState, people: set[str]) -> tuple[float, list[tuple[float, str]]]:
    """Lead time of first warnings: 25 points for naming each troubled key result as early
    as an honest report could have, fewer the later it was first named before it was certain
    to miss, times the credibility of the owner who named it (docs/scoring.md)."""
    s = state.scenario
    weeks = s.quarter.weeks
    checkins = set(checkin_weeks(state))
    leads, notes = [], []
    troubled = [k for k in state.key_results if k.owner in people and sim.attainment(k) < 1.0]
    for kr in troubled:
        possible = first_warning(kr, checkins)
        if possible is None:
            continue  # it never looked at risk at a check-in: nothing to warn about
        certain = certain_to_miss(kr)
        certain = weeks if certain is None else certain
        label = s.key_result(kr.id).model.label
        first, believed = _first_warning(state, kr.id)
        if first is None:
            leads.append(0.0)
            notes.append((-25.0, f"'{label}' missed and was never named"))
            continue
        window = max(certain - possible, s.quarter.checkin_every)
        lead = _clamp(1 - (first - possible) / window)
        if lead < 1:
            notes.append(
                (
                    -(1 - lead) * 25,
                    f"'{label}' could be named in week {possible}, was named in week {first}",
                )
            )
        if believed < 1:
            notes.append(
                (
                    -lead * (1 - believed) * 25,
                    f"'{label}' was named by an owner the room had learned to discount "
                    f"(credibility {believed:.0%})",
                )
            )
            lead *= believed
        leads.append(lead)
    if not leads:
        return 25.0, []
    return sum(leads) / len(leads) * 25, [(p / len(leads), t) for p, t in notes]


def _first_warning(state: GameState, kr_id: str) -> tuple[int | None, float]:
    """The week a key result was first named, and the credibility of the owner who named it
    then (1 when a challenge uncovered it)."""
    week = first_named(state, kr_id)
    report = next(
        (
            r
            for r in state.reports
            if r.key_result == kr_id and r.week == week and names_problem(r.confidence)
        ),
        None,
    )
    return week, report.credibility if report else 1.0


def candour(state: GameState) -> Component:
    """B3, from the seats people hold: reports against forecasts, early warnings, reactions."""
    s = state.scenario
    c = Component("candour")
    people = {role for role, by in state.seats if by == "person"}
    reports = [r for r in state.reports if r.role in people]
    if reports:
        scores = [max(report_accuracy(r.confidence / 10, r.q), 0.0) for r in reports]
        worst = sorted(zip(scores, reports, strict=True), key=lambda x: x[0])[:3]
        for score, r in worst:
            if score < 0.9:
                label = s.key_result(r.key_result).model.label
                c.reasons.append(
                    (
                        (score - 1) * 60 / len(reports),
                        f"week {r.week}: '{label}' reported {r.confidence}/10 "
                        f"against a forecast of {r.q:.0%}",
                    )
                )
        accuracy = sum(scores) / len(scores) * 60
    else:
        accuracy = 60.0
    warning, late_notes = _early_warning(state, people)
    c.reasons += late_notes
    reds = {
        (r.week, r.key_result)
        for r in state.reports
        if names_problem(r.confidence) and r.role not in people
    }
    mine = [x for x in state.reactions if x.role in people]
    values = []
    for x in mine:
        if (x.week, x.key_result) in reds:
            values.append({"support": 1.0, "challenge": 0.6, "blame": 0.0}[x.reaction])
            if x.reaction == "blame":
                c.reasons.append(
                    (
                        -15 / max(len(reds), 1),
                        f"{s.role(x.role).title} blamed bad news in week {x.week}",
                    )
                )
        elif x.uncovered:
            values.append(1.0)
            c.reasons.append((3.0, f"a challenge uncovered a hidden problem in week {x.week}"))
    reaction = (sum(values) / len(values) if values else 0.5 if reds else 1.0) * 15
    c.value = _clamp(accuracy + warning + reaction, 0, 100)
    return c


def outcome(state: GameState) -> Component:
    """The business: key results attained, strategic impact achieved, KPIs kept in band."""
    s = state.scenario
    c = Component("outcome")
    weighted, weight = 0.0, 0.0
    impact_won = 0.0
    for chosen in state.chosen:
        krs = [k for k in state.key_results if k.objective == chosen.id]
        real = [k for k in krs if s.key_result(k.id).model.kind == "real"]
        for k in krs:
            w = 1.0 if s.key_result(k.id).model.kind == "real" else DECOY_KR_WEIGHT
            weighted += w * sim.attainment(k)
            weight += w
            if w == 1.0 and sim.attainment(k) < 1:
                label = s.key_result(k.id).model.label
                c.reasons.append(
                    (
                        -(1 - sim.attainment(k)) * 40 / 12,
                        f"'{label}' reached {sim.attainment(k):.0%}",
                    )
                )
        impacts = [s.objective(m).impact for m in chosen.members]
        impact = sum(impacts) / len(impacts) * (MERGE_IMPACT if chosen.merged else 1.0)
        achieved = sum(sim.attainment(k) * k.goal for k in real) / len(real) if real else 0.0
        impact_won += impact * achieved
    best = sum(sorted((o.impact for o in s.objectives), reverse=True)[:3]) or 1.0
    attained = weighted / weight if weight else 0.0
    impact_part = _clamp(impact_won / best)
    if impact_part < 0.8:
        c.reasons.append(
            (
                -(1 - impact_part) * 40,
                f"strategic impact achieved: {impact_part:.0%} of what was possible",
            )
        )
    reviews = sorted({w for w in s.quarter.kpi_review_weeks} | {s.quarter.weeks})
    in_band, seen = 0, 0
    for kpi in state.kpis:
        model = next(k for k in s.kpis if k.id == kpi.id)
        for point in kpi.history:
            if point.week in reviews:
                seen += 1
                inside = model.band.low <= point.value <= model.band.high
                in_band += inside
                if not inside and point.week == s.quarter.weeks:
                    c.reasons.append((-20 / len(s.kpis), f"'{model.name}' ended out of its band"))
    band_part = in_band / seen if seen else 1.0
    c.value = _clamp(attained * 40 + impact_part * 40 + band_part * 20, 0, 100)
    return c


__all__ = [
    "Component",
    "candour",
    "checkin_weeks",
    "focus",
    "outcome",
    "table_roles",
    "translation",
]
