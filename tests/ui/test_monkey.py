"""A monkey test: thousands of random keys and clicks on every screen, and nothing breaks."""

from __future__ import annotations

import numpy as np
import pygame

from game.engine import new_game
from game.scenario import load_scenario
from game.ui.app import App
from game.ui.screenshot import SCENES, render_scene
from tests.conftest import ROOT

KEYS = [
    pygame.K_PAGEDOWN,
    pygame.K_PAGEUP,
    pygame.K_SPACE,
    pygame.K_RIGHT,
    pygame.K_LEFT,
    pygame.K_UP,
    pygame.K_DOWN,
    pygame.K_RETURN,
    pygame.K_TAB,
    pygame.K_ESCAPE,
    pygame.K_F1,
    pygame.K_F2,
    pygame.K_b,
    pygame.K_PERIOD,
    *range(pygame.K_0, pygame.K_9 + 1),
    *range(pygame.K_a, pygame.K_z + 1),
    pygame.K_BACKSPACE,
]
EVENTS_PER_SCREEN = 250


def random_event(rng: np.random.Generator, size: tuple[int, int]) -> pygame.event.Event:
    kind = rng.integers(4)
    pos = (int(rng.integers(size[0])), int(rng.integers(size[1])))
    if kind == 0:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))
    if kind == 1:
        return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1)
    k = int(rng.choice(KEYS))
    mod = pygame.KMOD_CTRL if k == pygame.K_z and rng.random() < 0.3 else 0
    char = chr(k) if 32 <= k < 127 else ""
    return pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=char, scancode=0)


def test_random_input_on_every_screen_never_raises():
    scenario = load_scenario(ROOT / "scenarios" / "northwind.yaml")
    size = (1280, 720)
    app = App(new_game(scenario, 2), size=size)
    rng = np.random.default_rng(7)
    for name in SCENES:
        render_scene(app, scenario, 2, name)
        for n in range(EVENTS_PER_SCREEN):
            app.handle(random_event(rng, size))
            app.running = True  # Esc, Q quits the menu: a legitimate end, keep monkeying
            if n % 5 == 0:
                app.manager.update(0.03)
                app.draw()
