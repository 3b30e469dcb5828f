"""A focused card never hides its neighbours (issue 21 point 3; docs/screens.md, the
bullet on state in place): going over every card of Northwind's real shortlist, debate
board, check-in board and KPI review by Right, as a clicker does, no grown card lies over
another card and the news strip says the focused card in full; Enter on a card with moves
grows it with its buttons."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine import new_game
from game.scenario import load_scenario
from game.ui import text
from game.ui.app import App
from game.ui.scenes.checkin import BoardScene
from game.ui.scenes.priorities import PrioritiesScene
from tests.ui.driver import key
from tests.ui.test_clicker_keys import play_until

ROOT = Path(__file__).resolve().parents[2]

MOMENTS = {
    "shortlist": lambda a: isinstance(a.scene, PrioritiesScene) and a.state.step == "shortlist",
    "debate": lambda a: isinstance(a.scene, PrioritiesScene) and a.state.step == "debate",
    "board": lambda a: isinstance(a.scene, BoardScene) and a.scene.showing() == "key_results",
    "kpis": lambda a: isinstance(a.scene, BoardScene) and a.scene.showing() == "kpis",
}


def at(moment: str, size: tuple[int, int]) -> App:
    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=size)
    play_until(app, MOMENTS[moment])
    app.message = ""
    return app


def covered(app: App) -> list[str]:
    """The cards a grown card lies over, on the frame just drawn."""
    grown = app.scene.grown
    focused = app.focused_choice()
    if grown is None:
        return []
    return [c.key for c in app.scene.choices if c is not focused and grown.colliderect(c.rect)]


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("moment", sorted(MOMENTS))
def test_going_over_the_cards_hides_no_neighbour(moment, size):
    app = at(moment, size)
    cards = [i for i, c in enumerate(app.scene.choices) if c.full and not c.button]
    assert len(cards) >= 4, moment  # a real board, not an empty one
    seen = set()
    for _ in range(len(app.scene.choices) + 1):
        key(app, pygame.K_RIGHT)
        text.OVERFLOWS.clear()
        app.draw()
        focused = app.focused_choice()
        assert covered(app) == [], (moment, focused.key)
        assert not text.OVERFLOWS, (moment, focused.key)  # the strip says it all, uncut
        if focused.full and not focused.button and app.scene.grown is None:
            said = app.scene.news()
            assert said.startswith((focused.label, focused.full[:20])), (moment, focused.key)
            seen.add(focused.key)
    assert len(seen) >= 4, moment


@pytest.mark.parametrize("moment", ["debate", "board", "kpis"])
def test_enter_grows_the_card_with_its_buttons_and_a_move_closes_it(moment):
    app = at(moment, (1920, 1080))
    index = next(i for i, c in enumerate(app.scene.choices) if c.actions and c.enabled)
    app.focus = index
    app.draw()
    assert app.scene.grown is None  # focused, not grown
    key(app, pygame.K_RETURN)
    app.draw()
    grown, focused = app.scene.grown, app.focused_choice()
    assert grown is not None and grown.contains(focused.rect.clip(grown))
    buttons = app.scene.card_buttons[: len(focused.actions)]
    assert len(buttons) == len(focused.actions)
    assert all(grown.contains(rect) for rect, _ in buttons)


def test_a_click_on_a_cards_button_closes_the_card():
    """The mouse as the keys: a card's button played by a click leaves no card open, so Page
    Down goes on (it used to stay open and swallow Page Down)."""
    app = at("board", (1920, 1080))
    index = next(i for i, c in enumerate(app.scene.choices) if c.actions and c.enabled)
    app.focus = index
    key(app, pygame.K_RETURN)
    app.draw()
    rect, _ = app.scene.card_buttons[0]
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=rect.center, button=1))
    assert app.card_menu is None


def test_a_decided_kpi_says_which_way():
    """On the KPI review a KPI the room acted on and one it left do not look the same: each
    card says which, in a word, while an undecided one out of band says DECIDE."""
    from dataclasses import replace

    from game.ui.scenes.checkin import KPI_DECIDED

    app = at("kpis", (1920, 1080))
    state = app.state
    undecided = {c.key for c in app.scene.choices if "DECIDE" in c.marks}
    others = [k.id for k in state.kpis if f"kpi:{k.id}" not in undecided][:2]
    assert undecided and len(others) == 2
    decided = ((state.week, others[0], True), (state.week, others[1], False))
    decisions = state.kpi_decisions + decided
    shown = App(replace(state, kpi_decisions=decisions), size=(1920, 1080), started=True)
    while shown.weeks is not None:
        shown.close_overlay()  # the room has read what happened in the weeks
    shown.rebuild()
    assert shown.scene.showing() == "kpis"
    marks = {c.key: c.marks for c in shown.scene.choices}
    assert marks[f"kpi:{others[0]}"] == (KPI_DECIDED[True],)
    assert marks[f"kpi:{others[1]}"] == (KPI_DECIDED[False],)
    assert all(marks[k] == ("DECIDE",) for k in undecided)
    assert KPI_DECIDED[True] != KPI_DECIDED[False]


def test_the_warm_up_shows_the_focused_card_not_the_last_verdict():
    """After a card is sorted the strip gives its verdict; once the focus moves to the next
    card the strip reads that card's statement, not the last card's verdict."""
    from game.ui.scenes.opening import WarmupScene

    app = App(new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3), size=(1280, 720))
    play_until(app, lambda a: isinstance(a.scene, WarmupScene))
    app.focus = 0
    key(app, pygame.K_RETURN)  # the card's answers
    key(app, pygame.K_RETURN)  # the first one
    app.draw()
    verdict = app.scene.news()
    assert verdict and app.state.warmup_answers
    key(app, pygame.K_RIGHT)
    app.draw()
    statement = app.state.scenario.warmup[app.focus].statement
    said = app.scene.news()
    assert said != verdict and statement[:30] in said
