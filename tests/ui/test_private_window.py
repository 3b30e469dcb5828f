"""The private window: with an extended display (or --private-window) a person's check-in
screen is drawn in a second window on the laptop, the projector shows only whose turn it is;
with one display the hand-over card warns that a mirrored laptop shows the room."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine import new_game
from game.scenario import load_scenario
from game.ui import private, text
from game.ui.app import App
from game.ui.scenes.checkin import HandoverScene, PrivateReportScene
from tests.ui.driver import key
from tests.ui.room_clicker import RoomClicker

ROOT = Path(__file__).resolve().parents[2]


def northwind(mode: str) -> App:
    return App(
        new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3),
        size=(1280, 720),
        private=mode,
    )


def to(app: App, cls) -> None:
    room = RoomClicker(app)
    for _ in range(3000):
        if isinstance(app.scene, cls):
            return
        room.step()
    raise AssertionError(f"never reached {cls.__name__}")


def words_drawn(app: App, monkeypatch) -> tuple[str, str]:
    """Every line of text drawn on the projector and in the private window, in one frame."""
    drawn: list[str] = []
    real = text.render
    monkeypatch.setattr(text, "render", lambda f, s, c: (drawn.append(s), real(f, s, c))[1])
    app.last_frame = ()
    scene, on_projector = app.scene, []
    real_public = scene.draw_public

    def public(surface):
        start = len(drawn)
        real_public(surface)
        on_projector.extend(drawn[start:])

    monkeypatch.setattr(scene, "draw_public", public)
    app.draw()
    monkeypatch.setattr(text, "render", real)
    private_words = [w for w in drawn if w not in on_projector]
    return " ".join(on_projector), " ".join(private_words)


def test_auto_opens_the_window_only_with_two_displays(monkeypatch):
    monkeypatch.setattr(pygame.display, "get_num_displays", lambda: 1)
    assert not private.wanted("auto") and private.wanted("on") and not private.wanted("off")
    monkeypatch.setattr(pygame.display, "get_num_displays", lambda: 2)
    assert private.wanted("auto") and not private.wanted("off")
    with pytest.raises(ValueError):
        private.wanted("maybe")


def test_the_private_screen_is_in_the_laptops_window_not_on_the_projector(monkeypatch):
    app = northwind("on")
    assert app.private is not None
    app.draw()
    assert app.private.showing == "idle"  # no private screen yet: the window says so
    to(app, HandoverScene)
    app.last_frame = ()
    app.draw()
    role = app.scene.role
    key(app, pygame.K_RETURN)  # the hand-over: the private screen opens in the window
    assert isinstance(app.scene, PrivateReportScene) and app.scene.role == role
    projector, laptop = words_drawn(app, monkeypatch)
    assert app.private.showing == "private"
    title = app.state.scenario.role(role).title
    assert f"{title} is reporting" in projector
    mine = [app.state.scenario.key_result(p["key_result"]).model.label for p in app.scene.mine()]
    for label in mine:  # every one of the person's key results: in the window, never projected
        assert label in laptop and label not in projector
    assert "private" in app.scene.headline() and "/10" not in projector
    # the window holds the private screen, scaled: not blank, not the projector's picture
    window = app.private.surface
    assert window.get_size() == private.SIZE
    small = pygame.transform.smoothscale(app.screen, private.SIZE)
    assert pygame.image.tobytes(small, "RGB") != pygame.image.tobytes(window, "RGB")
    key(app, pygame.K_RETURN)  # the keys still drive it: Enter chooses a number
    assert app.scene.pending is not None


def test_one_display_the_hand_over_warns_and_the_private_screen_is_projected(monkeypatch):
    app = northwind("auto")  # the dummy display is one display
    assert app.private is None
    to(app, HandoverScene)
    drawn: list[str] = []
    real = text.render
    monkeypatch.setattr(text, "render", lambda f, s, c: (drawn.append(s), real(f, s, c))[1])
    app.last_frame = ()
    app.draw()
    said = " ".join(drawn)
    assert "mirrors the projector" in said and "--room" in said and "extend" in said
    monkeypatch.setattr(text, "render", real)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, PrivateReportScene)


def test_with_the_window_the_hand_over_points_to_the_laptop(monkeypatch):
    app = northwind("on")
    to(app, HandoverScene)
    drawn: list[str] = []
    real = text.render
    monkeypatch.setattr(text, "render", lambda f, s, c: (drawn.append(s), real(f, s, c))[1])
    app.last_frame = ()
    app.draw()
    said = " ".join(drawn)
    assert "laptop's own screen" in said and "mirrors" not in said
