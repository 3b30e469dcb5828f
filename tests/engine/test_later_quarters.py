"""Later quarters: the quarterly question and the next quarter starting where the business is
(docs/rules.md, "Later quarters"). A one-quarter game is untouched: its states serialise and
hash as before (the golden playthrough and the snapshots check the hashes themselves)."""

from __future__ import annotations

import pytest

from game.engine import ROOM, apply, is_over, legal_actions, new_game, state_hash, to_json
from game.engine.actions import Advance, AnswerQuarterly, Drop, Keep, Lock
from game.engine.errors import Rejection
from game.engine.priorities import carried, on_board, open_ids, to_lock
from game.scenario import ScenarioError, load_scenario, scenario_hash
from game.scenario.loader import canonical_json, parse_scenario
from game.session.autoplay import steps
from tests.conftest import ROOT

NORTHWIND = ROOT / "scenarios" / "northwind.yaml"


@pytest.fixture(scope="module")
def northwind():
    return load_scenario(NORTHWIND)


def _play_until(scenario, state, policy, stop):
    for step in steps(scenario, policy, state.seed, state=state):
        if stop(step.state):
            return step.state
    raise AssertionError("never reached")


@pytest.fixture(scope="module")
def question(northwind):
    """A good two-quarter Northwind game at the quarterly question."""
    start = new_game(northwind, 11, scenario_hash=scenario_hash(northwind), quarters=2)
    return _play_until(northwind, start, "good", lambda s: s.phase == "quarterly")


def test_a_one_quarter_state_serialises_as_before(northwind):
    state = new_game(northwind, 3)
    data = to_json(state)
    assert not {"quarter", "quarters", "answers", "past"} & set(data)
    two = new_game(northwind, 3, quarters=2)
    assert to_json(two)["quarters"] == 2 and "quarter" not in to_json(two)
    assert state_hash(two) != state_hash(state)


def test_the_number_of_quarters_is_one_to_four(northwind):
    assert new_game(northwind, 1).quarters == 1
    for bad in (0, 5, True, "2"):
        with pytest.raises(Rejection) as caught:
            new_game(northwind, 1, quarters=bad)
        assert caught.value.code == "bad_quarters"


def test_the_review_of_the_last_quarter_ends_the_game(northwind):
    start = new_game(northwind, 11, scenario_hash=scenario_hash(northwind))
    end = _play_until(northwind, start, "good", is_over)
    assert end.quarter == 1 and not end.past


def test_the_question_comes_after_the_review(question):
    assert question.quarter == 1 and question.prior.phase == "review"
    legal = legal_actions(question, ROOM)
    assert {a.kind for a in legal} == {"answer_quarterly"}  # no next click before the answers
    assert len(legal) == 3 * len(question.chosen)
    with pytest.raises(Rejection) as caught:
        apply(question, Advance())
    assert caught.value.code == "answer_first"
    assert legal_actions(question, question.scenario.roles[0].id) == []


def _answered(question, answers):
    state = question
    for chosen, answer in zip(question.chosen, answers, strict=True):
        state, _ = apply(state, AnswerQuarterly(objective=chosen.id, answer=answer))
    with pytest.raises(Rejection) as caught:
        apply(state, AnswerQuarterly(objective=question.chosen[0].id, answer="keep"))
    assert caught.value.code == "already_answered"
    return state


def test_the_next_quarter_starts_where_the_business_is(question):
    answered = _answered(question, ("keep", "rewrite", "replace"))
    q2, events = apply(answered, Advance())
    kept, rewritten, replaced = question.chosen
    assert q2.quarter == 2 and events[0].kind == "quarter"
    (closed,) = q2.past
    assert closed.answers == answered.answers and closed.phase == "quarterly"
    assert closed.reports == question.reports and closed.key_results == question.key_results
    # The room is as the first quarter left it; capacity is renewed; the weeks start again.
    assert q2.standing == question.standing and q2.candour == question.candour
    assert q2.credibility == question.credibility
    assert q2.capacity == question.scenario.quarter.capacity
    assert q2.week == 0 and q2.reports == () and q2.reactions == () and q2.key_results == ()
    assert [k.value for k in q2.kpis] == [k.value for k in question.kpis]
    assert all(k.history == ((0, k.value),) for k in q2.kpis)
    # Kept: its key results and cascade; rewritten: its cascade, new key results; replaced:
    # back on the board, its translations gone.
    assert [c.id for c in q2.chosen] == [kept.id, rewritten.id]
    assert q2.chosen[0].key_results == kept.key_results and q2.chosen[1].key_results == ()
    assert all(c.still_right is None for c in q2.chosen)
    assert {t.objective for t in q2.translations} == {kept.id, rewritten.id}
    assert q2.candidate(replaced.id).status == "open" and replaced.id in open_ids(q2)
    assert (q2.phase, q2.step, q2.debate_round) == ("priorities", "debate", 1)
    assert carried(q2) == {kept.id, rewritten.id} and to_lock(q2) == 1
    assert kept.id not in on_board(q2)
    with pytest.raises(Rejection) as caught:
        apply(q2, Drop(objective=kept.id, reason="next_quarter"))
    assert caught.value.code in ("carried", "not_open")
    # Keep one: the debate chooses only the replaced slot, and locking keeps the carried two.
    keep = next(a for a in legal_actions(q2, ROOM) if isinstance(a, Keep))
    with pytest.raises(Rejection):
        apply(q2, Keep(objectives=(replaced.id, open_ids(q2)[1]), reason=keep.reason))
    one, _ = apply(q2, Keep(objectives=(replaced.id,), reason=keep.reason))
    locked, _ = apply(one, Lock())
    assert [c.id for c in locked.chosen] == [c.id for c in question.chosen]
    assert locked.chosen[0].key_results == kept.key_results
    assert locked.step == "key_results"


def test_a_kept_quarter_goes_straight_to_the_cascade_and_meets_new_luck(question, northwind):
    answered = _answered(question, ("keep", "keep", "keep"))
    q2, _ = apply(answered, Advance())
    assert (q2.phase, q2.step) == ("cascade", "")
    assert q2.translations == question.translations
    assert any(isinstance(a, Advance) for a in legal_actions(q2, ROOM))
    running, _ = apply(q2, Advance())
    assert running.phase == "quarter" and running.quarter == 2
    first = {k.id: k for k in question.key_results}
    assert {k.id for k in running.key_results} == set(first)
    assert all(k.draws != first[k.id].draws for k in running.key_results)
    end = _play_until(northwind, running, "good", is_over)
    assert end.quarter == 2 and len(end.past) == 1 and end.past[0].quarter == 1


def test_a_rewrite_only_quarter_starts_at_the_key_results(question):
    answered = _answered(question, ("rewrite", "keep", "keep"))
    q2, _ = apply(answered, Advance())
    assert (q2.phase, q2.step) == ("priorities", "key_results")
    assert q2.chosen[0].key_results == () and q2.chosen[1].key_results


def _with_quarters(text: str, line: str) -> bytes:
    block = "  capacity: 6\n  kpi_review_weeks: [4, 8, 12]\n"
    assert text.count(block) == 1
    return text.replace(block, block + line).encode()


def test_a_scenario_may_set_how_many_quarters_a_session_plays(northwind):
    text = NORTHWIND.read_text(encoding="utf-8")
    assert "quarters" not in canonical_json(northwind)  # not given: the identity is unchanged
    two, _ = parse_scenario(_with_quarters(text, "  quarters: 2\n"), "nw.yaml")
    assert two.quarter.quarters == 2 and new_game(two, 1).quarters == 2
    assert new_game(two, 1, quarters=1).quarters == 1  # the facilitator says otherwise
    assert scenario_hash(two) != scenario_hash(northwind)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(_with_quarters(text, "  quarters: 5\n"), "nw.yaml")
    (problem,) = caught.value.problems
    assert problem.field == "quarter.quarters" and "4" in problem.message
    assert problem.line == 2371 and problem.severity == "error"
