"""The summary entry a finished session ends with: written once the debrief is reached, read
back beside the actions (never as one), superseded by an undo, checked by replay."""

from __future__ import annotations

import json

import pytest

from game.engine import new_game, state_hash
from game.engine.actions import Undo
from game.scenario import load_scenario, scenario_hash
from game.scoring import score
from game.scoring.timing import NAMING, speed
from game.session.autoplay import steps
from game.session.log import (
    SessionError,
    SessionWriter,
    last_summary,
    load,
    load_all,
    new_header,
)
from game.session.summary import SUMMARY, summarise, summary_differs
from tests.session.helpers import TINY, lines, offsite, reseal_file


@pytest.fixture(scope="module")
def game():
    """A whole tiny game: its first state and every step to the debrief."""
    scenario = load_scenario(TINY)
    start = new_game(scenario, 5, scenario_hash=scenario_hash(scenario))
    return start, list(steps(scenario, "hider", 5))


def write(path, game, upto=None):
    start, played = game
    with SessionWriter.create(new_header(start), path) as w:
        for step in played[:upto]:
            w.append(step.action, step.state)
    return path


def test_a_finished_game_ends_with_its_summary(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game)
    _start, played = game
    final = played[-1].state
    last = json.loads(lines(path)[-1])
    assert list(last)[:3] == ["entry", "after", "hash"]
    assert last["entry"] == SUMMARY and last["after"] == len(played)
    assert last["hash"] == state_hash(final)
    data = last[SUMMARY]
    assert data["scores"] == score(final).as_dict()
    assert data["speed"]["part"] == round(speed(final).part, 4)
    assert len(data["key_results"]) == len(final.key_results)
    assert len(data["reports"]) == len(final.reports)
    assert all(k["naming"] in (*NAMING, None) for k in data["key_results"])
    assert {k["watermelon"] for k in data["key_results"]} <= {True, False}
    # the hider hides: at least one missed key result went unnamed or late
    assert any(k["naming"] in ("never", "late") for k in data["key_results"])


def test_entries_are_not_actions(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game)
    _header, actions, _hashes, warnings = load(path)
    assert len(actions) == len(game[1]) and warnings == []
    *_, entries = load_all(path)
    found = last_summary(entries, len(actions))
    assert found is not None and found["line"] == len(actions) + 2
    assert summary_differs(found[SUMMARY], game[1][-1].state) is None


def test_no_summary_before_the_debrief(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game, upto=len(game[1]) - 1)
    *_, entries = load_all(path)
    assert entries == []


def test_an_undo_after_the_debrief_supersedes_the_summary(tmp_path, game):
    # The log layer does not judge moves: an undo taking the game back to its review, then the
    # same last move again, is written as the table would write it.
    _start, played = game
    path = write(tmp_path / "s.jsonl", game)
    with SessionWriter.open(path, len(played)) as w:  # counts actions, not the entry
        w.append(Undo(by="person"), played[-2].state)
        assert last_summary(load_all(path)[4], len(played) + 1) is None
        w.append(played[-1].action, played[-1].state)
    _header, actions, _h, _w, entries = load_all(path)
    assert len(actions) == len(played) + 2 and len(entries) == 2
    assert last_summary(entries, len(actions)) is entries[-1]
    assert entries[-1]["after"] == len(actions)


def test_a_torn_summary_is_dropped_with_a_warning(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game)
    data = path.read_bytes()
    path.write_bytes(data[:-40])
    _header, actions, _hashes, warnings, entries = load_all(path)
    assert len(actions) == len(game[1]) and entries == []
    assert "incomplete summary" in warnings[0]
    SessionWriter.open(path, len(actions)).close()  # cut off, ready to go on
    assert path.read_bytes().endswith(b"\n")


def test_a_summary_naming_another_state_is_refused(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game)
    rows = lines(path)
    last = json.loads(rows[-1])
    last["hash"] = "0" * 64
    rows[-1] = json.dumps(last) + "\n"
    path.write_text("".join(rows), encoding="utf-8")
    with pytest.raises(SessionError, match=rf":{len(rows)}: error: the summary entry"):
        load(path)


def test_replay_names_an_edited_summary(tmp_path, game, capsys):
    path = write(tmp_path / "s.jsonl", game)
    code, _, err = offsite(capsys, "replay", str(path), "--scenario", str(TINY))
    assert code == 0, err
    rows = lines(path)
    last = json.loads(rows[-1])
    last[SUMMARY]["scores"]["total"] = 99.0
    rows[-1] = json.dumps(last, separators=(",", ":")) + "\n"
    path.write_text("".join(rows), encoding="utf-8")
    code, _, err = offsite(capsys, "replay", str(path), "--scenario", str(TINY))
    assert code == 1  # edited by hand: the chain breaks at the summary
    assert f"{path}:{len(rows)}: error: the summary entry was changed after it was written" in err
    reseal_file(path)  # a summary the program got wrong: the replay tells
    code, _, err = offsite(capsys, "replay", str(path), "--scenario", str(TINY))
    assert code == 1
    assert f"{path}:{len(rows)}: error: the summary's 'scores' differs" in err


def test_summarise_is_plain_json(game):
    data = summarise(game[1][-1].state)
    assert json.loads(json.dumps(data)) == data
