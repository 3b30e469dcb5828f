"""Every screen renders at 1280×720, 1920×1080 and 3840×2160 with no text box overflowing,
whichever card has the focus; and `offsite screenshot` writes one PNG per scene."""

from __future__ import annotations

import subprocess
import sys

import pygame
import pytest

from game.engine import new_game
from game.scenario import load_scenario
from game.ui import text
from game.ui.app import App
from game.ui.screenshot import SCENES, render_scene
from tests.conftest import ROOT

SIZES = [(1280, 720), (1920, 1080), (3840, 2160)]


@pytest.fixture(scope="module")
def northwind():
    return load_scenario(ROOT / "scenarios" / "northwind.yaml")


def overflows(scenario, seed: int, size: tuple[int, int], skip_unreached: bool = False) -> dict:
    """Every scene's cut texts, with every card focused in turn."""
    app = App(new_game(scenario, seed), size=size)
    overflowing = {}
    for name in SCENES:
        try:
            surface = render_scene(app, scenario, seed, name)
        except LookupError:
            if skip_unreached:
                continue  # a moment this seed's game never reaches
            raise
        assert surface.get_size() == size
        cut = set(text.OVERFLOWS)
        for i in range(len(app.scene.choices)):
            app.focus = i
            app.draw()
            cut |= set(text.OVERFLOWS)
        if cut:
            overflowing[name] = sorted(cut)
    return overflowing


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_text_overflows_on_any_screen(northwind, size):
    assert not overflows(northwind, 1, size)
    assert not text.MISSING_GLYPHS, f"drawn without a glyph in the font: {text.MISSING_GLYPHS}"


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_fits_at_1080p(path):
    assert not overflows(load_scenario(path), 2, (1920, 1080), skip_unreached=True)


def test_status_is_colour_shape_and_word(northwind):
    app = App(new_game(northwind, 1), size=(1920, 1080))
    render_scene(app, northwind, 1, "checkin_board")
    statuses = {c.status for c in app.scene.choices if not c.button}
    assert statuses and None not in statuses  # every key result shows a reported status
    from game.ui.widgets import STATUS

    assert {shape for _, shape, _ in STATUS.values()} == {"circle", "triangle", "square", "diamond"}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_selected_card_is_colour_shape_and_word_not_the_focus_blue(theme, monkeypatch):
    """Selected reads from the back of the room: a thick frame in the highlight colour and a
    tab with a tick and SELECTED, on the card and on the grown card (the thin pink line under
    the focus ring was invisible); a card not selected has none of it."""
    from game.ui import widgets
    from game.ui.theme import make_theme

    t = make_theme(theme, 1080, 1920)
    words = []
    real = widgets.render
    monkeypatch.setattr(widgets, "render", lambda f, w, c: words.append(w) or real(f, w, c))
    for selected in (False, True):
        surface = pygame.Surface((1920, 1080))
        surface.fill(t.c("background"))
        card = widgets.Choice("a", "Raise OTIF", rect=pygame.Rect(300, 300, 500, 250))
        card.selected = selected
        words.clear()
        widgets.draw_card(surface, t, card, focused=False)
        frame = [
            surface.get_at((card.rect.x + t.px(3) + i, card.rect.centery))[:3]
            for i in range(t.px(10))
        ]
        tab = surface.get_at((card.rect.centerx - t.px(60), card.rect.y - t.px(4)))[:3]
        assert (frame == [t.c("highlight")] * t.px(10)) is selected
        assert (tab == t.c("highlight")) is selected
        assert ("SELECTED" in words) is selected
        words.clear()
        widgets.draw_grown(surface, t, card, pygame.Rect(0, 0, 1920, 1080))
        assert ("SELECTED" in words) is selected


def test_privacy_hand_over_shows_nothing_but_the_role(northwind):
    app = App(new_game(northwind, 1), size=(1920, 1080))
    surface = render_scene(app, northwind, 1, "handover")
    assert type(app.scene).__name__ == "HandoverScene"
    # The hand-over card is drawn on the bar colour alone: no board, no cards, no forecast.
    assert app.scene.choices == []
    allowed = {app.theme.c("bar"), app.theme.c("on_bar")}
    corners = [(5, 5), (1914, 5), (5, 1000), (1914, 1000), (960, 1000)]
    assert all(surface.get_at(p)[:3] == app.theme.c("bar") for p in corners)
    # Only the role's name and the instruction are drawn: two colours plus their antialiasing.
    dominant = {surface.get_at((x, y))[:3] for x in range(0, 1920, 7) for y in range(0, 1080, 7)}
    assert allowed <= dominant


def test_screenshot_command_writes_every_scene(tmp_path):
    out = tmp_path / "shots"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "screenshot",
            "--scene",
            "all",
            "--size",
            "1280x720",
            "-o",
            str(out),
            "--theme",
            "dark",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(p.stem for p in out.glob("*.png"))
    assert written == sorted(SCENES)
    image = pygame.image.load(str(out / "debrief_scores.png"))
    assert image.get_size() == (1280, 720)


def test_screenshot_list_and_bad_scene():
    listed = subprocess.run(
        [sys.executable, "-m", "game", "screenshot", "--list"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert listed.stdout.split() == list(SCENES)
    bad = subprocess.run(
        [sys.executable, "-m", "game", "screenshot", "--scene", "nope"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 2 and "unknown scene" in bad.stderr


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_help_lists_every_key_inside_its_box(northwind, size):
    from game.ui import scenes

    assert "Ctrl+R" in dict(scenes.HELP)  # --watch: start again on the new version
    app = App(new_game(northwind, 1), size=size)
    render_scene(app, northwind, 1, "help")
    text.OVERFLOWS.clear()
    box, rows_end = scenes.draw_help(app)
    assert rows_end <= box.bottom - app.theme.px(30), "the last keys fall out of the help box"
    assert not text.OVERFLOWS


def test_the_standing_chart_tells_its_lines_apart_by_shape(northwind, monkeypatch):
    """Standing and candour are told apart by shape as well as colour: every week's point of
    each line, and the legend, draws its own marker (circles and squares)."""
    from game.ui.scenes import ending

    drawn: list[str] = []
    real = ending.draw_marker
    monkeypatch.setattr(
        ending, "draw_marker", lambda s, t, key, p: drawn.append(key) or real(s, t, key, p)
    )
    app = App(new_game(northwind, 1), size=(1920, 1080))
    render_scene(app, northwind, 1, "debrief_standing")
    assert drawn.count("standing") == drawn.count("candour") > 2
