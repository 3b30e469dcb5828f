"""A session of two quarters through the table: the header says so, `--resume` in the middle of
quarter 2 rebuilds the same state, replay checks every hash, each quarter is scored."""

from __future__ import annotations

import json

import pytest

from game.engine import is_over, new_game, state_hash
from game.scenario import builtin_path, load_scenario, scenario_hash
from game.scoring import by_quarter, overall, score
from game.session.autoplay import steps
from game.session.log import SessionError, read_header
from game.session.rebuild import read_session, rebuild_file
from tests.session.helpers import TINY, action_lines, edit_header, lines, offsite

NORTHWIND = builtin_path("northwind")


@pytest.fixture(scope="module")
def unbroken():
    """The whole two-quarter game, played in memory: every state in order."""
    s = load_scenario(NORTHWIND)
    start = new_game(s, 4, scenario_hash=scenario_hash(s), quarters=2)
    return [step.state for step in steps(s, "good", 4, state=start)]


def test_the_header_says_how_many_quarters(tmp_path, capsys):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert offsite(capsys, "autoplay", str(TINY), "--session", str(one))[0] == 0
    assert "quarters" not in read_header(one)  # a one-quarter file is as it always was
    args = ("autoplay", str(TINY), "--quarters", "2", "--session", str(two))
    code, out, _ = offsite(capsys, *args)
    assert code == 0 and read_header(two)["quarters"] == 2
    assert "SCORES BY QUARTER" in out and "THE QUARTERLY QUESTION" in out
    summary = json.loads(lines(two)[-1])["summary"]
    assert summary["quarter"] == 2 and len(summary["scores_by_quarter"]) == 2
    assert "quarter" not in json.loads(lines(one)[-1])["summary"]
    assert offsite(capsys, "replay", str(two), "--scenario", str(TINY))[0] == 0


def test_resume_in_the_middle_of_quarter_two_rebuilds_the_same_state(tmp_path, capsys, unbroken):
    into_q2 = next(i for i, s in enumerate(unbroken) if s.quarter == 2 and s.phase == "quarter")
    stop = into_q2 + 25
    assert unbroken[stop - 1].quarter == 2 and unbroken[stop - 1].week > 0
    path = tmp_path / "game.jsonl"
    args = ("autoplay", "--quarters", "2", "--seed", "4", "--session", str(path))
    assert offsite(capsys, *args, "--stop-after", str(stop))[0] == 0
    session = read_session(path)
    back = rebuild_file(session, load_scenario(NORTHWIND))
    assert back.rejected is None and back.mismatch is None
    assert back.state.quarter == 2 and len(back.state.past) == 1
    assert state_hash(back.state) == state_hash(unbroken[stop - 1])
    code, out, err = offsite(capsys, "autoplay", "--session", str(path), "--resume", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["state_hash"] == state_hash(unbroken[-1])
    assert result["actions"] == len(action_lines(path)) == len(unbroken)
    assert result["quarters"] == 2 and result["quarter"] == 2
    assert result["scores_by_quarter"] == [s.as_dict() for s in by_quarter(unbroken[-1])]
    assert result["scores_overall"] == overall(by_quarter(unbroken[-1]))
    assert offsite(capsys, "replay", str(path))[0] == 0


def test_each_quarter_is_scored_on_its_own(unbroken):
    end = unbroken[-1]
    assert is_over(end)
    each = by_quarter(end)
    closing = [s for s in unbroken if s.quarter == 1 and s.phase == "quarterly"][-1]
    assert each[0].as_dict() == score(closing).as_dict()  # quarter 1 as it closed
    assert each[1].as_dict() == score(end).as_dict()
    assert each[0].as_dict() != each[1].as_dict()
    mean = overall(each)
    assert mean["total"] == round((each[0].as_dict()["total"] + each[1].as_dict()["total"]) / 2, 2)


@pytest.mark.parametrize("bad", ["0", "5", "two", "-1"])
def test_a_bad_number_of_quarters_is_a_usage_error(capsys, bad):
    for command in ("autoplay", "play"):
        with pytest.raises(SystemExit) as caught:
            offsite(capsys, command, "--quarters", bad)
        assert caught.value.code == 2
        err = capsys.readouterr().err
        assert f"a session plays 1 to 4 quarters, not '{bad}'" in err
        assert "Traceback" not in err


def test_a_header_with_a_wrong_number_of_quarters_is_named(tmp_path, capsys):
    path = tmp_path / "two.jsonl"
    offsite(capsys, "autoplay", str(TINY), "--quarters", "2", "--session", str(path))
    edit_header(path, quarters=9)
    with pytest.raises(SessionError) as caught:
        read_header(path)
    assert "'quarters' should be a whole number from 1 to 4, got 9" in str(caught.value)
