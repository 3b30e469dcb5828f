"""Open the projector window: full screen at the screen's own size, or a window."""

from __future__ import annotations

import pygame

from game.ui.app import App

WINDOWED = (1600, 900)


class NoScreen(Exception):
    """No display to open a window on (a server, a CI machine)."""


def open_app(states, size: tuple[int, int] | None, windowed: bool, **options) -> App:
    """The app in a window: `size` if given, full screen at the native size unless `windowed`."""
    try:
        pygame.display.init()
        info = pygame.display.Info()
        native = (info.current_w, info.current_h)
        fullscreen = size is None and not windowed
        chosen = size or (WINDOWED if windowed or native[0] <= 0 else native)
        return App(states, size=chosen, fullscreen=fullscreen, **options)
    except pygame.error as exc:
        raise NoScreen(
            f"cannot open a window ({exc}); on a machine without a screen, "
            "`offsite screenshot` renders every screen to PNG"
        ) from None
