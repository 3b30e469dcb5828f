"""What the room built on the screen survives kill -9: selections, focus, timer and theme come
back with `offsite play --resume`, and the game's hashes are the same (docs/sessions.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pygame

from game.engine import new_game, state_hash
from game.scenario import load_scenario, scenario_hash
from game.session.log import SessionWriter, load_all, new_header
from game.session.resume import open_writer, resume
from game.session.table import Table
from game.ui import kept
from game.ui.app import App
from game.ui.scenes.priorities import PrioritiesScene
from tests.conftest import ROOT
from tests.killing import kill_once_written
from tests.ui.driver import key
from tests.ui.test_clicker_keys import play_until


def recorded_app(path, size=(1280, 720)) -> App:
    scenario = load_scenario(ROOT / "scenarios" / "northwind.yaml")
    state = new_game(scenario, 3, scenario_hash=scenario_hash(scenario))
    writer = SessionWriter.create(new_header(state, warmup=state.warmup_on), path)
    return App(Table(state, writers=[writer]), size=size)


def resumed_app(path, size=(1280, 720)) -> tuple[App, list[str]]:
    back = resume(path)
    app = App(Table(back.replayed.state, writers=[open_writer(back)]), size=size, started=True)
    return app, kept.restore_session(app, path)


def screen_entries(path) -> list[dict]:
    return [e for e in load_all(path)[4] if e["entry"] == kept.KIND]


def build_the_room(app: App) -> dict:
    """In the debate: two cards selected, the focus on a third, the timer 95 s on and paused
    once, the dark theme; returns the screen's state as the room left it."""
    play_until(app, lambda a: isinstance(a.scene, PrioritiesScene) and a.state.step == "debate")
    scene = app.scene
    cards = [c.key for c in scene.choices if not c.button][:2]
    for card in cards:
        scene.toggle(card)  # what Enter then "Select" on a card does
    app.focus = 2
    key(app, pygame.K_F2)  # the dark theme
    for _ in range(95 * 4):
        app.update(0.25)
    key(app, pygame.K_p)  # pause …
    app.update(0.25)
    key(app, pygame.K_p)  # … and go on
    for _ in range(8):
        app.update(0.25)
    return kept.snapshot(app)


def test_selections_focus_timer_and_theme_survive_kill_9(tmp_path):
    path = tmp_path / "game.jsonl"
    app = recorded_app(path)
    before = build_the_room(app)
    assert len(before["selected"]["selected"]) == 2 and before["focus"] == 2
    assert before["theme"] == "dark" and before["timer"]["elapsed_s"] >= 95
    game_hash = state_hash(app.state)
    written = screen_entries(path)
    assert written, "the screen's state is written while the room works"
    # Debounced: a few entries for ~97 s of frames (theme, selections, focus, pause, the
    # timer every 10 s), not one a frame.
    assert len(written) < 40, len(written)
    app.table.close()  # as a crash leaves it: every line is already on disk; no flush on quit

    # A real `offsite play --resume`, killed with SIGKILL once it has written the timer.
    lines = path.read_bytes().count(b"\n")
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "game", "play", "--resume", "--session", str(path),
         "--size", "1280x720", "--frames", "100000"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    more = lambda: path.read_bytes().count(b"\n") > lines  # noqa: E731
    kill_once_written(proc, more, 90, "wrote the timer after play --resume")
    last = screen_entries(path)[-1][kept.KIND]
    assert last["selected"] == before["selected"] and last["focus"] == 2
    assert last["theme"] == "dark"
    assert last["timer"]["stage"] == before["timer"]["stage"]
    # It went on from the last time written before the crash (at most TIMER_EVERY_S lost),
    # not from a fresh countdown.
    assert last["timer"]["elapsed_s"] >= written[-1][kept.KIND]["timer"]["elapsed_s"] + 9
    assert last["timer"]["elapsed_s"] > before["timer"]["elapsed_s"] - kept.TIMER_EVERY_S

    # Resumed again after the kill: the room's screen comes back as it was.
    again, back = resumed_app(path)
    assert {"theme", "timer", "selected", "focus"} <= set(back)
    assert isinstance(again.scene, PrioritiesScene)
    assert again.scene.selected == before["selected"]["selected"]
    assert again.focus == 2 and again.theme.name == "dark"
    assert again.timer.elapsed_s == last["timer"]["elapsed_s"]
    assert again.timer.budget_s == before["timer"]["budget_s"]
    # The game is the same game: same state, same hash, and replay agrees.
    assert state_hash(again.state) == game_hash
    from game.session.rebuild import read_session, rebuild_file

    replayed = rebuild_file(read_session(path), again.state.scenario)
    assert replayed.mismatch is None and state_hash(replayed.state) == game_hash


def test_replay_ignores_screen_entries(tmp_path, capsys):
    from tests.session.helpers import offsite

    path = tmp_path / "game.jsonl"
    app = recorded_app(path)
    build_the_room(app)
    app.keeper.flush()
    code, out, err = offsite(capsys, "replay", str(path), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["ok"] is True and result["state_hash"] == state_hash(app.state)


def test_nothing_is_written_before_the_game_starts_or_while_nothing_changes(tmp_path):
    path = tmp_path / "game.jsonl"
    app = recorded_app(path)
    for _ in range(100):
        app.update(0.25)
    assert screen_entries(path) == []  # the title screen
    app.start()
    app.timer.paused = True
    for _ in range(400):
        app.update(0.25)
    assert len(screen_entries(path)) == 1  # paused, nothing moves: one entry, not one a frame


def test_a_closed_weeks_recap_stays_closed_after_kill_9(tmp_path):
    """The room read what happened in weeks 1-2 and went on: after a crash, --resume comes back
    at the stop (the first hand-over), not at the recap again; a recap nobody closed comes
    back."""
    from game.ui.scenes.checkin import HandoverScene
    from game.ui.scenes.overlays import WeeksScene

    open_path, closed_path = tmp_path / "open.jsonl", tmp_path / "closed.jsonl"
    for path in (open_path, closed_path):
        app = recorded_app(path)
        play_until(app, lambda a: isinstance(a.scene, WeeksScene))
        assert app.table.weeks_card().title == "What happened in weeks 1–2"
        if path is closed_path:
            key(app, pygame.K_PAGEDOWN)
            assert isinstance(app.scene, HandoverScene)
        for _ in range(4):
            app.update(0.25)
        app.table.close()  # as a crash leaves it: no flush on quit
    assert screen_entries(closed_path)[-1][kept.KIND]["recapped"] == {"0": 2}

    again, back = resumed_app(closed_path)
    assert "recapped" in back
    assert isinstance(again.scene, HandoverScene) and again.table.weeks_card() is None
    assert again.table.recaps_closed() == {0: 2}
    reopened, back = resumed_app(open_path)
    assert "recapped" not in back and isinstance(reopened.scene, WeeksScene)
