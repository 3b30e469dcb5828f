"""Every shipped scenario played through the projector app with synthetic input events only;
at every screen, the moves it offers for its seats are exactly the engine's legal actions."""

from __future__ import annotations

import pytest

from game.bots.policies import Policy
from game.engine import legal_actions, new_game
from game.engine.actions import Undo
from game.scenario import load_scenario, scenario_hash
from game.ui.app import App
from tests.conftest import shipped_scenarios
from tests.ui.driver import step

MAX_GESTURES = 3000
SIZES = [(1920, 1080), (1280, 720), (1920, 1200), (3840, 2160), (1280, 720)]


def offered_is_legal(app: App) -> None:
    """The screen's offered moves, seat by seat, against the engine's legal actions."""
    state, scene = app.state, app.scene
    offered = [m for m in scene.offered() if m.allowed]
    seats = {s.role for s in scene.seats()}
    where = f"{type(scene).__name__} in {state.phase}/{state.step} week {state.week}"
    for m in scene.offered():
        assert m.version == state.version, f"{where}: a move offered on an old state: {m}"
        assert m.action.role in seats, f"{where}: {m.action} is not for this screen's seats"
    for seat in scene.seats():
        legal = [a for a in legal_actions(state, seat.role) if not isinstance(a, Undo)]
        mine = [m.action for m in offered if m.action.role == seat.role]
        extra = [a for a in mine if a not in legal]
        missing = [a for a in legal if a not in mine]
        assert not extra, f"{where}: offered for {seat.role} but not legal: {extra[:3]}"
        assert not missing, f"{where}: legal for {seat.role} but not offered: {missing[:3]}"


@pytest.mark.parametrize(
    "path,size",
    list(zip(shipped_scenarios(), SIZES, strict=False)),
    ids=lambda v: getattr(v, "stem", None) or f"{v[0]}x{v[1]}",
)
def test_a_whole_quarter_with_keys_and_mouse_only(path, size):
    scenario = load_scenario(path)
    state = new_game(scenario, 3, scenario_hash=scenario_hash(scenario))
    app = App(state, size=size)
    app.draw()
    policy = Policy()
    gestures, screens = 0, set()
    while app.state.phase != "over":
        offered_is_legal(app)
        screens.add(type(app.scene).__name__)
        before = (app.state.version, type(app.scene).__name__, app.focus, app.layouts)
        step(app, policy)
        gestures += 1
        assert gestures < MAX_GESTURES, f"stuck in {type(app.scene).__name__}: {app.message}"
        after = (app.state.version, type(app.scene).__name__, app.focus, app.layouts)
        assert before != after or app.message == "", f"a gesture did nothing: {app.message}"
    offered_is_legal(app)
    logged = app.table.teams[0].actions
    people = {r for r, by in app.state.seats if by == "person"}
    assert any(a.by == "person" for a in logged)
    assert {a.role for a in logged if a.kind == "report" and a.by == "person"} <= people
    assert app.state.reports and app.state.translations and app.state.chosen
    assert {"WarmupScene", "PrioritiesScene", "CascadeScene", "BoardScene"} <= screens
