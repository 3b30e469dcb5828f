"""The projector plays the quarterly question by clicker keys (Right / Left, Enter, PgDn) and the
keys K / W / R, then plays the second quarter to its debrief (docs/screens.md)."""

from __future__ import annotations

import pygame
import pytest

from game.bots.policies import POLICIES
from game.engine import is_over, new_game
from game.scenario import load_scenario, scenario_hash
from game.session.autoplay import steps
from game.session.table import Table
from game.ui.app import App
from game.ui.scenes.ending import DebriefScene, ReviewScene
from game.ui.scenes.priorities import PrioritiesScene
from game.ui.scenes.quarterly import QuarterlyScene
from tests.conftest import ROOT
from tests.ui.clicker import ENTER, card_move, focus_on, press
from tests.ui.driver import key, step
from tests.ui.test_play_through import offered_is_legal


@pytest.fixture(scope="module")
def at_the_review():
    """A good two-quarter Northwind game at its first review, before any objective is called."""
    s = load_scenario(ROOT / "scenarios" / "northwind.yaml")
    start = new_game(s, 1, scenario_hash=scenario_hash(s), quarters=2)
    for st in steps(s, "good", 1, state=start):
        if st.state.phase == "review":
            return st.state
    raise AssertionError("never reached")


def _app(state) -> App:
    app = App(state, size=(1280, 720))
    app.reset(Table(state), started=True)
    while app.weeks is not None:
        app.close_overlay()
    app.rebuild()
    return app


def test_the_review_leads_to_the_question_and_the_keys_answer_it(at_the_review):
    app = _app(at_the_review)
    assert isinstance(app.scene, ReviewScene)
    press(app, pygame.K_PAGEDOWN)  # the reveal, then the objectives
    assert "the quarterly question" in app.scene.hint()
    for c in at_the_review.chosen:
        focus_on(app, c.id)
        key(app, pygame.K_y)
    press(app, pygame.K_PAGEDOWN)
    assert app.state.phase == "quarterly" and isinstance(app.scene, QuarterlyScene)
    assert "Quarter 1 of 2" in app.status_lines()
    offered_is_legal(app)  # the screen offers exactly the engine's answers and next click
    first, second, third = (c.id for c in app.state.chosen)
    version = app.state.version
    press(app, pygame.K_PAGEDOWN)  # not answered yet: refused with the reason, nothing played
    assert app.state.version == version and "each objective" in app.message
    card_move(app, first, "Keep")  # Right to the card, Enter, Enter on its first button
    card_move(app, second, "Rewrite")  # … Right once to the second button
    assert dict(app.state.answers) == {first: "keep", second: "rewrite"}
    assert "KEEP" in app.scene.choices[0].marks
    focus_on(app, third)
    key(app, pygame.K_r)
    assert dict(app.state.answers)[third] == "replace"
    press(app, pygame.K_PAGEDOWN)
    assert app.state.quarter == 2 and isinstance(app.scene, PrioritiesScene)
    assert app.state.step == "debate" and "Quarter 2 of 2" in app.status_lines()
    # The second quarter plays through the projector to its debrief, as the first did.
    policy = POLICIES["good"]()
    screens = set()
    for _ in range(4000):
        offered_is_legal(app)
        screens.add(type(app.scene).__name__)
        if is_over(app.state):
            break
        step(app, policy)
    assert {"PrioritiesScene", "KeyResultsScene", "CascadeScene", "BoardScene"} <= screens
    assert is_over(app.state) and app.state.quarter == 2
    assert isinstance(app.scene, DebriefScene)
    assert [c.id for c in app.state.chosen if c.id in (first, second)] == [first, second]


def test_enter_on_a_card_opens_its_answers_and_left_goes_back(at_the_review):
    app = _app(at_the_review)
    press(app, pygame.K_PAGEDOWN)
    for c in at_the_review.chosen:
        focus_on(app, c.id)
        key(app, pygame.K_y)
    press(app, pygame.K_PAGEDOWN)
    focus_on(app, app.state.chosen[0].id)
    press(app, ENTER)  # opens the buttons, plays nothing
    assert app.card_menu == 0 and not app.state.answers
    labels = [label for label, _ in app.focused_choice().actions]
    assert labels == ["Keep (K)", "Rewrite (W)", "Replace (R)"]
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_LEFT)
    press(app, ENTER)
    assert app.state.answers == ((app.state.chosen[0].id, "rewrite"),)
