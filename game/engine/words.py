"""The game's words: what a confidence, a forecast, an objective type or a score is called.

Every place that shows one of these — the engine's events, the projector, the report, the
coach, the transcript, the charts — reads it from here, so a threshold or a word changes once.
The meanings are the ones docs/rules.md gives (statuses, objective types) and docs/scoring.md
(score names); docs/report.md explains the truth status. No rule lives here: the engine's
rules use the thresholds (a report at `AT_RISK_AT_MOST` or under names a problem), nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["on track", "at risk", "off track"]
STATUSES: tuple[Status, ...] = ("on track", "at risk", "off track")

# A confidence (0–10) as a status: 0–3 off track, 4–6 at risk, 7–10 on track.
OFF_TRACK_AT_MOST = 3
AT_RISK_AT_MOST = 6


def status(confidence: int) -> Status:
    """The status a reported confidence stands for: 0–3 off track, 4–6 at risk, 7–10 on track."""
    if confidence <= OFF_TRACK_AT_MOST:
        return "off track"
    return "at risk" if confidence <= AT_RISK_AT_MOST else "on track"


def names_problem(confidence: int) -> bool:
    """Whether a report names bad news: at risk or off track (6 or less)."""
    return confidence <= AT_RISK_AT_MOST


# The owner's private forecast q (0–1) read the same way: what was true that week.
TRUE_ON_TRACK = 0.65  # at or over: on track; under it, an honest report names the problem
TRUE_AT_RISK = 0.35  # at or over (and under TRUE_ON_TRACK): at risk; under it: off track


def truth_status(q: float) -> Status:
    """What was true at a week: the owner's own forecast read as a status."""
    if q >= TRUE_ON_TRACK:
        return "on track"
    return "at risk" if q >= TRUE_AT_RISK else "off track"


def honest_names(q: float) -> bool:
    """Whether an honest report against this forecast names a problem (truth not on track)."""
    return q < TRUE_ON_TRACK


STATUS_MARKS: dict[Status, str] = {
    "on track": "ON TRACK",
    "at risk": "AT RISK",
    "off track": "OFF TRACK",
}
NOT_YET = "NOT YET"  # the mark of a key result nobody has reported on
STATUS_GLYPHS: dict[Status, str] = {"on track": "●", "at risk": "▲", "off track": "■"}
# A KPI against its band, as every screen says it (drawn with the on-track circle or the
# off-track square, in their colours: game/ui/widgets.py draw_band).
BAND_MARKS: dict[bool, str] = {True: "IN BAND", False: "OUT OF BAND"}


@dataclass(frozen=True)
class TypeWords:
    """How the game speaks of one objective type."""

    mark: str  # the tag on a tested card: KPI TARGET
    answer: str  # "If we hit every KR, will the business be different?" — a full sentence
    flaw: str  # what a decoy is, after "'Label' is …" (empty for a real change)


OBJECTIVE_TYPES: dict[str, TypeWords] = {
    "change": TypeWords(
        "CHANGE", "Yes — hitting every key result would change how the business works.", ""
    ),
    "kpi_target": TypeWords(
        "KPI TARGET",
        "No — a number moves, nothing about the business changes: a KPI target.",
        "a KPI target, not a change",
    ),
    "kpi_bundle": TypeWords(
        "KPI BUNDLE",
        "No — it holds health metrics steady: KPIs dressed up as strategy.",
        "KPIs dressed up as strategy",
    ),
    "maintenance": TypeWords(
        "MAINTENANCE",
        "No — it keeps the lights on: necessary work, not a change.",
        "maintenance, not a change",
    ),
    "vague": TypeWords(
        "TOO VAGUE",
        "Nobody can tell — it is too vague to know what hitting it would mean.",
        "too vague to act on",
    ),
}


@dataclass(frozen=True)
class QualityWords:
    """How the game speaks of one judged translation."""

    did: str  # after "Finance …": what the role did with the line above
    share: str  # after "2 of 3 …": the debrief's count
    was: str  # after "Your line was …": the coach's reading, with its consequence


TRANSLATION_QUALITIES: dict[str, QualityWords] = {
    "translation": QualityWords(
        "translated it into their own work",
        "translated it into their own work",
        "a real translation — people on it know what to do differently",
    ),
    "copy": QualityWords(
        "copied the level above word for word",
        "copied the line above",
        "a copy of the line above — velocity stays where it was",
    ),
    "vague": QualityWords(
        "gave a slogan nobody can act on",
        "answered with a slogan",
        "a slogan — nobody can act on it",
    ),
    "misaligned": QualityWords(
        "translated it into work that serves something else",
        "turned it into work that serves something else",
        "work that serves something else — effort spent off the objective",
    ),
}

COMPONENTS = ("focus", "translation", "candour", "outcome")
SCORE_TITLES = {
    "focus": "Focus (B1)",
    "translation": "Translation (B2)",
    "candour": "Candour (B3)",
    "outcome": "Outcome",
    "total": "Total",
}


def percent(p: float) -> str:
    """A chance in whole percent, never claiming certainty the model does not give."""
    if 0.0 < p < 0.005:
        return "<1%"
    if 0.995 <= p < 1.0:
        return ">99%"
    return f"{p:.0%}"


def amount(x: float) -> str:
    """A KPI's value as the board shows it: three significant figures, and whole numbers with
    thousands separators from 1,000 up (2,950 open tickets, never 2.95e+03)."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def change(delta: float, unit: str) -> str:
    """A jump in a KPI's or key result's own unit, signed: '+0.04 £/order', and for a unit in
    percent ('%', '% of plan') the percentage points it moved ('-0.2 pts', never '-0.2%',
    which reads as a relative change)."""
    if unit.strip().startswith("%"):
        return f"{delta:+g} pts"
    return f"{delta:+g} {unit}".rstrip()


def article(text: str) -> str:
    """'a' or 'an' before a number as it is read aloud ("an 8%", "an 11%", "a 12%")."""
    digits = text.lstrip("<>")
    spoken_vowel = digits.startswith("8") or digits.split("%")[0] in ("11", "18")
    return "an" if spoken_vowel and text == digits else "a"


def week_or(week: int | None, none: str) -> str:
    """'week 4', or the word for never."""
    return f"week {week}" if week is not None else none


COUNTS = {0: "none", 1: "one", 2: "two", 3: "three"}  # small counts said in words


def plural(n: int, noun: str) -> str:
    """'1 watermelon', '3 watermelons', 'no watermelons'."""
    return f"{n or 'no'} {noun}{'' if n == 1 else 's'}"


# What a phase and a step of the game are called (the engine's refusals, the projector, the phones).
PHASE_NAMES = {
    "briefing": "the briefing",
    "warmup": "the warm-up",
    "priorities": "the priorities",
    "cascade": "the cascade",
    "quarter": "the quarter",
    "review": "the quarterly review",
    "quarterly": "the quarterly question",
    "over": "the debrief",
}

STEP_NAMES = {
    "shortlist": "the shortlist",
    "debate": "the debate",
    "key_results": "picking key results",
    "report": "the check-in reports",
    "discuss": "the discussion after the reports",
}
