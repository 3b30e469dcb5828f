"""Small pieces of wording every renderer shares: chances, statuses as shape and word."""

from __future__ import annotations

TRUE_ON_TRACK, TRUE_AT_RISK = 0.65, 0.35  # as the projector's debrief reads a forecast
SHAPES = {"on track": "●", "at risk": "▲", "off track": "■"}
CLASSES = {"on track": "on", "at risk": "risk", "off track": "off"}


def percent(p: float) -> str:
    """A chance in whole percent, never claiming certainty the model does not give."""
    if 0.0 < p < 0.005:
        return "<1%"
    if 0.995 <= p < 1.0:
        return ">99%"
    return f"{p:.0%}"


def article(text: str) -> str:
    """'a' or 'an' before a number as it is read aloud ("an 8%", "an 11%", "a 12%")."""
    digits = text.lstrip("<>")
    spoken_vowel = digits.startswith("8") or digits.split("%")[0] in ("11", "18")
    return "an" if spoken_vowel and text == digits else "a"


def truth_status(q: float) -> str:
    """What was true at a week: the owner's own forecast read as a status."""
    return "on track" if q >= TRUE_ON_TRACK else "at risk" if q >= TRUE_AT_RISK else "off track"


def week_or(week: int | None, none: str) -> str:
    """'week 4', or the word for never."""
    return f"week {week}" if week is not None else none


def plural(n: int, noun: str) -> str:
    """'1 watermelon', '3 watermelons', 'no watermelons'."""
    return f"{n or 'no'} {noun}{'' if n == 1 else 's'}"
