"""Session files: written line by line, read back, every kind of damage named by file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game import __version__
from game.engine import from_dict, new_game, state_hash
from game.scenario import load_scenario, scenario_hash
from game.session.autoplay import steps
from game.session.log import (
    SessionError,
    SessionWriter,
    default_path,
    load,
    new_header,
    sealed,
)
from tests.session.helpers import TINY, lines


@pytest.fixture(scope="module")
def game():
    """A tiny game: its first state and its first 30 steps."""
    scenario = load_scenario(TINY)
    start = new_game(scenario, 4, scenario_hash=scenario_hash(scenario))
    played = []
    for step in steps(scenario, "good", 4):
        played.append(step)
        if len(played) == 30:
            break
    return start, played


def write(path: Path, game, count: int = 30) -> Path:
    start, played = game
    with SessionWriter.create(
        new_header(start, teams=[{"name": "A", "policy": "good"}]), path
    ) as w:
        for step in played[:count]:
            w.append(step.action, step.state)
    return path


def test_round_trip(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game)
    header, actions, hashes, warnings = load(path)
    start, played = game
    assert header["offsite_version"] == __version__
    assert header["numpy_version"]
    assert header["scenario"] == "tiny"
    assert header["scenario_hash"] == start.scenario_hash
    assert (header["seed"], header["pressure"], header["warmup"]) == (4, "normal", True)
    assert header["seats"] == dict(start.seats)
    assert header["teams"] == [{"name": "A", "policy": "good"}]
    assert header["created"]
    assert actions == [s.action for s in played]
    assert hashes == [state_hash(s.state) for s in played]
    assert warnings == []
    records = [json.loads(row) for row in lines(path)[1:]]
    assert [r["n"] for r in records] == list(range(1, 31))
    assert from_dict(records[0]["action"]) == played[0].action


def test_create_never_overwrites(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game)
    before = path.read_bytes()
    with pytest.raises(FileExistsError):
        write(path, game)
    assert path.read_bytes() == before


def test_default_path_is_in_the_user_data_folder(tmp_path, monkeypatch, game):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    start, played = game
    with SessionWriter.create(new_header(start)) as w:
        w.append(played[0].action, played[0].state)
    (made,) = (tmp_path / "offsite" / "sessions").iterdir()
    assert made.name.endswith("-tiny-4.jsonl")
    assert made == w.path
    assert default_path("tiny", 4) != made  # the next one never reuses a name


def test_torn_last_line_is_dropped_with_a_warning_and_cut_off_before_appending(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game)
    whole = path.read_bytes()
    path.write_bytes(whole[:-40])  # killed in the middle of writing action 30
    _header, actions, _hashes, warnings = load(path)
    assert len(actions) == 29
    (warning,) = warnings
    assert warning.startswith(f"{path}:31: warning: the last line is incomplete")
    _start, played = game
    with SessionWriter.open(path, len(actions)) as w:
        w.append(played[29].action, played[29].state)
    assert path.read_bytes() == whole  # the torn tail is gone; nothing whole was lost


def test_a_whole_last_line_without_its_newline_is_kept(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game, 29)
    path.write_bytes(path.read_bytes()[:-1])
    _, actions, _, warnings = load(path)
    assert len(actions) == 29
    assert "no newline; kept it" in warnings[0]
    _start, played = game
    with SessionWriter.open(path, 29) as w:
        w.append(played[29].action, played[29].state)
    _, actions, _, warnings = load(path)
    assert (len(actions), warnings) == (30, [])


def test_cut_at_a_line_end_loads_the_actions_before_it(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game)
    path.write_text("".join(lines(path)[:11]), encoding="utf-8")
    _, actions, _, warnings = load(path)
    assert (len(actions), warnings) == (10, [])


Z = "0" * 64


def message(path: Path) -> str:
    with pytest.raises(SessionError) as caught:
        load(path)
    text = str(caught.value)
    assert "\n" not in text and "Traceback" not in text
    return text


def test_empty_foreign_and_torn_header_files_are_named(tmp_path, game):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert message(empty) == f"{empty}:1: error: the file is empty: a session starts with a header"
    foreign = tmp_path / "foreign.jsonl"
    foreign.write_text('{"kind": "something else"}\n', encoding="utf-8")
    assert message(foreign).startswith(f"{foreign}:1: error: not an Offsite session")
    binary = tmp_path / "photo.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert message(binary).startswith(f"{binary}:1: error: not an Offsite session")
    torn = tmp_path / "torn.jsonl"
    torn.write_bytes(write(tmp_path / "s.jsonl", game).read_bytes()[:120])
    assert "the session header is incomplete" in message(torn)
    missing = tmp_path / "missing.jsonl"
    assert message(missing).startswith(f"{missing}: error: cannot read")


@pytest.mark.parametrize(
    "line,expected",
    [
        ('{"n": 7, "act', "not a JSON record (garbled); the 6 actions before it are intact"),
        ("", "a blank line"),
        (
            '{"n": 9, "action": {"kind": "advance"}, "hash": "' + Z + '", "chain": "' + Z + '"}',
            "expected action n=7",
        ),
        (
            '{"n": 7, "action": {"kind": "advance"}, "hash": "abc", "chain": "' + Z + '"}',
            '"hash" should be 64 hex',
        ),
        (
            '{"n": 7, "action": {"kind": "advance"}, "hash": "' + Z + '", "chain": "' + Z + '"}',
            "action 7 was changed after it was written",
        ),
        ('{"n": 7, "action": {"kind": "advance"}, "hash": "' + Z + '"}', '"hash" and "chain"'),
        ("[1, 2, 3]", 'exactly "n", "action", "hash" and "chain"'),
    ],
)
def test_a_garbled_line_in_the_middle_is_named_and_nothing_is_cut(tmp_path, game, line, expected):
    path = write(tmp_path / "s.jsonl", game)
    rows = lines(path)
    rows[7] = line + "\n"  # file line 8, action 7
    path.write_text("".join(rows), encoding="utf-8")
    before = path.read_bytes()
    text = message(path)
    assert text.startswith(f"{path}:8: error: ")
    assert expected in text
    assert path.read_bytes() == before


def test_header_fields_are_checked(tmp_path, game):
    path = write(tmp_path / "s.jsonl", game)
    rows = lines(path)
    header = json.loads(rows[0])
    header["seed"] = "one"
    path.write_text(json.dumps(sealed(header)) + "\n" + "".join(rows[1:]), encoding="utf-8")
    assert message(path) == f"{path}:1: error: header: 'seed' should be a whole number, got 'one'"
    header.update(seed=1, scenario="../../elsewhere/secret")
    path.write_text(json.dumps(sealed(header)) + "\n" + "".join(rows[1:]), encoding="utf-8")
    assert "header: 'scenario' should be a scenario id" in message(path)
    header.update(scenario="tiny", format_version=3)
    path.write_text(json.dumps(sealed(header)) + "\n" + "".join(rows[1:]), encoding="utf-8")
    assert "session format 3; this Offsite reads formats 1, 2" in message(path)


def test_every_line_is_flushed_and_fsynced_as_it_is_written(tmp_path, game, synced):
    start, played = game
    path = tmp_path / "s.jsonl"
    with SessionWriter.create(new_header(start), path) as w:
        synced.clear()
        for n, step in enumerate(played[:5], start=1):
            w.append(step.action, step.state)
            assert len(synced) == n  # on disk before append returns
            assert len(lines(path)) == n + 1  # flushed: another reader sees it now
