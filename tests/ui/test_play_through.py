"""A whole game played through the projector app with synthetic input events only."""

from __future__ import annotations

import pytest

from game.bots.policies import Policy
from game.engine import new_game
from game.scenario import load_scenario, scenario_hash
from game.ui.app import App
from tests.ui.driver import step

MAX_GESTURES = 3000


@pytest.mark.parametrize(
    "path,size",
    [
        ("scenarios/northwind.yaml", (1920, 1080)),
        ("tests/fixtures/good/tiny.yaml", (1280, 720)),
        ("scenarios/brightlane.yaml", (1920, 1200)),
        ("scenarios/ironvale.yaml", (3840, 2160)),
        ("scenarios/rivermead.yaml", (1280, 720)),
    ],
)
def test_a_whole_quarter_with_keys_and_mouse_only(path, size):
    scenario = load_scenario(path)
    logged = []
    state = new_game(scenario, 3, scenario_hash=scenario_hash(scenario))
    app = App(state, size=size, on_action=lambda action, st: logged.append(action))
    app.draw()
    policy = Policy()
    gestures = 0
    while app.state.phase != "over":
        before = (
            app.state.version,
            type(app.scene).__name__,
            app.focus,
            dict(app.ui_state).__repr__(),
        )
        step(app, policy)
        gestures += 1
        assert gestures < MAX_GESTURES, f"stuck in {type(app.scene).__name__}: {app.message}"
        after = (
            app.state.version,
            type(app.scene).__name__,
            app.focus,
            dict(app.ui_state).__repr__(),
        )
        assert before != after or app.message == "", f"a gesture did nothing: {app.message}"
    people = {r for r, by in app.state.seats if by == "person"}
    assert any(a.by == "person" for a in logged)
    assert {a.role for a in logged if a.kind == "report" and a.by == "person"} <= people
    assert app.state.reports and app.state.translations and app.state.chosen
