"""One way to rebuild a game from a session (game/session/rebuild.py): every caller — resume
(`autoplay --resume`, `play --resume`), `offsite replay`, `offsite report`, the programme view
and `play --watch` — goes through it, and each names an action that no longer applies by the
same file line, entries (the debrief's summary) counted in."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

import game.session.rebuild as rebuild_module
from game.cli.play import resumed_games
from game.cohort.replayed import replay as cohort_replay
from game.cohort.scenarios import Known
from game.engine import new_game, state_hash
from game.engine.actions import Lock
from game.scenario import load_scenario, scenario_hash
from game.session.autoplay import steps
from game.session.log import SUMMARY, SessionWriter, new_header
from game.session.rebuild import action_lines, read_session
from game.session.resume import resume
from game.session.summary import summarise
from game.session.table import Table
from game.ui.watch import reload_table
from tests.session.helpers import TINY, offsite

ENTRY_AFTER, BAD = 20, 30  # a summary entry after action 20; action 30 refused by the rules
BAD_LINE = BAD + 2  # the header, and the entry above it, push it down two lines


def write_session(path: Path, upto: int, bad: bool) -> int:
    """A tiny game by the good policy, an entry after action ENTRY_AFTER, stopped after `upto`
    actions; with `bad`, action BAD is a Lock the rules refuse. The number of actions."""
    scenario = load_scenario(TINY)
    start = new_game(scenario, 4, scenario_hash=scenario_hash(scenario))
    played = list(steps(scenario, "good", 4))[:upto]
    with SessionWriter.create(new_header(start), path) as writer:
        for n, step in enumerate(played, start=1):
            action = Lock(by="person") if bad and n == BAD else step.action
            writer.append(action, step.state)
            if n == ENTRY_AFTER:
                writer.append_entry(SUMMARY, step.state, summarise(step.state))
    return len(played)


@pytest.fixture
def bad(tmp_path) -> Path:
    path = tmp_path / "game.jsonl"
    write_session(path, BAD + 5, bad=True)
    return path


@pytest.fixture
def good(tmp_path) -> tuple[Path, int]:
    path = tmp_path / "game.jsonl"
    return path, write_session(path, BAD + 5, bad=False)


def expected(path: Path) -> str:
    return f"{path}:{BAD_LINE}: error: action {BAD} (lock, room) is rejected: "


def changed_scenario(tmp_path: Path) -> Path:
    copy = tmp_path / "tiny.yaml"
    shutil.copy(TINY, copy)
    text = copy.read_text(encoding="utf-8")
    copy.write_text(text.replace("title: Tiny Bakery", "title: Tiny Bakery II"), "utf-8")
    return copy


def test_action_lines_count_the_entries_in():
    assert action_lines(3, []) == [2, 3, 4]
    assert action_lines(4, [{"after": 2}]) == [2, 3, 5, 6]
    assert action_lines(3, [{"after": 0}, {"after": 3}]) == [3, 4, 5]


def test_the_file_lines_of_a_session_with_an_entry(good):
    path, count = good
    session = read_session(path)
    rows = path.read_text(encoding="utf-8").splitlines()
    assert len(session.lines) == count
    assert rows[ENTRY_AFTER + 1].startswith('{"entry":')  # line ENTRY_AFTER + 2
    assert all(rows[line - 1].startswith('{"n":') for line in session.lines)
    assert session.lines[BAD - 1] == BAD_LINE


def test_every_caller_names_the_bad_line_the_same_way(bad, tmp_path, capsys):
    want = expected(bad)
    with pytest.raises(Exception) as err:
        resume(bad, TINY)
    assert str(err.value).startswith(want)
    code, _, out = offsite(capsys, "replay", str(bad), "--scenario", str(TINY))
    assert code == 1 and out.startswith(want)
    code, _, out = offsite(capsys, "autoplay", str(TINY), "--session", str(bad), "--resume")
    assert code == 1 and out.startswith(want)
    code, _, out = offsite(capsys, "play", str(TINY), "--session", str(bad), "--resume")
    assert code == 1 and out.startswith(want)
    out_dir = tmp_path / "report"
    code, _, out = offsite(capsys, "report", str(bad), "--scenario", str(TINY), "-o", str(out_dir))
    assert code == 1 and want in out
    scenario = load_scenario(TINY)
    known = Known(by_hash={scenario_hash(scenario): scenario})
    outcome = cohort_replay(bad, known, None)
    assert outcome.kind == "broken" and outcome.problem.startswith(want)
    # --watch: the recorded game, rebuilt from its file onto a saved edit of the scenario
    count = len(read_session(bad).actions)
    writer = SessionWriter.open(bad, count)
    table = Table(load_scenario_state(), writers=[writer])
    try:
        message = reload_table(table, changed_scenario(tmp_path))
    finally:
        table.close()
    assert want in message and "the game goes on with the previous version" in message
    assert message.index("previous version") < message.index(want)  # first, if cut short


def load_scenario_state():
    scenario = load_scenario(TINY)
    return new_game(scenario, 4, scenario_hash=scenario_hash(scenario))


@pytest.fixture
def counted(monkeypatch) -> list[int]:
    """How many actions the one rebuild has applied (its own `apply`, spied on)."""
    calls = [0]
    real = rebuild_module.apply

    def apply(state, action):
        calls[0] += 1
        return real(state, action)

    monkeypatch.setattr(rebuild_module, "apply", apply)
    return calls


def test_every_caller_rebuilds_through_the_one_helper(good, counted, tmp_path, capsys):
    path, count = good
    resume(path, TINY)
    assert counted[0] == count, "resume"
    counted[0] = 0
    assert offsite(capsys, "replay", str(path), "--scenario", str(TINY))[0] == 0
    assert counted[0] == count, "offsite replay"
    counted[0] = 0
    args = argparse.Namespace(session=str(path), scenario=str(TINY))
    _states, writers, _names, _notes = resumed_games(args)
    for w in writers:
        w.close()
    assert counted[0] == count, "play --resume"
    counted[0] = 0
    out_dir = tmp_path / "report"
    offsite(capsys, "report", str(path), "--scenario", str(TINY), "-o", str(out_dir))
    assert counted[0] == count, "offsite report (an unfinished game is refused after it)"
    counted[0] = 0
    scenario = load_scenario(TINY)
    cohort_replay(path, Known(by_hash={scenario_hash(scenario): scenario}), None)
    assert counted[0] == count, "offsite cohort, a session without a last summary"
    counted[0] = 0
    code, _, _ = offsite(
        capsys,
        "autoplay",
        str(TINY),
        "--session",
        str(path),
        "--resume",
        "--stop-after",
        str(count + 1),
    )
    assert code == 0 and counted[0] == count, "autoplay --resume"
    counted[0] = 0
    session = read_session(path)
    writer = SessionWriter.open(path, len(session.actions))
    resumed = resume(path, TINY)
    table = Table(resumed.replayed.state, writers=[writer])
    counted[0] = 0
    try:
        message = reload_table(table, changed_scenario(tmp_path))
        assert message.startswith("Reloaded"), message
        assert counted[0] == len(session.actions), "play --watch"
        moved = table.teams[0].writer.path
    finally:
        table.close()
    assert moved != path and moved.name.startswith("game-on-")
    again = read_session(moved)
    assert again.header["rebased_from"]["session"] == "game.jsonl"
    assert [a.to_dict() for a in again.actions] == [a.to_dict() for a in session.actions]


def test_a_watched_reload_rebuilds_every_action_of_a_resumed_game(good, tmp_path):
    """The table of a resumed game holds only the actions since the resume; the rebuild reads
    the session file, so the game on the new scenario has all of them — and each team goes on
    in a file a later --resume finds (`<first>-on-<hash>.jsonl`, then `…-team2.jsonl`)."""
    path, count = good
    second = tmp_path / "game-team2.jsonl"
    shutil.copy(path, second)
    tables = [resume(p, TINY) for p in (path, second)]
    writers = [SessionWriter.open(p, count) for p in (path, second)]
    table = Table([t.replayed.state for t in tables], writers=writers)
    edited = changed_scenario(tmp_path)
    try:
        assert reload_table(table, edited).startswith("Reloaded")
        files = [t.writer.path for t in table.teams]
        assert [t.state.version for t in table.teams] == [t.replayed.state.version for t in tables]
    finally:
        table.close()
    digest = scenario_hash(load_scenario(edited))
    assert files == [
        tmp_path / f"game-on-{digest[:8]}.jsonl",
        tmp_path / f"game-on-{digest[:8]}-team2.jsonl",
    ]
    args = argparse.Namespace(session=str(files[0]), scenario=str(edited))
    states, writers, _names, _notes = resumed_games(args)
    for w in writers:
        w.close()
    assert len(states) == 2 and all(s.scenario_hash == digest for s in states)
    assert state_hash(states[0]) == state_hash(table.teams[0].state)


def test_autoplay_plays_every_move_through_the_table(tmp_path, capsys, monkeypatch):
    """`offsite autoplay` decides with the policy and the peers, and plays each move through
    the table (which saves it): the same game as `steps`, state hash for state hash."""
    played = []
    real = Table.act

    def act(self, seat, move, ms, *, by="person"):
        played.append(move)
        return real(self, seat, move, ms, by=by)

    monkeypatch.setattr(Table, "act", act)
    path = tmp_path / "game.jsonl"
    code, _, _ = offsite(capsys, "autoplay", str(TINY), "--seed", "4", "--session", str(path))
    assert code == 0
    session = read_session(path)
    scenario = load_scenario(TINY)
    expected_steps = list(steps(scenario, "good", 4))
    assert len(played) == len(session.actions) == len(expected_steps)
    assert session.hashes == [state_hash(s.state) for s in expected_steps]
