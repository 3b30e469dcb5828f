"""The solo coach from the cascade on: the cascade, each stop of the quarter (a check-in, a KPI
review, or both) and the quarterly review — each reading what the player (who also runs the
room) did there, against the truth the owners' forecasts hold."""

from __future__ import annotations

from game.engine import simulation as sim
from game.engine.priorities import chosen_label
from game.engine.quarter import checkin_weeks, first_named, review_weeks
from game.engine.review import WATERMELON_MEANS, is_watermelon
from game.engine.state import GameState, get
from game.engine.words import OBJECTIVE_TYPES, TRANSLATION_QUALITIES, names_problem
from game.session.questions import QUESTIONS
from game.session.reading import Reading, kr_label, measured, reading, some

THROWBACK_ANSWERS = {
    "trade_off": "traded something off",
    "rescope": "re-scoped a key result",
    "accept": "accepted the risk — it stays real in the quarter",
}


def cascade(state: GameState, role: str) -> Reading:
    """After the cascade: your own translations, what the level below made of them, catchball."""
    s = state.scenario
    lines = []
    for t in state.translations:
        if t.role == role:
            label = chosen_label(state, state.chosen_objective(t.objective))
            lines.append(f"Your line on '{label}' was {TRANSLATION_QUALITIES[t.quality].was}.")
    below = [t for t in state.translations if s.role(t.role).reports_to == role]
    if below:
        copies = [t for t in below if t.quality == "copy"]
        lines.append(
            f"The level below you gave {len(below)} translations of your lines; {len(copies)} "
            "copied you word for word."
            if copies
            else f"The level below you gave {len(below)} translations of your lines, none copied."
        )
    for t in state.thrown:
        label = chosen_label(state, state.chosen_objective(t.objective))
        if t.to_role == role:
            lines.append(
                f"{s.role(t.role).title} threw a constraint back on '{label}'; "
                f"you {THROWBACK_ANSWERS[t.answer]}."
            )
        elif t.role == role:
            lines.append(
                f"You threw a constraint on '{label}' back to {s.role(t.to_role).title}, who "
                f"{THROWBACK_ANSWERS[t.answer].split(' — ')[0]}."
            )
    if not lines:
        lines.append("You translated nothing and no constraint came to you: the cascade ran below.")
    qualities = [t.quality for t in state.translations]
    share = qualities.count("translation") / len(qualities) if qualities else 0.0
    lines.append(f"Across the whole cascade, {share:.0%} of the lines are real translations.")
    return reading("Coach: the cascade", lines, QUESTIONS[1])


def stop(state: GameState, role: str, week: int) -> Reading:
    """After a stop of the quarter: at a check-in, your reports against your forecasts, your
    reactions and the room's corrective actions; at a KPI review, what you did with each KPI
    out of its band."""
    checkin = week in checkin_weeks(state)
    review = week in review_weeks(state)
    lines = _checkin_lines(state, role, week) if checkin else []
    if review:
        lines += _kpi_lines(state, week)
    lines.append(f"Capacity left: {state.capacity:g}.")
    what = (
        " and ".join([w for w, on in (("check-in", checkin), ("KPI review", review)) if on])
        or "stop"
    )
    return reading(f"Coach: the week {week} {what}", lines, QUESTIONS[2])


def _checkin_lines(state: GameState, role: str, week: int) -> list[str]:
    s = state.scenario
    lines = []
    honest = []
    for r in state.reports:
        if r.week != week or r.role != role:
            continue
        label = kr_label(state, r.key_result)
        if r.confidence >= round(10 * r.q) + 2:
            lines.append(
                f"You reported '{label}' at {r.confidence}/10; your own forecast was {r.q:.0%}. "
                "The room cannot fix what it does not see."
            )
        elif r.confidence <= round(10 * r.q) - 2:
            lines.append(
                f"You reported '{label}' at {r.confidence}/10 against a forecast of {r.q:.0%}: "
                "crying wolf pulls capacity away from the real problems."
            )
        else:
            honest.append(f"'{label}' {r.confidence}/10 (forecast {r.q:.0%})")
    if honest:
        more = f" and {len(honest) - 2} more" if len(honest) > 2 else ""
        lines.insert(0, f"You reported honestly: {', '.join(honest[:2])}{more}.")
    mine = [x for x in state.reactions if x.week == week and x.role == role]
    reacted = {x.key_result for x in mine}
    supported = [kr_label(state, x.key_result) for x in mine if x.reaction == "support"]
    if supported:
        lines.append(f"You supported {some(supported, 2)}: what do you need?")
    owners = {r.key_result: r.role for r in state.reports if r.week == week}
    for x in mine:
        if x.reaction == "support":
            continue
        word = "blamed" if x.reaction == "blame" else "challenged"
        tail = " — and uncovered a hidden problem" if x.uncovered else ""
        lines.append(
            f"You {word} {s.role(owners[x.key_result]).title} on "
            f"'{kr_label(state, x.key_result)}'{tail}."
        )
    silent = [
        r
        for r in state.reports
        if r.week == week
        and r.role != role
        and names_problem(r.confidence)
        and r.key_result not in reacted
    ]
    if silent:
        r = silent[0]
        more = f", and to {len(silent) - 1} more red reports" if len(silent) > 1 else ""
        lines.append(
            f"You said nothing to {s.role(r.role).title}'s '{kr_label(state, r.key_result)}' "
            f"at {r.confidence}/10{more}."
        )
    corrected = [kr_label(state, k) for w, k, _ in state.corrections if w == week]
    if corrected:
        lines.append(f"You put capacity on {some(corrected)}.")
    if not lines:
        lines.append("Nothing of yours was reported or reacted to at this check-in.")
    return lines


def _kpi_lines(state: GameState, week: int) -> list[str]:
    s = state.scenario
    lines = []
    for w, kpi_id, acted in state.kpi_decisions:
        if w != week:
            continue
        kpi = s.kpi(kpi_id)
        was = next((h for h in state.kpi(kpi_id).history if h.week == week), None)
        value = f"{measured(was.value, kpi.unit)}, " if was is not None else ""
        band = f"{value}band {measured(kpi.band.low, '')}–{measured(kpi.band.high, kpi.unit)}"
        if acted:
            lines.append(
                f"You acted on '{kpi.name}' ({band}): it should move back toward its band."
            )
        else:
            lines.append(
                f"You left '{kpi.name}' out of its band ({band}): it keeps drifting, faster each "
                "review it is left."
            )
    if not lines:
        lines.append(f"Every KPI was inside its band at week {week}: nothing to decide.")
    return lines


def review(state: GameState, role: str) -> Reading:
    """After the review: what you called still right, watermelons, early warnings, standing."""
    s = state.scenario
    lines = []
    for c in state.chosen:
        if c.still_right is None:
            continue
        krs = [k for k in state.key_results if k.objective == c.id]
        hit = sum(1 for k in krs if sim.attainment(k) >= 1.0)
        kind = "merged" if c.merged else s.objective(c.id).type
        truth = (
            "a softened merge"
            if kind == "merged"
            else ("a real change" if kind == "change" else OBJECTIVE_TYPES[kind].flaw)
        )
        said = "still right" if c.still_right else "no longer right"
        lines.append(
            f"You called '{chosen_label(state, c)}' {said}: {truth}, {hit} of {len(krs)} key "
            "results hit."
        )
    for kr in state.key_results:
        label = kr_label(state, kr.id)
        if is_watermelon(state, kr):
            who = "yours" if kr.owner == role else s.role(kr.owner).title
            lines.append(f"'{label}' ({who}) was {WATERMELON_MEANS}: a watermelon.")
        elif kr.owner == role and sim.attainment(kr) < 1 and first_named(state, kr.id):
            lines.append(f"'{label}' missed, but you named it in week {first_named(state, kr.id)}.")
    if not any(is_watermelon(state, kr) for kr in state.key_results):
        lines.append("No watermelons. Green meant green.")
    standing = get(state.standing, role)
    if standing is not None:
        lines.append(f"Your standing ends at {standing:.0f} (it started at 50).")
    return reading("Coach: the quarterly review", lines, QUESTIONS[2])
