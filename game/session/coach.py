"""The coach of solo practice: after every phase, what the player's choices did, in this game's
words (docs/facilitation.md, "Solo practice").

A solo leader plays one role and runs the room (every decision the team takes together), so
what the room did is what they did. A reading follows each phase the engine has — the briefing,
the warm-up when it is played, the shortlist, the debate, the key results, the cascade, every
stop of the quarter (a check-in, a KPI review, or both at once) and the quarterly review — and
ends on the question of the three (docs/report.md, "The three questions") that the phase was
about. Readings are worked out from the game's state alone; from the debate's lock on they read
the hidden truth too, once nothing said can change a decision already taken.
"""

from __future__ import annotations

from game.engine.state import GameState
from game.session import coach_priorities as early
from game.session import coach_quarter as late
from game.session.reading import Reading

__all__ = ["Reading", "reading_after"]


def reading_after(before: GameState, after: GameState, role: str) -> Reading | None:
    """The coach's reading when an action closed a phase (or a stop of the quarter), else None."""
    if before.phase == "briefing" and after.phase != "briefing":
        return early.briefing(after, role)
    if before.phase == "warmup" and after.phase != "warmup":
        return early.warmup(after, role)
    if before.phase == "priorities":
        if before.step == "shortlist" and after.step != "shortlist":
            return early.shortlist(after, role)
        if before.step == "debate" and after.step != "debate":
            return early.debate(after, role)
        if after.phase != "priorities":
            return early.key_results(after, role)
        return None
    if before.phase == "cascade" and after.phase != "cascade":
        return late.cascade(after, role)
    stop_closed = (
        before.phase == "quarter"
        and before.step == "discuss"
        and (after.week != before.week or after.phase != "quarter")
    )
    if stop_closed:
        return late.stop(after, role, before.week)
    if before.phase == "review" and after.phase != "review":
        return late.review(after, role)
    return None
