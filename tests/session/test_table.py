"""The table: its moves are the engine's legal actions, and `act` applies, records and tells."""

from __future__ import annotations

import json
import threading

import pytest

from game.bots.policies import held_by_people
from game.engine import ROOM, Rejection, apply, legal_actions, new_game, state_hash
from game.engine.actions import Advance, Lock, Report, Translate, Undo, Vote
from game.engine.quarter import reports_due
from game.scenario import load_scenario, scenario_hash
from game.session.autoplay import make_policy, next_action, steps
from game.session.log import SessionWriter, load, new_header
from game.session.moves import Seat, SeatError, same_move
from game.session.table import Table
from tests.conftest import ROOT, shipped_scenarios

NORTHWIND = ROOT / "scenarios" / "northwind.yaml"


@pytest.fixture(scope="module")
def northwind():
    return load_scenario(NORTHWIND)


def fresh(scenario, seats=None, seed=7):
    return new_game(scenario, seed, seats, scenario_hash=scenario_hash(scenario))


def seats_of(state) -> list[Seat]:
    return [Seat(ROOM)] + [Seat(r.id) for r in state.scenario.roles]


def played(scenario, policy="good", seed=7):
    """Every state of an autoplayed game, the first included."""
    states = [fresh(scenario, seed=seed)]
    states += [s.state for s in steps(scenario, policy, seed)]
    return states


@pytest.mark.parametrize("path", shipped_scenarios()[:2], ids=lambda p: p.stem)
def test_allowed_moves_are_exactly_the_legal_actions(path):
    scenario = load_scenario(path)
    for state in played(scenario)[::3]:
        table = Table(state)
        for seat in seats_of(state):
            moves = table.moves(seat)
            legal = [a for a in legal_actions(state, seat.role) if not isinstance(a, Undo)]
            allowed = [m.action for m in moves.allowed()]
            assert allowed == legal, (state.phase, state.step, seat)
            for m in moves:
                assert m.label, m
                assert m.version == state.version
                assert m.action.role == seat.role
            for m in moves:
                if m.refused:  # a refused move is one the engine really refuses, for that reason
                    with pytest.raises(Rejection) as no:
                        apply(state, m.action)
                    assert no.value.message == m.refused


def test_moves_are_grouped_by_kind_in_the_engines_order(northwind):
    state = next(s for s in played(northwind) if s.step == "shortlist")
    role = northwind.roles[0].id
    moves = Table(state).moves(Seat(role))
    assert moves.kinds() == ["vote"]
    assert [m.action for m in moves.of("vote")] == legal_actions(state, role)
    assert all(m.label.startswith("Vote for") and m.detail for m in moves.of("vote"))
    room = Table(state).moves(Seat(ROOM))
    assert room.kinds() == ["advance"] and room.of("advance")[0].label == "Open the debate"


def debate(scenario):
    for state in played(scenario):
        if state.phase == "priorities" and state.step == "debate":
            return state
    raise AssertionError("no debate")


def test_lock_is_shown_refused_with_the_engines_reason_until_three_remain(northwind):
    state = debate(northwind)
    lock = Table(state).moves(Seat(ROOM)).find("lock")
    assert lock is not None and not lock.allowed
    assert "You can lock at most three objectives" in lock.refused
    outcome = Table(state).act(Seat(ROOM), lock, 100)
    assert not outcome.ok and outcome.message == lock.refused


def test_moves_are_worked_out_once_a_state_and_again_after_a_move(northwind):
    """A screen asks for the moves several times a frame: the same state gives the same
    Moves (not worked out again), a played move gives the new state's, undo the old again."""
    table = Table(fresh(northwind), computers=False)
    first = table.moves(Seat(ROOM))
    assert table.moves(Seat(ROOM)) is first
    assert table.moves(Seat("ceo")) is not first
    advance = first.find("advance")
    assert advance is not None and table.act(Seat(ROOM), advance, 100).ok
    after = table.moves(Seat(ROOM))
    assert after.version != first.version and after is table.moves(Seat(ROOM))


def test_templates_say_what_to_fill_and_fill_it(northwind):
    for state in played(northwind):
        if state.phase == "priorities" and state.step == "key_results":
            break
    table = Table(state)
    pick = table.moves(Seat(ROOM)).of("pick_key_results")[0]
    krs = pick.blank("key_results")
    assert (krs.least, krs.most) == (3, 5) and len(krs.options) >= 3
    chosen = [o.id for o in krs.options[:4]]
    outcome = table.act(Seat(ROOM), pick.fill(key_results=chosen), 2500)
    assert outcome.ok, outcome.message
    done = table.state.chosen_objective(pick.action.objective)
    assert done.key_results == tuple(chosen)
    assert table.teams[0].actions[-1].ms == 2500
    with pytest.raises(ValueError, match="no blank"):
        pick.fill(objective="x")


def test_a_typed_translation_is_a_template_with_the_engines_limit(northwind):
    for state in played(northwind):
        if state.phase == "cascade":
            break
    role = next(r for r in legal_roles(state) if r != ROOM)
    typed = next(
        m for m in Table(state).moves(Seat(role)).of("translate") if m.action.choice == "typed"
    )
    assert typed.blank("text").most == 400 and typed.blank("text").is_text
    table = Table(state)
    long = table.act(Seat(role), typed.fill(text="x " * 300), 10)
    assert not long.ok and "400" in long.message
    ok = table.act(Seat(role), typed.fill(text="Ship the new onboarding flow to every region"), 0)
    assert ok.ok


def legal_roles(state):
    return [r.id for r in state.scenario.roles if legal_actions(state, r.id)]


def test_a_move_of_another_seat_or_team_or_role_is_refused(northwind):
    state = fresh(northwind)
    table = Table(state)
    advance = table.moves(Seat(ROOM)).find("advance")
    other = northwind.roles[0].id
    assert not table.act(Seat(other), advance, 0).ok
    with pytest.raises(SeatError):
        table.moves(Seat("nobody"))
    with pytest.raises(SeatError):
        table.moves(Seat(ROOM, team=3))
    assert table.act(Seat(ROOM), advance, 0).ok
    stale = table.act(Seat(ROOM), advance, 0)  # offered on the briefing: the table moved on
    assert not stale.ok and "moved on" in stale.message
    vote = Vote(role=other, objective="nonsense")
    refused = table.act(Seat(other), vote, 0)
    assert not refused.ok and refused.message


def test_act_records_each_action_synced_before_it_returns(northwind, tmp_path, synced):
    state = fresh(northwind)
    writer = SessionWriter.create(new_header(state), tmp_path / "s.jsonl")
    table = Table(state, writers=[writer])
    before = len(synced)
    assert table.act(Seat(ROOM), table.moves(Seat(ROOM)).find("advance"), 1234).ok
    assert len(synced) > before  # fsync'ed
    _, actions, hashes, _ = load(tmp_path / "s.jsonl")
    assert [a.kind for a in actions] == ["advance"] and actions[0].ms == 1234
    assert hashes[-1] == state_hash(table.state)


def test_computers_take_their_turns_and_are_recorded(northwind, tmp_path):
    solo = northwind.roles[1].id
    seats = {r.id: ("person" if r.id == solo else "computer") for r in northwind.roles}
    state = fresh(northwind, seats)
    table = Table(state, solo=solo)
    while table.state.step != "shortlist":
        assert table.act(Seat(ROOM), table.moves(Seat(ROOM)).find("advance"), 0).ok
        if table.state.phase == "warmup":
            for m in table.moves(Seat(ROOM)).of("sort_card")[::2]:
                table.act(Seat(ROOM), m, 0)
    # The computers voted as soon as the shortlist opened; the person has not.
    voters = {r for r, _ in table.state.votes}
    assert solo not in voters and voters
    assert all(a.by == "computer" for a in table.teams[0].actions if a.kind == "vote")
    mine = table.moves(Seat(solo)).of("vote")
    assert table.act(Seat(solo), mine[0], 0).ok


def test_listeners_hear_every_change_with_its_events(northwind):
    table = Table(fresh(northwind))
    heard = []
    stop = table.listen(heard.append)
    table.act(Seat(ROOM), table.moves(Seat(ROOM)).find("advance"), 0)
    assert heard and heard[-1].what == "acted" and heard[-1].events
    assert heard[-1].version == table.state.version and heard[-1].seat == Seat(ROOM)
    table.undo()
    assert heard[-1].what == "undone" and table.state.phase == "briefing"
    stop()
    table.act(Seat(ROOM), table.moves(Seat(ROOM)).find("advance"), 0)
    assert heard[-1].what == "undone"


def test_one_writer_at_a_time(northwind):
    """Eight threads press the same next click at once: exactly one gets through."""
    table = Table(fresh(northwind))
    advance = table.moves(Seat(ROOM)).find("advance")
    results, start = [], threading.Barrier(8)

    def press():
        start.wait()
        results.append(table.act(Seat(ROOM), advance, 0).ok)

    threads = [threading.Thread(target=press) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]
    assert table.state.version == 1


def test_reports_from_several_threads_all_land_once(northwind):
    for state in played(northwind):
        if state.phase == "quarter" and state.step == "report":
            break
    table = Table(state)
    owners = sorted({a.role for r in legal_roles(state) for a in legal_actions(state, r)})
    results = []

    def report(role):
        for m in table.moves(Seat(role)).of("report"):
            if m.action.confidence == 5:
                results.append(table.act(Seat(role), m, 0).ok)

    threads = [threading.Thread(target=report, args=(r,)) for r in owners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results) and results
    made = [r for r in table.state.reports if r.week == state.week]
    due = [(o, k) for o, k in reports_due(state)]
    assert sorted((r.role, r.key_result) for r in made) == sorted(due)  # each once, none lost
    people = [(o, k) for o, k in due if state.seat(o) == "person"]
    assert len(results) == len(people) and table.state.step == "discuss"


class SlowDisk:
    """A session writer whose disk answers only when the test says so."""

    def __init__(self) -> None:
        self.writing, self.go, self.written = threading.Event(), threading.Event(), []

    def append(self, action, state) -> None:
        self.writing.set()
        assert self.go.wait(10)
        self.written.append(state.version)


def test_readers_wait_for_no_change_and_see_only_what_is_on_disk(northwind):
    """While a move waits on the disk, another thread reads the seat's moves and view at once,
    of the state before it: a phone is never shown a state that a crash could lose."""
    table = Table(fresh(northwind), writers=[SlowDisk()])
    disk = table.teams[0].writer
    advance = table.moves(Seat(ROOM)).find("advance")
    mover = threading.Thread(target=table.act, args=(Seat(ROOM), advance, 0))
    mover.start()
    assert disk.writing.wait(10)
    seen, moves = table.seat_now(Seat(northwind.roles[0].id))
    assert seen["version"] == moves.version == table.state_of(0).version == 0
    assert table.moves(Seat(ROOM)).find("advance") is advance
    disk.go.set()
    mover.join(10)
    assert disk.written[0] == 1 and table.state_of(0).version >= 1
    seen, moves = table.seat_now(Seat(northwind.roles[0].id))
    assert seen["version"] == moves.version == table.state_of(0).version


def test_teams_rotate_to_the_one_furthest_behind(northwind):
    table = Table([fresh(northwind), fresh(northwind)], names=["Red", "Blue"])
    assert table.act(Seat(ROOM, 0), table.moves(Seat(ROOM, 0)).find("advance"), 0).ok
    assert table.team == 1 and table.team_turn
    table.dismiss()
    assert not table.team_turn


def test_the_timer_runs_on_the_callers_clock(northwind):
    table = Table(fresh(northwind))
    assert not table.tick(1.0)
    assert table.timer.elapsed_s == 1.0 and table.timer.budget_s == 10 * 60
    assert table.tick(600.0) and not table.tick(1.0)  # the chime, once


def test_autoplay_through_the_table_is_the_same_game(northwind, tmp_path):
    """The policy and the peers decide; the table applies and records: identical hashes."""
    seed = 11
    expected = [state_hash(s.state) for s in steps(northwind, "good", seed)]
    state = fresh(northwind, seed=seed)
    writer = SessionWriter.create(new_header(state), tmp_path / "auto.jsonl")
    table = Table(state, writers=[writer], computers=False)
    policy, held = make_policy("good", seed), set(held_by_people(state))
    while table.state.phase != "over":
        action = next_action(table.state, policy, held)
        outcome = table.act(Seat(action.role), action, action.ms, by=action.by)
        assert outcome.ok, outcome.message
    _, _, hashes, _ = load(tmp_path / "auto.jsonl")
    assert hashes == expected


def test_a_session_line_is_json_with_the_action(northwind, tmp_path):
    state = fresh(northwind)
    writer = SessionWriter.create(new_header(state), tmp_path / "t.jsonl")
    table = Table(state, writers=[writer])
    table.act(Seat(ROOM), Advance(), 50)
    line = (tmp_path / "t.jsonl").read_text().splitlines()[1]
    assert json.loads(line)["action"]["ms"] == 50
    assert same_move(Advance(ms=3, by="computer"), Advance())
    assert not same_move(Lock(), Advance())
    assert not same_move(Report(key_result="a"), Translate())


def test_a_seat_sees_its_own_forecasts_and_nobody_elses(northwind):
    state = next(s for s in played(northwind) if s.phase == "quarter" and s.step == "report")
    table = Table(state)
    owner, kr = reports_due(state)[0]
    mine = table.observe(Seat(owner))
    assert kr in {p["key_result"] for p in mine["private"]}
    assert not table.observe(Seat(ROOM)).get("private")
    assert mine["version"] == state.version
