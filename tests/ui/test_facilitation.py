"""Running the room: a clicker alone, typing that never advances, the privacy hand-over frame
by frame, two teams on one machine, and solo practice with the coach."""

from __future__ import annotations

import pygame
import pytest

from game.bots.policies import Policy
from game.engine import new_game
from game.scenario import load_scenario, scenario_hash
from game.scoring import score
from game.session.table import Table
from game.ui import text
from game.ui.app import App
from game.ui.scenes.cascade import CascadeScene
from game.ui.scenes.checkin import HandoverScene, PrivateReportScene
from game.ui.scenes.overlays import CoachScene, TeamTurnScene
from tests.conftest import ROOT
from tests.session.test_coach import expected_titles, solo_game
from tests.ui import clicker, driver

LIMIT = 4000


@pytest.fixture(scope="module")
def northwind():
    return load_scenario(ROOT / "scenarios" / "northwind.yaml")


def start(scenario, seed=3, **kwargs) -> App:
    state = new_game(
        scenario, seed, kwargs.pop("seats", None), scenario_hash=scenario_hash(scenario)
    )
    teams = kwargs.pop("teams", 1)
    app = App([state] * teams if teams > 1 else state, size=(1920, 1080), **kwargs)
    app.draw()
    return app


def play_to_the_end(app: App, step) -> list[str]:
    """Gesture until every team is at the debrief; returns the scene seen after each gesture."""
    seen = []
    policy = Policy()
    for _ in range(LIMIT):
        if all(t.phase == "over" for t in app.teams) and not (app.team_turn or app.coach):
            return seen
        step(app, policy)
        seen.append(type(app.scene).__name__)
    raise AssertionError(f"no end: stuck in {seen[-1]} ({app.message})")


def test_a_whole_game_with_a_clicker_and_enter_only(northwind):
    clicker.PRESSED.clear()
    app = start(northwind)
    play_to_the_end(app, clicker.step)
    assert app.state.phase == "over"
    assert set(clicker.PRESSED) <= {*clicker.CLICKER, clicker.ENTER}
    assert app.state.translations and app.state.reports and app.state.corrections


def test_typing_spaces_b_and_full_stops_never_advances(northwind):
    app = start(northwind)
    policy = Policy()
    for _ in range(LIMIT):
        if (
            isinstance(app.scene, CascadeScene)
            and app.scene.current
            and app.scene.current[1][0] == "translate"
        ):
            break
        driver.step(app, policy)
    typing_card = next(c for c in app.scene.choices if c.key.startswith("Type our own"))
    driver.click(app, typing_card.rect.center)
    assert app.typing()
    version = app.state.version
    text = "Fix the B dock. Then Space it out. b."
    for char in text:
        app.handle(pygame.event.Event(pygame.TEXTINPUT, text=char))
    for k in (
        pygame.K_SPACE,
        pygame.K_b,
        pygame.K_PERIOD,
        pygame.K_PAGEDOWN,
        pygame.K_RIGHT,
    ):  # (Esc and PgUp leave the box: tests/ui/test_clicker_keys.py)
        app.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
        app.manager.update(0.02)
        app.draw()
    assert app.state.version == version, "a clicker key advanced the game while typing"
    assert not app.black and isinstance(app.scene, CascadeScene)
    assert app.scene.entry.get_text() == text
    app.handle(
        pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0)
    )
    for event in pygame.event.get():
        app.handle(event)
    assert app.state.version > version
    typed = [t for t in app.state.translations if t.choice == "typed"]
    assert typed and typed[-1].text == text


def test_the_hand_over_never_shows_two_roles_forecasts(northwind):
    app = start(northwind, seed=5)
    policy = Policy()
    frames = []  # (scene, role whose private forecast is on screen, or None)
    for _ in range(LIMIT):
        if app.state.phase == "over":
            break
        driver.step(app, policy)
        scene = app.scene
        if isinstance(scene, PrivateReportScene):
            frames.append(("private", scene.role))
        elif isinstance(scene, HandoverScene):
            frames.append(("handover", scene.role))
        else:
            frames.append(("public", None))
    private = [f for f in frames if f[0] == "private"]
    assert private, "no private report was made"
    last_handover = None
    last_private_role = None
    for kind, role in frames:
        if kind == "handover":
            last_handover = role
        elif kind == "private":
            assert role == last_handover, (
                f"{role}'s forecast shown after the hand-over to {last_handover}"
            )
            if last_private_role is not None and last_private_role != role:
                raise AssertionError("two roles' forecasts without a hand-over between them")
            last_private_role = role
        else:
            last_private_role = None
        if kind == "handover":
            last_private_role = None


def test_two_teams_reach_the_debrief_both_scored(northwind, tmp_path):
    app = start(northwind, teams=2, team_names=["Blue", "Orange"])
    seen = play_to_the_end(app, driver.step)
    assert "TeamTurnScene" in seen
    assert [t.phase for t in app.teams] == ["over", "over"]
    assert app.teams[0] is not app.teams[1]
    totals = [score(t).total for t in app.teams]
    assert all(0 < x <= 100 for x in totals)
    assert app.teams[0].version > 50 and app.teams[1].version > 50
    app.scene.show("teams")
    app.draw()
    assert app.scene.headline() == "Debrief: the teams side by side"
    assert not text.OVERFLOWS
    pygame.image.save(app.screen, str(tmp_path / "debrief_teams.png"))


def test_solo_practice_with_the_coach_after_each_phase(northwind):
    """Played by keys and clicks: the coach's reading comes up after every phase (the table's
    reading, drawn as it is), each fits the screen and ends on its question."""
    seats = {r.id: "computer" for r in northwind.roles} | {"vp_operations": "person"}
    app = start(northwind, seats=seats, solo="vp_operations")
    readings = []
    policy = Policy()
    for _ in range(LIMIT):
        if app.state.phase == "over" and app.coach is None:
            break
        if isinstance(app.scene, CoachScene) and app.coach not in readings:
            assert app.scene.reading is app.table.coach
            assert not text.OVERFLOWS, text.OVERFLOWS
            readings.append(app.coach)
        driver.step(app, policy)
    assert [r.title for r in readings] == expected_titles(app.state)
    cascade = next(r for r in readings if r.title == "Coach: the cascade")
    assert any("Your line on" in line for line in cascade.lines)
    assert all(r.question for r in readings)
    assert not isinstance(app.scene, TeamTurnScene)


def test_every_reading_fits_and_ends_on_its_question(northwind, monkeypatch):
    """Each reading of a solo game, drawn at 1280×720 and 1920×1080: nothing cut, every line
    drawn, and the question drawn last, below them."""
    table, readings = solo_game(northwind, "vp_operations")
    for size in ((1280, 720), (1920, 1080)):
        app = App(table, size=size, started=True)
        for state, reading in readings:
            shown = Table(state, solo="vp_operations")
            shown.coach = reading
            app.reset(shown)
            drawn: list[tuple[str, int]] = []
            real = text.render

            def spy(font, line, colour, real=real, drawn=drawn):
                drawn.append((line, colour))
                return real(font, line, colour)

            monkeypatch.setattr(text, "render", spy)
            text.OVERFLOWS.clear()
            app.last_frame = ()
            app.draw()
            monkeypatch.setattr(text, "render", real)
            assert isinstance(app.scene, CoachScene) and not text.OVERFLOWS, reading.title
            board = " ".join(line for line, _ in drawn)
            for line in reading.lines:
                assert line.split()[-1] in board
            accent = [i for i, (_, c) in enumerate(drawn) if c == app.theme.c("accent")]
            body = [i for i, (line, _) in enumerate(drawn) if line.startswith("• ")]
            assert accent and body and min(accent) > max(body)  # the question comes last


def test_a_report_starts_on_the_last_one_needs_a_confirm_and_ignores_a_hasty_enter():
    """A mis-press never becomes a report: Enter right after the screen changed does nothing,
    the first Enter chooses, the second sends; the row starts on the owner's last report."""
    from pathlib import Path

    from game.bots.policies import POLICIES
    from game.ui.scenes.checkin import PrivateReportScene
    from tests.ui.driver import key, step

    root = Path(__file__).resolve().parents[2]
    app = App(new_game(load_scenario(root / "scenarios" / "northwind.yaml"), 5), size=(1280, 720))
    policy = POLICIES["good"]()
    for _ in range(3000):
        if isinstance(app.scene, PrivateReportScene):
            break
        step(app, policy)
    scene = app.scene
    assert isinstance(scene, PrivateReportScene)

    def mine():
        return [r.confidence for r in app.state.reports if r.key_result == scene.kr_id]

    assert app.focused_choice().key == "5" and not mine()  # no report yet: the row starts on 5
    scene.shown_ms = app.now_ms() + 1000  # the next press comes as the screen changes
    key(app, pygame.K_RETURN)
    assert not mine() and scene.pending is None  # ignored
    key(app, pygame.K_RIGHT)
    key(app, pygame.K_RETURN)  # chooses 6
    assert not mine() and scene.pending == 6
    app.clock_skew_ms -= 1000  # a double press: the second Enter at once after the first
    key(app, pygame.K_RETURN)
    assert not mine() and scene.pending == 6  # ignored: choosing is not sending
    key(app, pygame.K_RETURN)  # sends it
    assert mine() == [6]
