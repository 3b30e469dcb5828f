"""`--watch`: a saved scenario is reloaded and the game replayed onto it, or we say why not."""

from __future__ import annotations

import os
import shutil

from game.bots.policies import Policy
from game.engine import new_game
from game.scenario import load_scenario, scenario_hash
from game.ui.app import App
from game.ui.watch import Watch
from tests.conftest import ROOT
from tests.ui import driver


def setup_game(tmp_path, gestures=60):
    path = tmp_path / "tiny.yaml"
    shutil.copy(ROOT / "tests" / "fixtures" / "good" / "tiny.yaml", path)
    scenario = load_scenario(path)
    app = App(new_game(scenario, 2, scenario_hash=scenario_hash(scenario)), size=(1280, 720))
    app.watch = Watch(path)
    policy = Policy()
    for _ in range(gestures):
        if app.state.phase == "quarter":
            break
        driver.step(app, policy)
    return path, app


def save(path, text):
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 5))  # a save the watch can see


def test_a_saved_edit_replays_the_game_onto_the_new_version(tmp_path):
    path, app = setup_game(tmp_path)
    before = app.state
    screen = type(app.scene)
    save(
        path,
        path.read_text(encoding="utf-8").replace("Open the third shop", "Open shop number three"),
    )
    app.update(1.0)
    assert app.message.startswith("Reloaded")
    assert app.state.scenario_hash != before.scenario_hash
    assert app.state.version == before.version and app.state.phase == before.phase
    assert type(app.scene) is screen
    assert app.state.scenario.objective("third_shop").label == "Open shop number three"


def test_a_broken_save_keeps_the_game_and_names_the_problem(tmp_path):
    path, app = setup_game(tmp_path)
    before = app.state
    save(path, path.read_text(encoding="utf-8").replace("impact: 9", "impact: nine"))
    app.update(1.0)
    assert app.state is before
    assert "expected a number" in app.message and "previous version" in app.message
    assert str(path) in app.message


def test_an_edit_that_breaks_an_action_says_which_and_why(tmp_path):
    path, app = setup_game(tmp_path)
    before = app.state
    chosen = before.chosen[0].key_results[0]
    save(path, path.read_text(encoding="utf-8").replace(f"id: {chosen},", f"id: {chosen}_renamed,"))
    app.update(1.0)
    assert app.state is before
    assert "no longer applies" in app.message and "pick_key_results" in app.message


def test_ctrl_r_starts_again_on_a_version_the_game_no_longer_fits(tmp_path):
    import pygame

    path, app = setup_game(tmp_path)
    before = app.state
    ctrl_r = pygame.event.Event(
        pygame.KEYDOWN, key=pygame.K_r, mod=pygame.KMOD_CTRL, unicode="\x12", scancode=0
    )
    app.handle(ctrl_r)  # nothing pending: Ctrl+R does nothing
    assert app.state is before
    chosen = before.chosen[0].key_results[0]
    save(path, path.read_text(encoding="utf-8").replace(f"id: {chosen},", f"id: {chosen}_renamed,"))
    app.update(1.0)
    assert app.state is before and "Ctrl+R starts the game again" in app.message
    app.handle(ctrl_r)
    assert app.message == f"Started again on the new version of {path}."
    assert app.state.scenario_hash == scenario_hash(load_scenario(path))
    assert app.state.seed == before.seed and app.state.phase in ("briefing", "warmup")
