"""The coach of solo practice: after each phase, what the choices did, in this game's words.

Each reading cites this game's cards, key results and weeks, and asks the question of the three
(docs/report.md, "The three questions") that the phase was about. It reads the whole state,
hidden truth included: the coach speaks after the phase, when nothing it says can change a
decision already taken (docs/facilitation.md, "Solo practice").
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import simulation as sim
from game.engine.priorities import chosen_label
from game.engine.quarter import first_named
from game.engine.review import WATERMELON_MEANS, is_watermelon
from game.engine.state import GameState, get
from game.engine.words import OBJECTIVE_TYPES, TRANSLATION_QUALITIES, plural
from game.scoring.timing import speed
from game.session.questions import QUESTIONS


@dataclass(frozen=True)
class Reading:
    """What the coach says at the end of a phase."""

    title: str
    lines: list[str]
    question: str


def _label(state: GameState, kr_id: str) -> str:
    return state.scenario.key_result(kr_id).model.label


def priorities(state: GameState, role: str) -> Reading:
    """After the key results are picked: the three objectives, what was cut, how, how fast."""
    s = state.scenario
    lines = []
    for chosen in state.chosen:
        label = chosen_label(state, chosen)
        if chosen.merged:
            names = " and ".join(f"'{s.objective(m).label}'" for m in chosen.members)
            lines.append(
                f"You merged {names}: everyone smiled, but it counts as one of three, offers only "
                "vague translation cards and spreads the effort."
            )
        elif s.objective(chosen.id).type != "change":
            lines.append(f"'{label}': {OBJECTIVE_TYPES[s.objective(chosen.id).type].answer}")
        for kr_id in chosen.key_results:
            kind = s.key_result(kr_id).model.kind
            if kind == "activity":
                lines.append(
                    f"'{_label(state, kr_id)}' is an activity: done while nothing changes."
                )
            elif kind == "kpi_copy":
                lines.append(
                    f"'{_label(state, kr_id)}' repeats a KPI the dashboard already tracks."
                )
    dropped = [c for c in state.candidates if c.status == "dropped"]
    unheard = [c for c in dropped if not c.argued]
    if unheard:
        names = ", ".join(f"'{s.objective(c.id).label}'" for c in unheard[:3])
        lines.append(
            f"Dropped before anyone heard the case: {names}. Their advocates will remember."
        )
    kept_changes = {m for c in state.chosen for m in c.members}
    lost = sorted(
        (o for o in s.objectives if o.type == "change" and o.id not in kept_changes),
        key=lambda o: -o.impact,
    )
    if lost:
        lines.append(
            f"The strongest real change left out: '{lost[0].label}' (impact {lost[0].impact:g}/10)."
        )
    pace = speed(state)
    lines.append(
        f"Decision speed: {pace.rounds_said} and {pace.minutes:.0f} minutes, against a budget "
        f"of {plural(pace.rounds_budget, 'round')} and {pace.minutes_budget} minutes."
    )
    if not lines[:-1]:
        lines.insert(0, "Three real changes, real key results: the board is focused.")
    return Reading("Coach: the priorities", lines, QUESTIONS[0])


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
    thrown = [t for t in state.thrown if t.to_role == role]
    for t in thrown:
        word = {
            "trade_off": "traded something off",
            "rescope": "re-scoped a key result",
            "accept": "accepted the risk — it stays real in the quarter",
        }[t.answer]
        lines.append(f"{s.role(t.role).title} threw a constraint back; you {word}.")
    qualities = [t.quality for t in state.translations]
    share = qualities.count("translation") / len(qualities) if qualities else 0.0
    lines.append(f"Across the whole cascade, {share:.0%} of the lines are real translations.")
    return Reading("Coach: the cascade", lines, QUESTIONS[1])


def checkin(state: GameState, role: str, week: int) -> Reading:
    """After a check-in: your reports against your forecasts, your reactions to others' news."""
    s = state.scenario
    lines = []
    for r in state.reports:
        if r.week != week or r.role != role:
            continue
        honest = round(10 * r.q)
        label = _label(state, r.key_result)
        if r.confidence >= honest + 2:
            lines.append(
                f"You reported '{label}' at {r.confidence}/10; your own forecast was {r.q:.0%}. "
                "The room cannot fix what it does not see."
            )
        elif r.confidence <= honest - 2:
            lines.append(
                f"You reported '{label}' at {r.confidence}/10 against a forecast of {r.q:.0%}: "
                "crying wolf pulls capacity away from the real problems."
            )
        else:
            lines.append(f"'{label}': {r.confidence}/10 against a forecast of {r.q:.0%} — honest.")
    for x in state.reactions:
        if x.week == week and x.role == role:
            owner = next(
                r.role for r in state.reports if r.week == week and r.key_result == x.key_result
            )
            word = {"support": "supported", "blame": "blamed", "challenge": "challenged"}[
                x.reaction
            ]
            tail = " — and uncovered a hidden problem" if x.uncovered else ""
            lines.append(
                f"You {word} {s.role(owner).title} on '{_label(state, x.key_result)}'{tail}."
            )
    if not lines:
        lines.append("Nothing of yours was reported or reacted to at this check-in.")
    lines.append(f"Capacity left: {state.capacity:g}.")
    return Reading(f"Coach: the week {week} check-in", lines, QUESTIONS[2])


def review(state: GameState, role: str) -> Reading:
    """After the review: watermelons, early warnings, standing."""
    s = state.scenario
    lines = []
    for kr in state.key_results:
        label = _label(state, kr.id)
        if is_watermelon(state, kr):
            who = "yours" if kr.owner == role else s.role(kr.owner).title
            lines.append(f"'{label}' ({who}) was {WATERMELON_MEANS}: a watermelon.")
        elif kr.owner == role and sim.attainment(kr) < 1 and first_named(state, kr.id):
            week = first_named(state, kr.id)
            lines.append(f"'{label}' missed, but you named it in week {week}.")
    standing = get(state.standing, role)
    if standing is not None:
        lines.append(f"Your standing ends at {standing:.0f} (it started at 50).")
    return Reading(
        "Coach: the quarterly review", lines or ["No watermelons. Green meant green."], QUESTIONS[2]
    )


def reading_after(before: GameState, after: GameState, role: str) -> Reading | None:
    """The coach's reading when an action closed a phase (or a check-in), else None."""
    if before.phase == "priorities" and after.phase == "cascade":
        return priorities(after, role)
    if before.phase == "cascade" and after.phase == "quarter":
        return cascade(after, role)
    checkin_closed = (
        before.phase == "quarter"
        and after.week != before.week
        and before.step == "discuss"
        and any(r.week == before.week for r in before.reports)
    )
    if checkin_closed:
        return checkin(after, role, before.week)
    if before.phase == "review" and after.phase == "over":
        return review(after, role)
    return None
