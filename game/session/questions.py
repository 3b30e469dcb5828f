"""The three questions a team can ask itself on Monday, answered from what happened in a game."""

from __future__ import annotations

from game.engine import simulation as sim
from game.engine.priorities import chosen_label
from game.engine.quarter import first_named
from game.engine.review import last_report
from game.engine.state import GameState, level_index
from game.engine.words import OBJECTIVE_TYPES, TRANSLATION_QUALITIES
from game.scoring.timing import certain_to_miss

QUESTIONS = (
    "If we hit every KR, will the business actually be different?",
    "Would three director-level leaders give three different answers about what it means for them?",
    "If it is going to miss, when was that first said out loud?",
)
MAX_MISSES = 2  # key results named in the third answer (the page must fit the projector)


def _first(state: GameState, chosen) -> str:
    s = state.scenario
    if chosen.merged:
        names = " + ".join(f"'{s.objective(m).label}'" for m in chosen.members)
        return f"Hard to say — {names} were merged into one softened objective"
    o = s.objective(chosen.id)
    return f"{OBJECTIVE_TYPES[o.type].answer[:-1]} (strategic impact {o.impact:g}/10)."


def _second(state: GameState, chosen) -> str:
    s = state.scenario
    deepest = max(level_index(s, t.role) for t in state.translations) if state.translations else 0
    lines = [
        t
        for t in state.translations
        if t.objective == chosen.id and level_index(s, t.role) == deepest
    ]
    if not lines:
        return "Nobody below the top translated it."
    counts: dict[str, int] = {}
    for t in lines:
        counts[t.quality] = counts.get(t.quality, 0) + 1
    parts = [
        f"{n} of {len(lines)} {TRANSLATION_QUALITIES[q].share}"
        for q, n in sorted(counts.items(), key=lambda x: -x[1])
    ]
    level = s.levels[deepest].title
    verdict = "yes" if counts.get("translation", 0) == len(lines) else "not all of them"
    return f"At the {level} level, {verdict}: " + "; ".join(parts) + "."


def _third(state: GameState, chosen) -> str:
    s = state.scenario
    missed = [k for k in state.key_results if k.objective == chosen.id and sim.attainment(k) < 1.0]
    if not missed:
        return "Nothing missed: every key result was hit."
    sentences = []
    for k in missed:
        label = s.key_result(k.id).model.label
        certain = certain_to_miss(k)
        when = f", certain to miss from week {certain}" if certain else ""
        named = first_named(state, k.id)
        if named is not None:
            sentences.append(f"'{label}' was first said out loud in week {named}{when}.")
        else:
            last = last_report(state, k.id)
            green = f" — reported {last}/10 at the last check-in" if last is not None else ""
            sentences.append(f"'{label}' was never said out loud{green}{when}.")
    shown = sentences[:MAX_MISSES]
    if len(sentences) > MAX_MISSES:
        shown.append(f"({len(sentences) - MAX_MISSES} more missed: see the watermelon chart.)")
    return " ".join(shown)


def three_questions(state: GameState) -> list[tuple[str, list[str]]]:
    """For each chosen objective: its label and the answers to the three questions."""
    return [
        (chosen_label(state, c), [_first(state, c), _second(state, c), _third(state, c)])
        for c in state.chosen
    ]
