"""The debrief report as plain data: the debrief of each session, and who played it where.

Each `SessionReport` is the game's `Debrief` (game/session/debrief.py: the same model the
projector's debrief screens show) plus the session it came from. Nothing here draws or writes;
`build.py` fills these from replayed sessions, and the renderers (`markdown.py`, `html.py`,
`jsonout.py`) and the CLI's charts read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.session.debrief import (
    WATERMELON_SAID,
    Answered,
    Counterfactual,
    Debrief,
    KeyResultWeeks,
)

CHARTS = ("scores", "watermelon", "timeline")  # per session; "comparison" when several

__all__ = [
    "CHARTS",
    "WATERMELON_SAID",
    "Answered",
    "Counterfactual",
    "KeyResultWeeks",
    "Report",
    "SessionReport",
]


@dataclass(frozen=True)
class SessionReport(Debrief):
    """The debrief of one game, and the session it came from."""

    name: str  # the team, made unique across the report
    file: str  # the session file's name
    scenario: str
    scenario_title: str
    scenario_hash: str
    seed: int
    pressure: str
    policy: str | None  # the bot that held the people's seats, or None for people
    created: str
    actions: int
    state_hash: str
    charts: dict[str, str] = field(default_factory=dict)  # chart name -> PNG file name


@dataclass(frozen=True)
class Report:
    """The whole debrief: one or more games, and a comparison when there are several."""

    sessions: tuple[SessionReport, ...]
    comparison_chart: str | None = None  # PNG file name of the side-by-side scores

    @property
    def compared(self) -> tuple[SessionReport, ...]:
        """The sessions, best total first (the comparison's order); empty for one session."""
        if len(self.sessions) < 2:
            return ()
        return tuple(sorted(self.sessions, key=lambda s: -s.scores["total"]))
