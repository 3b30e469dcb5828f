"""After each run of weeks the projector shows what happened in them (the table's recap), and
Page Down goes on to the stop: the check-in's first hand-over, or the quarterly review."""

from __future__ import annotations

import pygame

from game.engine import new_game
from game.engine.simulation import kpi_in_band
from game.scenario import builtin_path, load_scenario, scenario_hash
from game.ui.app import App
from game.ui.scenes.checkin import HandoverScene
from game.ui.scenes.ending import ReviewScene
from game.ui.scenes.overlays import WeeksScene
from tests.ui.driver import key
from tests.ui.room_clicker import RoomClicker


def test_every_run_of_weeks_is_shown_then_page_down_goes_on() -> None:
    scenario = load_scenario(builtin_path("northwind"))
    app = App(new_game(scenario, 3, scenario_hash=scenario_hash(scenario)), size=(1280, 720))
    app.draw()
    room, shown = RoomClicker(app), []
    while app.state.phase != "over":
        if isinstance(app.scene, WeeksScene):
            run = app.table.weeks_card()
            assert app.scene.headline() == run.title and run.last == app.state.week
            said_by_the_engine(app.state, run)
            shown.append((run.first, run.last))
            key(app, pygame.K_PAGEDOWN)
            assert app.table.weeks_card() is None
            # the check-in's first hand-over, or after the last weeks the quarterly review
            last = app.state.phase == "review"
            assert isinstance(app.scene, ReviewScene if last else HandoverScene)
            continue
        room.step()
    assert shown == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12)]


def said_by_the_engine(state, run) -> None:
    """What the screen lists is what the engine's state says happened in those weeks: every
    event that struck in them (and no other), every KPI at its value now, the capacity left."""
    labels = {e.id: e.label for e in state.scenario.events}
    struck = [
        f"Week {w} · {labels[e]}" for w, e in state.events_struck if run.first <= w <= run.last
    ]
    lines = run.struck()
    assert [line.split(":")[0] for line in lines if line.startswith("Week ")] == struck
    assert (lines == ["No event struck."]) == (not struck and not run.risks)
    assert [k.after for k in run.kpis] == [k.value for k in state.kpis]
    out = {state.scenario.kpi(k.id).name for k in state.kpis if not kpi_in_band(state.scenario, k)}
    assert {k.name for k in run.kpis if not k.in_band} == out
    groups = dict(run.kpi_groups())
    assert {line.split(":")[0] for line in groups.get(False, [])} == out
    assert not any(line.split(":")[0] in out for line in groups.get(True, []))
    assert run.room_lines()[-1] == f"Capacity left: {state.capacity:g}"


def test_the_kpis_are_drawn_under_their_band_marks(monkeypatch) -> None:
    """Out of band and in band are colour, shape and word (the KPI review's draw_band), and
    the KPI review's cards carry the same mark."""
    from game.ui.scenes import overlays
    from game.ui.scenes.checkin import BoardScene

    scenario = load_scenario(builtin_path("northwind"))
    app = App(new_game(scenario, 3, scenario_hash=scenario_hash(scenario)), size=(1280, 720))
    app.draw()
    room = RoomClicker(app)
    while not (
        isinstance(app.scene, WeeksScene) and dict(app.table.weeks_card().kpi_groups()).get(False)
    ):
        room.step()
    drawn = []
    real = overlays.draw_band
    monkeypatch.setattr(
        overlays,
        "draw_band",
        lambda s, t, inside, *a: drawn.append(inside) or real(s, t, inside, *a),
    )
    app.scene.draw(app.screen)
    assert drawn == [inside for inside, _ in app.table.weeks_card().kpi_groups()]
    assert drawn[0] is False  # out of band first
    while not (isinstance(app.scene, BoardScene) and app.scene.showing() == "kpis"):
        room.step()
    state = app.state
    cards = [c for c in app.scene.choices if c.key.startswith("kpi:")]
    assert [c.band for c in cards] == [kpi_in_band(state.scenario, k) for k in state.kpis]
    assert not any("BAND" in m for c in cards for m in c.marks)  # the word is the band mark's
