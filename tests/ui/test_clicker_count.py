"""Every shipped scenario played to the debrief from a presentation clicker's keys alone
(Page Down / Up, Right / Left, Enter, B, Esc), the presses counted: docs/facilitation.md
gives Northwind's count for three people."""

from __future__ import annotations

import pytest

from game.engine import new_game
from game.scenario import load_scenario, scenario_hash
from game.ui.app import App
from tests.conftest import ROOT, shipped_scenarios
from tests.ui.room_clicker import KEYS, play_to_the_debrief

NORTHWIND_MOST = 120  # the target for a whole Northwind game with three people


def start(path) -> App:
    scenario = load_scenario(path)
    app = App(new_game(scenario, 3, scenario_hash=scenario_hash(scenario)), size=(1920, 1080))
    app.draw()
    return app


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.stem)
def test_every_scenario_reaches_the_debrief_with_clicker_keys_only(path):
    app = start(path)
    room = play_to_the_debrief(app)
    assert app.state.phase == "over"
    assert set(room.presses) <= set(KEYS.values())
    people = {r for r, by in app.state.seats if by == "person"}
    reported = {r.key_result for r in app.state.reports}
    assert reported == {k.id for k in app.state.key_results}  # every key result, every check-in
    assert {a.role for a in app.table.teams[0].actions if a.kind == "report"} & people
    assert len(app.state.chosen) == 3 and app.state.translations
    if path.stem == "northwind":
        assert room.total <= NORTHWIND_MOST, dict(room.presses)


def test_the_northwind_count_is_the_one_the_guide_gives():
    room = play_to_the_debrief(start(ROOT / "scenarios" / "northwind.yaml"))
    guide = (ROOT / "docs" / "facilitation.md").read_text(encoding="utf-8")
    assert f"{room.total} presses" in guide, f"docs/facilitation.md should say {room.total}"
