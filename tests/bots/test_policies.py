"""Policies differ from `good` in one behaviour only; peers' candour moves as documented."""

from __future__ import annotations

from collections import Counter

import pytest

from game.engine import legal_actions, new_game
from game.engine.actions import (
    Correct,
    Drop,
    EndRound,
    Lock,
    Merge,
    React,
    Report,
    TestCard,
    Translate,
)
from game.scenario import load_scenario, scenario_hash
from game.session.autoplay import POLICY_NAMES, play, steps
from tests.conftest import shipped_scenarios

NORTHWIND = load_scenario("scenarios/northwind.yaml") if shipped_scenarios() else None
# The only kinds of action where each policy may first part from `good`.
DIVERGES_AT = {
    "hider": (Report,),
    "late": (Report,),
    "sandbagger": (Report,),
    "blamer": (React,),
    "copycat": (Translate,),
    "vague": (Merge, Drop, TestCard, EndRound, Lock),
    "optimist": (Report,),
    "bystander": (React,),
    "amber": (Report,),
}


def first_difference(policy: str, seed: int):
    good = [s.action for s in steps(NORTHWIND, "good", seed)]
    other = [s.action for s in steps(NORTHWIND, policy, seed)]
    for a, b in zip(good, other, strict=False):
        if a != b:
            return a, b
    return None


@pytest.mark.parametrize("policy", sorted(DIVERGES_AT))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_policy_differs_from_good_only_where_it_should(policy, seed):
    diff = first_difference(policy, seed)
    assert diff is not None, f"{policy} played exactly like good"
    good_action, other_action = diff
    kinds = DIVERGES_AT[policy]
    assert isinstance(other_action, kinds) or isinstance(good_action, kinds), (
        f"{policy} first differs at {good_action} vs {other_action}"
    )
    if policy in ("hider", "late", "sandbagger", "optimist", "amber"):
        assert good_action.key_result == other_action.key_result
        assert good_action.confidence != other_action.confidence
    if policy == "copycat":
        assert other_action.choice == "copy" and good_action.choice != "copy"


@pytest.mark.parametrize("path", shipped_scenarios(), ids=lambda p: p.name)
@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_every_policy_finishes_every_scenario(path, policy):
    final = play(load_scenario(path), policy, seed=4)
    assert final.phase == "over"
    assert all(c.still_right is not None for c in final.chosen)


def test_hider_never_reports_a_red():
    final = play(NORTHWIND, "hider", 5)
    people = {r for r, by in final.seats if by == "person"}
    assert all(r.confidence >= 8 for r in final.reports if r.role in people)


def test_sandbagger_never_reports_green():
    final = play(NORTHWIND, "sandbagger", 5)
    people = {r for r, by in final.seats if by == "person"}
    assert all(r.confidence <= 2 for r in final.reports if r.role in people)


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_the_room_spreads_corrections_over_owners_among_equally_low_reports(seed):
    """docs/rules.md, "Peers and policies": a lower report is corrected first; among equally
    low ones, an owner already helped at this check-in waits for the other owners."""
    path = next((p for p in shipped_scenarios() if p.stem == "brightlane"), None)
    if path is None:
        pytest.skip("Brightlane is not shipped")
    scenario = load_scenario(path)
    before = new_game(scenario, seed, scenario_hash=scenario_hash(scenario))
    owners_helped_in_one_checkin = 0
    for step in steps(scenario, "good", seed):
        if isinstance(step.action, Correct):
            owner = {k.id: k.owner for k in before.key_results}
            latest = {r.key_result: r.confidence for r in before.reports}
            done = [k for w, k, _ in before.corrections if w == before.week]
            helped = Counter(owner[k] for k in done)
            tied = [
                a.key_result
                for a in legal_actions(before)
                if isinstance(a, Correct)
                and a.key_result not in done
                and latest.get(a.key_result) == latest[step.action.key_result]
            ]
            chosen = helped[owner[step.action.key_result]]
            assert chosen == min(helped[owner[k]] for k in tied), (
                f"week {before.week}: {step.action.key_result} ({owner[step.action.key_result]}, "
                f"helped {chosen} times) went before an equally low report of a less helped owner"
            )
            owners_helped_in_one_checkin = max(
                owners_helped_in_one_checkin,
                len(helped) + (owner[step.action.key_result] not in helped),
            )
        before = step.state
    assert owners_helped_in_one_checkin > 1
