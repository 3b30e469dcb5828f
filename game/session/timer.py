"""The phase timer: a countdown per stage of the game, on a clock the caller supplies.

The engine never reads a clock, and neither does this module: the front end passes the seconds
that went by (`PhaseTimer.tick(dt)`, `Table.tick(dt)`). Each stage has a budget — the
scenario's own for the priorities, the defaults below elsewhere — that the facilitator can
stretch or shorten a minute at a time and pause (docs/facilitation.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import GameState

# Minutes budgeted per phase when the scenario does not say (priorities come from the scenario).
DEFAULT_MINUTES = {
    "briefing": 10,
    "warmup": 5,
    "priorities": 25,
    "cascade": 20,
    "quarter": 6,  # per check-in
    "review": 10,
    "over": 20,
}
PHASE_ORDER = ("briefing", "warmup", "priorities", "cascade", "quarter", "review", "over")
STEP_ORDER = ("", "shortlist", "debate", "key_results", "report", "discuss")


@dataclass
class PhaseTimer:
    """A countdown for the current phase (or check-in)."""

    budget_s: float = 0.0
    elapsed_s: float = 0.0
    paused: bool = False
    chimed: bool = False
    stage: tuple = ()

    def restart(self, stage: tuple, minutes: float) -> None:
        """A new stage starts: a fresh countdown."""
        self.stage, self.budget_s, self.elapsed_s, self.chimed = stage, minutes * 60.0, 0.0, False

    def tick(self, dt: float) -> bool:
        """Advance the clock; True once, when it reaches zero."""
        if not self.paused:
            self.elapsed_s += dt
        if not self.chimed and self.elapsed_s >= self.budget_s > 0:
            self.chimed = True
            return True
        return False

    def adjust(self, minutes: float) -> None:
        """Stretch or shorten the budget (never below one minute)."""
        self.budget_s = max(self.budget_s + minutes * 60.0, 60.0)
        if self.elapsed_s < self.budget_s:
            self.chimed = False

    @property
    def left_s(self) -> float:
        """Seconds left (negative once over)."""
        return self.budget_s - self.elapsed_s

    def text(self) -> str:
        """mm:ss left, or +mm:ss over."""
        left = self.left_s
        sign = "" if left >= 0 else "+"
        seconds = int(abs(left))
        return f"{sign}{seconds // 60:d}:{seconds % 60:02d}"


def stage_of(state: GameState) -> tuple:
    """What the timer times: the phase, and the week during the quarter."""
    return (state.phase, state.week if state.phase == "quarter" else 0)


def stage_key(state: GameState) -> tuple[int, int, int]:
    """How far a game has come, comparable across teams: phase, week, step."""
    return (PHASE_ORDER.index(state.phase), state.week, STEP_ORDER.index(state.step))


def budget_for(state: GameState) -> float:
    """Minutes budgeted for the state's stage."""
    if state.phase == "priorities":
        return float(state.scenario.priorities.minutes)
    return float(DEFAULT_MINUTES.get(state.phase, 10))
