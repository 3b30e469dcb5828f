"""The facilitator's tools that are not rules: the phase timer, its chime, and the sound switch.

The timer runs on the app's clock (the engine never reads one). Each phase has a budget —
the scenario's own for the priorities, sensible defaults elsewhere — that the facilitator can
stretch or shorten a minute at a time (+ / −) and pause (P). At zero a soft chime sounds once;
the sound is synthesised, and silent when the machine has no audio device or sound is muted (M).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

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
        """Stretch or shorten the budget (never below what has elapsed)."""
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


def stage_of(state) -> tuple:
    """What the timer times: the phase, and the week during the quarter."""
    return (state.phase, state.week if state.phase == "quarter" else 0)


PHASE_ORDER = ("briefing", "warmup", "priorities", "cascade", "quarter", "review", "over")
STEP_ORDER = ("", "shortlist", "debate", "key_results", "report", "discuss")


def stage_key(state) -> tuple[int, int, int]:
    """How far a game has come, comparable across teams: phase, week, step."""
    return (PHASE_ORDER.index(state.phase), state.week, STEP_ORDER.index(state.step))


def budget_for(state) -> float:
    """Minutes budgeted for the state's stage."""
    if state.phase == "priorities":
        return float(state.scenario.priorities.minutes)
    return float(DEFAULT_MINUTES.get(state.phase, 10))


class Sound:
    """The chime, synthesised once; silent without an audio device."""

    def __init__(self) -> None:
        self.muted = False
        self.chime: pygame.mixer.Sound | None = None
        try:
            pygame.mixer.init(frequency=44100, size=-16, channels=2)
            self.chime = pygame.sndarray.make_sound(self._tone())
        except (pygame.error, ValueError, NotImplementedError):
            self.chime = None  # no audio device (or no mixer): the timer still shows

    @staticmethod
    def _tone() -> np.ndarray:
        """A soft two-note chime: 660 Hz then 880 Hz, each fading out."""
        rate = 44100
        parts = []
        for freq in (660.0, 880.0):
            t = np.linspace(0, 0.45, int(rate * 0.45), endpoint=False)
            parts.append(np.sin(2 * np.pi * freq * t) * np.exp(-5 * t))
        wave = (np.concatenate(parts) * 0.25 * 32767).astype(np.int16)
        channels = pygame.mixer.get_init()[2] if pygame.mixer.get_init() else 2
        return np.repeat(wave[:, None], channels, axis=1).copy(order="C")

    @property
    def available(self) -> bool:
        """Whether a chime can be heard on this machine."""
        return self.chime is not None

    def play(self) -> None:
        """Chime, unless muted or silent."""
        if self.chime is not None and not self.muted:
            self.chime.play()
