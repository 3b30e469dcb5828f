"""`offsite autoplay --session … --stop-after / --resume`: a game goes on as if never stopped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from game.engine import apply, from_dict, new_game, state_hash
from game.scenario import load_scenario, scenario_hash
from game.session.autoplay import play, steps
from tests.session.helpers import (
    TINY,
    action_lines,
    edit_header,
    lines,
    logged_actions,
    offsite,
)


def test_stop_then_resume_gives_the_uninterrupted_game(tmp_path, capsys):
    path = tmp_path / "game.jsonl"
    args = ("autoplay", str(TINY), "--policy", "random", "--seed", "2", "--session", str(path))
    code, out, _ = offsite(capsys, *args, "--stop-after", "70")
    assert code == 0
    assert "STOPPED after action 70" in out
    assert f"--session {path} --resume" in out
    assert len(lines(path)) == 71
    saved = path.read_bytes()
    # The policy (random, with a generator of its own) and the seed come from the header.
    resume = ("autoplay", str(TINY), "--session", str(path), "--resume", "--json")
    code, out, err = offsite(capsys, *resume)
    assert code == 0, err
    result = json.loads(out)
    expected = play(load_scenario(TINY), "random", 2)
    assert result["state_hash"] == state_hash(expected)
    assert result["actions"] == len(action_lines(path))
    assert result["over"] is True and result["policy"] == "random" and result["seed"] == 2
    assert path.read_bytes().startswith(saved)  # appended, nothing rewritten
    assert offsite(capsys, "replay", str(path), "--scenario", str(TINY))[0] == 0


def test_resumed_transcript_is_the_uninterrupted_one(tmp_path, capsys):
    whole, part = tmp_path / "whole.jsonl", tmp_path / "part.jsonl"
    _, uninterrupted, _ = offsite(capsys, "autoplay", str(TINY), "--session", str(whole))
    offsite(capsys, "autoplay", str(TINY), "--session", str(part), "--stop-after", "40")
    code, resumed, _ = offsite(capsys, "autoplay", str(TINY), "--session", str(part), "--resume")
    assert code == 0
    assert resumed.replace(str(part), str(whole)) == uninterrupted
    assert unchained(whole) == unchained(part)


def unchained(path: Path) -> list[dict]:
    """The file's lines after the header without their chain links (the link begins at the
    header's seal, and two headers differ at least in when they were created)."""
    rows = [json.loads(row) for row in lines(path)[1:]]
    assert all(row.pop("chain") for row in rows)
    return rows


def test_resume_under_another_policy_keeps_the_logged_actions(tmp_path, capsys):
    path, k = tmp_path / "game.jsonl", 30
    offsite(capsys, "autoplay", str(TINY), "--policy", "vague", "--session", str(path))
    path.write_text("".join(lines(path)[: k + 1]), encoding="utf-8")  # as if stopped at k
    logged = logged_actions(path)
    code, _out, err = offsite(
        capsys, "autoplay", str(TINY), "--session", str(path), "--resume", "--policy", "good"
    )
    assert code == 0, err
    assert logged_actions(path)[:k] == logged
    # Not recomputed: the good policy would have played other first actions.
    scenario = load_scenario(TINY)
    good = [s.action.to_dict() for s in steps(scenario, "good", 1)][:k]
    assert good != logged
    # And the rest is the good policy playing on from the logged state.
    state = new_game(scenario, 1, scenario_hash=scenario_hash(scenario))
    for action in logged:
        state, _ = apply(state, from_dict(action))
    rest = [s.action.to_dict() for s in steps(scenario, "good", 1, state=state)]
    assert logged_actions(path)[k:] == rest


def test_torn_session_resumes_from_the_last_whole_action(tmp_path, capsys):
    path = tmp_path / "game.jsonl"
    offsite(capsys, "autoplay", str(TINY), "--session", str(path), "--stop-after", "50")
    data = path.read_bytes()
    path.write_bytes(data[:-25])  # the last line torn
    whole = data[: data.rfind(b"\n", 0, len(data) - 1) + 1]
    code, out, err = offsite(
        capsys, "autoplay", str(TINY), "--session", str(path), "--resume", "--json"
    )
    assert code == 0
    assert f"{path}:51: warning: the last line is incomplete" in err
    assert path.read_bytes().startswith(whole)
    expected = play(load_scenario(TINY), "good", 1)
    assert json.loads(out)["state_hash"] == state_hash(expected)
    assert offsite(capsys, "replay", str(path), "--scenario", str(TINY))[0] == 0


def test_an_existing_session_is_never_overwritten(tmp_path, capsys):
    path = tmp_path / "game.jsonl"
    offsite(capsys, "autoplay", str(TINY), "--session", str(path), "--stop-after", "5")
    saved = path.read_bytes()
    code, _, err = offsite(capsys, "autoplay", str(TINY), "--session", str(path))
    assert code == 1
    assert err.strip() == (
        f"{path}: error: a session file is already there; add --resume to go on with it, "
        "or choose another file"
    )
    assert path.read_bytes() == saved


def test_another_version_loads_when_its_actions_still_apply(tmp_path, capsys):
    path = tmp_path / "game.jsonl"
    offsite(capsys, "autoplay", str(TINY), "--session", str(path), "--stop-after", "30")
    edit_header(path, offsite_version="0.0.1")
    code, out, err = offsite(
        capsys, "autoplay", str(TINY), "--session", str(path), "--resume", "--json"
    )
    assert code == 0
    assert "written by Offsite 0.0.1" in err and "its actions still apply" in err
    assert json.loads(out)["state_hash"] == state_hash(play(load_scenario(TINY), "good", 1))


def test_another_version_is_refused_when_an_action_no_longer_applies(tmp_path, capsys):
    path = tmp_path / "game.jsonl"
    offsite(capsys, "autoplay", str(TINY), "--session", str(path), "--stop-after", "30")
    rows = lines(path)
    record = json.loads(rows[1])  # action 1: the Advance out of the briefing
    record["action"] = {"kind": "lock", "role": "room", "by": "person", "ms": 0}
    rows[1] = json.dumps(record) + "\n"
    path.write_text("".join(rows), encoding="utf-8")
    edit_header(path, offsite_version="0.0.1")
    saved = path.read_bytes()
    code, _, err = offsite(capsys, "autoplay", str(TINY), "--session", str(path), "--resume")
    assert code == 1
    assert err.startswith(f"{path}:2: error: action 1 (lock, room) is rejected: ")
    assert "(written by Offsite 0.0.1" in err
    assert path.read_bytes() == saved


def test_a_changed_scenario_is_refused_or_replayed_onto_on_request(tmp_path, capsys):
    scenario, path = tmp_path / "tiny.yaml", tmp_path / "game.jsonl"
    shutil.copy(TINY, scenario)
    offsite(capsys, "autoplay", str(scenario), "--session", str(path), "--stop-after", "30")
    saved = path.read_bytes()
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("title: Tiny Bakery", "title: Tiny Bakery II"), "utf-8")
    resume = ("autoplay", str(scenario), "--session", str(path), "--resume")
    code, _, err = offsite(capsys, *resume)
    assert code == 1
    assert err.startswith(f"{path}:1: error: the session was played on scenario 'tiny' (hash ")
    assert f"{scenario} has changed since" in err and "--new-scenario" in err
    code, out, err = offsite(capsys, *resume, "--new-scenario", "--json")
    assert code == 0, err
    assert "still apply to it, so the game goes on there" in err
    moved = tmp_path / json.loads(out)["session"]
    assert moved != path and path.read_bytes() == saved
    assert offsite(capsys, "replay", str(moved), "--scenario", str(scenario))[0] == 0
    # Without the warm-up cards the logged warm-up answers no longer apply.
    scenario.write_text(text.split("warmup:")[0] + "quarter:" + text.split("quarter:")[1], "utf-8")
    code, _, err = offsite(capsys, *resume, "--new-scenario")
    assert code == 1
    assert err.startswith(f"{path}:3: error: action 2 (sort_card, room) is rejected")


def test_a_session_of_a_scenario_not_built_in_needs_its_file(tmp_path, capsys):
    path = tmp_path / "game.jsonl"
    offsite(capsys, "autoplay", str(TINY), "--session", str(path), "--stop-after", "3")
    code, _, err = offsite(capsys, "autoplay", "--session", str(path), "--resume")
    assert code == 1
    assert err.strip() == (
        f"{path}:1: error: the session was played on scenario 'tiny', which is not built in: "
        "give its file as SCENARIO"
    )


def test_usage_errors(capsys, tmp_path):
    assert offsite(capsys, "autoplay", "--resume")[0] == 2
    assert offsite(capsys, "autoplay", "--stop-after", "-1")[0] == 2
    assert offsite(capsys, "autoplay", "--new-scenario")[0] == 2
    code, _, err = offsite(capsys, "autoplay", "--session", str(tmp_path / "none"), "--resume")
    assert code == 1 and "cannot read" in err
