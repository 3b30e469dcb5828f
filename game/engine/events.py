"""What happened when an action was applied: for the UI, sounds, the coach and transcripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GameEvent:
    """One thing that happened, with a sentence the room can read."""

    kind: str
    text: str
    data: dict[str, Any] = field(default_factory=dict)
