"""The facilitator's chime and sound switch (the phase timer itself is `game.session.timer`).

At zero the timer's soft chime sounds once; the sound is synthesised, and silent when the
machine has no audio device or sound is muted (M).
"""

from __future__ import annotations

import numpy as np
import pygame


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
