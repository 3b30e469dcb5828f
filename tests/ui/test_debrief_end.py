"""The debrief ends on a closing page (Page Down stays there; it no longer wraps back to page
1) that says what to run for the written report — `offsite report` with this session's real
file, and `--scenario FILE` when the scenario is not built in — and how to quit."""

from __future__ import annotations

import shlex

import pygame

from game.cli.main import main
from game.engine import new_game
from game.scenario import builtin_path, load_scenario, scenario_hash
from game.session.resume import needs_scenario_file, open_writer, resume
from game.session.table import Table
from game.ui.app import App
from game.ui.scenes.ending import DebriefScene
from tests.report.helpers import TINY, autoplay
from tests.ui.driver import key


def test_page_down_ends_on_the_report_command_that_works(tmp_path) -> None:
    path = autoplay(tmp_path, "game.jsonl", str(TINY), "--policy", "good", "--seed", "2")
    back = resume(path, TINY)
    table = Table(back.replayed.state, writers=[open_writer(back)], scenario_file=TINY)
    app = App(table, size=(1280, 720), started=True)
    app.rebuild()
    scene = app.scene
    assert isinstance(scene, DebriefScene) and scene.page == scene.pages[0]
    seen = [scene.page]
    for _ in range(len(scene.pages) + 2):  # more presses than pages: it must not wrap
        key(app, pygame.K_PAGEDOWN)
        seen.append(app.scene.page)
    assert seen[: len(scene.pages)] == list(scene.pages)
    assert set(seen[len(scene.pages) - 1 :]) == {"end"}
    said = " ".join(app.scene.closing())
    assert "Esc, then Q" in said and "Esc, then Q" in app.scene.hint()
    command = shlex.split(app.scene.command)
    assert command == ["offsite", "report", str(path.absolute()), "--scenario", str(TINY)]
    assert command[2] in said
    out = tmp_path / "report"
    assert main([*command[1:], "-o", str(out)]) == 0  # what the screen says really works
    assert (out / "report.html").is_file()
    key(app, pygame.K_PAGEUP)
    assert app.scene.page == scene.pages[-2]
    table.close()


def test_a_game_not_recorded_says_there_is_no_report(tmp_path) -> None:
    path = autoplay(tmp_path, "game.jsonl", str(TINY), "--policy", "good", "--seed", "2")
    app = App(Table(resume(path, TINY).replayed.state), size=(1280, 720), started=True)
    app.rebuild()
    app.scene.show("end")
    app.draw()
    assert app.scene.command is None
    assert "not recorded" in app.scene.closing()[0]


def test_a_built_in_scenario_needs_no_scenario_file() -> None:
    northwind = load_scenario(builtin_path("northwind"))
    state = new_game(northwind, 1, scenario_hash=scenario_hash(northwind))
    assert not needs_scenario_file(state)
    tiny = load_scenario(TINY)
    assert needs_scenario_file(new_game(tiny, 1, scenario_hash=scenario_hash(tiny)))
