"""One count of debate rounds: the score, the projector's debrief, the solo coach and the report
(report.json and report.md) say the same number, in the same words, for a room that locks in
round 1, in round 2 and in round 3 (game.scoring.timing.debate_rounds)."""

from __future__ import annotations

import json

import pytest

from game.bots.policies import Policy, held_by_people
from game.cli.main import main
from game.engine import new_game
from game.engine.actions import EndRound
from game.engine.priorities import open_ids
from game.engine.state import replace
from game.scenario import load_scenario, scenario_hash
from game.scoring.timing import debate_rounds, speed
from game.session.autoplay import next_action
from game.session.coach import reading_after
from game.session.debrief import debrief
from game.session.log import SessionWriter, new_header
from game.session.moves import Seat
from game.session.table import Table
from tests.report.helpers import TINY

ROLE = "owner"  # the tiny bakery's leader, whose coach is read


def locker(lock_in: int) -> type[Policy]:
    """The good policy, but it locks in round `lock_in`: it ends rounds until then (good itself
    ends round 1 once every card is tested, and locks in round 2)."""

    class Locker(Policy):
        name = f"lock{lock_in}"

        def debate(self, state):
            if any(not state.candidate(o).tested for o in open_ids(state)):
                return super().debate(state)  # test every card first
            if state.debate_round < lock_in:
                return EndRound(**self.by)
            return super().debate(replace(state, debate_round=max(state.debate_round, 2)))

    return Locker


def play(tmp_path, lock_in: int):
    """Play the tiny bakery to the end with the room locking in round `lock_in`: the session
    file, the final state and every coach reading the owner would have been given."""
    scenario = load_scenario(TINY)
    state = new_game(scenario, 3, scenario_hash=scenario_hash(scenario))
    path = tmp_path / f"lock{lock_in}.jsonl"
    writer = SessionWriter.create(new_header(state), path)
    table = Table(state, writers=[writer], computers=False)
    policy, held = locker(lock_in)(), set(held_by_people(state))
    readings = []
    while table.state.phase != "over":
        before = table.state
        action = next_action(before, policy, held)
        assert table.act(Seat(action.role), action, action.ms, by=action.by).ok
        reading = reading_after(before, table.state, ROLE)
        if reading is not None:
            readings.append(reading)
    writer.close()
    return path, table.state, readings


@pytest.mark.parametrize("lock_in", [1, 2, 3])
def test_the_debrief_the_coach_and_the_report_count_the_same_rounds(tmp_path, lock_in) -> None:
    path, final, readings = play(tmp_path, lock_in)
    said = "1 debate round" if lock_in == 1 else f"{lock_in} debate rounds"
    assert debate_rounds(final) == speed(final).rounds == lock_in
    assert speed(final).rounds_said == said
    made = debrief(final)
    assert made.pace.rounds == lock_in
    assert f"Priorities took {said} (budget" in made.speed
    (coach,) = [r for r in readings if r.title == "Coach: the key results"]
    (line,) = [x for x in coach.lines if x.startswith("Decision speed")]
    assert f"Decision speed: {said} and " in line and "round(s)" not in line
    out = tmp_path / "report"
    assert main(["report", str(path), "--scenario", str(TINY), "-o", str(out)]) == 0
    written = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (session,) = written["sessions"]
    assert session["decision_speed"] == made.speed
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert f"Priorities took {said} (budget" in markdown
    assert "round(s)" not in markdown


def test_no_rounds_are_counted_before_the_debate_starts() -> None:
    scenario = load_scenario(TINY)
    state = new_game(scenario, 3, scenario_hash=scenario_hash(scenario))
    assert debate_rounds(state) == 0
