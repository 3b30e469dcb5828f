"""Every policy can answer the quarterly question and finish a two-quarter game."""

from __future__ import annotations

import pytest

from game.engine import is_over, new_game
from game.scenario import load_scenario, scenario_hash
from game.session.autoplay import POLICY_NAMES, steps
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def northwind():
    return load_scenario(ROOT / "scenarios" / "northwind.yaml")


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_every_policy_plays_two_quarters_to_the_end(northwind, policy):
    start = new_game(northwind, 5, scenario_hash=scenario_hash(northwind), quarters=2)
    answered = []
    state = start
    for step in steps(northwind, policy, 5, state=start):
        state = step.state
        if step.action.kind == "answer_quarterly":
            answered.append(step.action.answer)
    assert is_over(state) and state.quarter == 2 and len(state.past) == 1
    assert len(answered) == 3  # one answer per objective of the first quarter
    past = state.past[0]
    assert sorted(dict(past.answers)) == sorted(c.id for c in past.chosen)
    assert [a for _, a in past.answers] == answered
    assert len(state.chosen) == 3 and all(c.key_results for c in state.chosen)
    assert state.key_results and all(k.history[-1].week == 12 for k in state.key_results)


def test_good_keeps_real_changes_and_vague_keeps_its_merge(northwind):
    ends = {}
    for policy in ("good", "vague"):
        start = new_game(northwind, 5, scenario_hash=scenario_hash(northwind), quarters=2)
        for step in steps(northwind, policy, 5, state=start):
            ends[policy] = step.state
    good, vague = ends["good"].past[0], ends["vague"].past[0]
    assert {a for _, a in good.answers} == {"keep"}  # good locked three real changes
    assert any(c.merged for c in vague.chosen) and {a for _, a in vague.answers} == {"keep"}
