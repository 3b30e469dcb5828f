"""What the solo coach says at the end of a phase, and the small helpers every reading shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.state import GameState
from game.engine.words import amount

MAX_LINES = 6  # a reading fits the projector at 1280×720 in the body type


@dataclass(frozen=True)
class Reading:
    """What the coach says at the end of a phase: what the player's choices did, in this
    game's words, and the question (of the three) the phase was about, which it ends on."""

    title: str
    lines: list[str]
    question: str


def reading(title: str, lines: list[str], question: str) -> Reading:
    """A reading of at most MAX_LINES lines: each phase puts the most telling first and its
    closing line (the pace, the capacity, the standing) last, which is always kept."""
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], lines[-1]]
    return Reading(title, lines, question)


def quoted(labels: Sequence[str]) -> str:
    """'A'; 'A' and 'B'; 'A', 'B' and 'C'."""
    marks = [f"'{x}'" for x in labels]
    if len(marks) < 2:
        return "".join(marks)
    return ", ".join(marks[:-1]) + " and " + marks[-1]


def some(labels: Sequence[str], most: int = 3) -> str:
    """At most `most` labels quoted, then how many more: 'A', 'B', 'C' and 2 more."""
    if len(labels) <= most:
        return quoted(labels)
    return ", ".join(f"'{x}'" for x in labels[:most]) + f" and {len(labels) - most} more"


def measured(value: float, unit: str) -> str:
    """A KPI's value in its unit as the board shows it: '94.3%', '2,950 tickets'."""
    return f"{amount(value)}{unit}" if unit == "%" else f"{amount(value)} {unit}".rstrip()


def kr_label(state: GameState, kr_id: str) -> str:
    """A key result's label."""
    return state.scenario.key_result(kr_id).model.label


def minutes_said(ms: int) -> str:
    """'under a minute', '1 minute', '12 minutes' (from recorded milliseconds)."""
    n = round(ms / 60000)
    if n < 1:
        return "under a minute"
    return f"{n} minute{'' if n == 1 else 's'}"
