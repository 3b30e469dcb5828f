"""The start screen from a clicker: every setting is reachable with Right / Left and Enter."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.cli.main import main
from game.scenario import load_scenario
from game.session.start import Setup
from game.ui.start import StartScreen
from game.ui.text import OVERFLOWS
from game.ui.theme import make_theme

ROOT = Path(__file__).resolve().parents[2]
NORTHWIND = ROOT / "scenarios" / "northwind.yaml"


@pytest.fixture
def start():
    pygame.display.init()
    pygame.font.init()
    scenario = load_scenario(NORTHWIND)
    setup = Setup.for_scenario(scenario, str(NORTHWIND), seed=7)
    choices = [NORTHWIND, ROOT / "scenarios" / "ironvale.yaml", ROOT / "nowhere.yaml"]

    def load(path: Path):
        return load_scenario(path) if path.exists() else f"{path}: error: no such file"

    return StartScreen(setup, choices, load, make_theme("light", 1080, 1920))


def focus(start: StartScreen, key: str) -> None:
    for _ in range(len(start.rows) + 1):
        if start.focus < len(start.rows) and start.rows[start.focus].key == key:
            return
        start.key(pygame.K_RIGHT)
    raise AssertionError(key)


def test_every_setting_changes_with_enter_and_back_with_page_up(start):
    focus(start, "pressure")
    start.key(pygame.K_RETURN)
    assert start.setup.pressure == "high"
    start.key(pygame.K_PAGEUP)
    assert start.setup.pressure == "normal"
    focus(start, "role:cfo")
    start.key(pygame.K_RETURN)
    assert start.setup.seat_of("cfo") == "person"
    focus(start, "solo")
    start.key(pygame.K_RETURN)
    assert start.setup.solo == "ceo" and start.setup.people == ("ceo",)
    focus(start, "teams")
    start.key(pygame.K_RETURN)
    focus(start, "timer")
    start.key(pygame.K_PAGEUP)
    focus(start, "warmup")
    start.key(pygame.K_RETURN)
    s = start.setup
    assert (s.teams, s.timer_percent, s.warmup) == (2, 75, False)
    focus(start, "quarters")
    assert s.quarters is None and s.quarters_played == 1  # Northwind sets no default
    start.key(pygame.K_RETURN)
    assert start.setup.quarters == 2
    start.key(pygame.K_PAGEUP)
    start.key(pygame.K_PAGEUP)
    assert start.setup.quarters == 4  # 1 → 4: round the ring
    focus(start, "scenario")
    start.key(pygame.K_RETURN)  # another scenario keeps the number chosen
    assert start.setup.scenario.meta.id == "ironvale" and start.setup.quarters == 4


def test_the_scenario_card_skips_a_file_that_does_not_load_and_says_why(start):
    focus(start, "scenario")
    start.key(pygame.K_RETURN)
    assert start.setup.scenario.meta.id == "ironvale"
    start.key(pygame.K_RETURN)  # nowhere.yaml fails: on to Northwind, with the reason shown
    assert start.setup.scenario.meta.id == "northwind"
    assert "no such file" in start.message


def test_page_down_starts_and_esc_leaves(start):
    start.key(pygame.K_PAGEDOWN)
    assert start.result == "start"
    start.result = None
    start.key(pygame.K_ESCAPE)
    assert start.result == "quit"


def test_enter_on_the_start_button_starts(start):
    start.key(pygame.K_LEFT)  # from the first card back to the last: the start button
    start.key(pygame.K_RETURN)
    assert start.result == "start"


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_nothing_is_cut_off(start, size):
    start.theme = make_theme("light", size[1], size[0])
    OVERFLOWS.clear()
    start.draw(pygame.Surface(size))
    assert OVERFLOWS == []


def test_people_on_the_command_line_name_an_unknown_role(capsys):
    code = main(["play", str(NORTHWIND), "--people", "ceo,cmo", "--no-start-screen"])
    assert code == 2
    assert "no role 'cmo' in this scenario (roles: ceo," in capsys.readouterr().err


def test_run_start_returns_the_settings_when_the_game_starts(start):
    from game.ui.start import run_start

    screen = pygame.display.set_mode((1280, 720))
    for k in (pygame.K_RIGHT, pygame.K_RETURN, pygame.K_PAGEDOWN):  # pressure: high; start
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=""))
    chosen = run_start(screen, start.setup, start.choices, start.load, start.theme)
    assert chosen is not None and chosen.pressure == "high"
