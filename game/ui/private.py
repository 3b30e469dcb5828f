"""The private window: a second window on the laptop's own screen for the private screens.

With an extended display (the laptop and the projector show different pictures), the private
forecast and report screens are drawn in this window on the laptop while the projector keeps
the public board; with a mirrored (or a single) display there is nowhere private to draw, and
the hand-over card warns the room instead (docs/facilitation.md, 'Privacy on the projector').

`wanted` decides: "on" (`offsite play --private-window`) always opens it, "off" never, "auto"
when the machine has more than one display. The scene is drawn at the projector's size (its
layout is the projector's) and scaled into the window.
"""

from __future__ import annotations

import pygame

MODES = ("auto", "on", "off")
SIZE = (1280, 720)  # the window on the laptop's screen (16:9; scaled from the projector's)
CENTRED_ON = 0x2FFF0000  # SDL_WINDOWPOS_CENTERED_DISPLAY(n) is this | n


def wanted(mode: str) -> bool:
    """Whether to open the private window: forced on or off, or when there are two displays."""
    if mode not in MODES:
        raise ValueError(f"private window: {mode!r} is not one of {', '.join(MODES)}")
    if mode != "auto":
        return mode == "on"
    return pygame.display.get_num_displays() > 1


class PrivateWindow:
    """The laptop's own window: the private screen while one is up, else a note that says so."""

    def __init__(self, size: tuple[int, int] = SIZE):
        displays = pygame.display.get_num_displays()
        position = CENTRED_ON | (1 if displays > 1 else 0)
        self.window = pygame.Window("Offsite — private (laptop only)", size, position=position)
        self.showing = ""  # "private" or "idle": what the window shows now

    @property
    def surface(self) -> pygame.Surface:
        return self.window.get_surface()

    def show(self, frame: pygame.Surface) -> None:
        """A private screen, drawn at the projector's size, scaled into the window."""
        pygame.transform.smoothscale(frame, self.surface.get_size(), self.surface)
        self.showing = "private"
        self.window.flip()

    def idle(self, draw) -> None:
        """No private screen up: `draw(surface)` says so."""
        if self.showing != "idle":
            draw(self.surface)
            self.showing = "idle"
            self.window.flip()
