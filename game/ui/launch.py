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


def open_start(setup, choices, load, size, windowed: bool, theme: str = "light"):
    """The start screen in the window the game will use (see `open_app` for the size): the
    settings chosen, or None when the facilitator leaves."""
    from game.ui.start import run_start
    from game.ui.theme import make_theme

    try:
        pygame.display.init()
        pygame.font.init()
        info = pygame.display.Info()
        native = (info.current_w, info.current_h)
        fullscreen = size is None and not windowed
        chosen = size or (WINDOWED if windowed or native[0] <= 0 else native)
        screen = pygame.display.set_mode(chosen, pygame.FULLSCREEN if fullscreen else 0)
    except pygame.error as exc:
        raise NoScreen(
            f"cannot open a window ({exc}); on a machine without a screen, "
            "`offsite screenshot` renders every screen to PNG"
        ) from None
    w, h = screen.get_size()
    return run_start(screen, setup, choices, load, make_theme(theme, h, w))
