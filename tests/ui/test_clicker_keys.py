"""Clicker keys get out of everything: a text box, and the reacting role on the board."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.bots.policies import POLICIES
from game.engine import new_game
from game.scenario import load_scenario
from game.ui.app import App
from game.ui.scenes.cascade import CascadeScene
from game.ui.scenes.checkin import BoardScene
from tests.ui.driver import key, step

ROOT = Path(__file__).resolve().parents[2]


def play_until(app: App, done, limit: int = 4000) -> None:
    policy = POLICIES["good"]()
    for _ in range(limit):
        if done(app):
            return
        step(app, policy)
    raise AssertionError("never reached")


def test_esc_and_page_up_leave_the_text_box_unsent():
    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1280, 720))
    play_until(
        app,
        lambda a: (
            isinstance(a.scene, CascadeScene)
            and a.scene.current
            and a.scene.current[1][0] == "translate"
        ),
    )
    for leave in (pygame.K_ESCAPE, pygame.K_PAGEUP):
        before = len(app.state.translations)
        app.focus = len(app.scene.choices) - 1  # "Type our own…"
        key(app, pygame.K_RETURN)
        assert app.typing()
        key(app, leave)
        assert not app.typing() and not app.menu
        assert isinstance(app.scene, CascadeScene) and len(app.state.translations) == before


def test_page_up_cycles_the_reacting_role_on_the_board():
    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1280, 720))
    play_until(app, lambda a: isinstance(a.scene, BoardScene))
    first = app.scene.reactor
    assert len(app.scene.reactors) > 1
    key(app, pygame.K_PAGEUP)
    assert app.scene.reactor != first and app.scene.reactor in app.scene.reactors
    assert (
        first in app.scene.hint()
        or app.state.scenario.role(app.scene.reactor).title in app.scene.hint()
    )


def test_the_watermelon_chart_ends_on_the_quarters_last_week():
    import dataclasses

    from game.scenario import load_scenario
    from game.session.autoplay import play
    from game.session.debrief import KeyResultWeeks, Reported, Truth, debrief

    made = debrief(play(load_scenario("tests/fixtures/good/tiny.yaml"), "good", 2))
    assert made.checkins == (2, 4, 6, 8, 10) and made.grid_weeks == (2, 4, 6, 8, 10, 12)
    row = KeyResultWeeks(
        "a", "A", "o", "Owner", "person", 0.5, False, 2, 4, None,
        (Reported(2, 8, 0.7), Reported(4, 3, 0.2)), (Truth(2, 0.7), Truth(4, 0.2), Truth(12, 0.0)),
    )  # fmt: skip
    late = dataclasses.replace(made, key_results=(row,), checkins=(2, 12))
    assert late.grid_weeks == (2, 12)  # a check-in in the last week: no extra column
    assert row.cell(12).reported is None and row.cell(12).true == "off track"
