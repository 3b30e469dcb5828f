"""Keep three: one move that keeps the three chosen objectives and drops the rest with one
reason — exactly the drops, one by one, that `Drop` would make."""

from __future__ import annotations

import pytest

from game.engine import ROOM, apply, legal_actions, new_game
from game.engine.actions import Argue, Drop, Keep, Lock, Merge
from game.engine.errors import Rejection
from game.engine.priorities import open_ids, remaining
from game.scenario import load_scenario
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def debate():
    state = new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3)
    while state.step != "debate":
        state, _ = apply(state, next(a for a in legal_actions(state) if a.kind == "advance"))
    return state


def test_keep_is_the_drops_one_by_one(debate):
    ids = open_ids(debate)
    advocate = debate.scenario.objective(ids[5]).advocates[0]
    heard, _ = apply(debate, Argue(role=advocate, objective=ids[5]))
    kept = (ids[0], ids[3], ids[7])
    after, events = apply(heard, Keep(objectives=kept, reason="no_capacity"))
    one_by_one = heard
    by_hand = []
    for o in ids:
        if o not in kept:
            one_by_one, more = apply(one_by_one, Drop(objective=o, reason="no_capacity"))
            by_hand += more
    assert after.candidates == one_by_one.candidates
    assert after.resentful == one_by_one.resentful and after.resentful
    assert [e.text for e in events] == [e.text for e in by_hand]
    assert open_ids(after) == list(kept) and remaining(after) == 3
    assert {c.reason for c in after.candidates if c.status == "dropped"} == {"no_capacity"}
    locked, _ = apply(after, Lock())
    assert [c.id for c in locked.chosen] == list(kept)


def test_a_merge_can_be_kept_and_one_can_go(debate):
    ids = open_ids(debate)
    merged, _ = apply(debate, Merge(objectives=(ids[0], ids[1])))
    merge_id = merged.chosen[-1].id
    after, _ = apply(merged, Keep(objectives=(merge_id, ids[2], ids[3]), reason="not_a_change"))
    assert remaining(after) == 3 and merge_id in {c.id for c in after.chosen}
    merged2, _ = apply(merged, Merge(objectives=(ids[4], ids[5])))
    gone, _ = apply(merged2, Keep(objectives=(ids[2], ids[3], ids[6]), reason="not_a_change"))
    assert not [c for c in gone.chosen if c.merged] and remaining(gone) == 3


@pytest.mark.parametrize(
    "objectives,code",
    [
        (("a",), "keep_three"),
        ((0, 0, 1), "keep_three"),
        ((0, 1, 2, 3), "keep_three"),
        ((0, 1, "nope"), "unknown_objective"),
    ],
)
def test_keep_refuses_anything_but_three_on_the_board(debate, objectives, code):
    ids = open_ids(debate)
    named = tuple(ids[o] if isinstance(o, int) else o for o in objectives)
    with pytest.raises(Rejection) as no:
        apply(debate, Keep(objectives=named))
    assert no.value.code == code


def test_keep_refuses_a_card_already_gone_and_a_reason_not_in_the_rules(debate):
    ids = open_ids(debate)
    dropped, _ = apply(debate, Drop(objective=ids[0]))
    with pytest.raises(Rejection) as no:
        apply(dropped, Keep(objectives=(ids[0], ids[1], ids[2])))
    assert no.value.code == "not_open"
    with pytest.raises(Rejection) as no:
        apply(debate, Keep(objectives=(ids[1], ids[2], ids[3]), reason="boredom"))
    assert no.value.code == "unknown_reason"


def test_legal_actions_list_one_keep_per_reason_while_more_than_three_remain(debate):
    keeps = [a for a in legal_actions(debate, ROOM) if isinstance(a, Keep)]
    assert sorted(a.reason for a in keeps) == sorted(
        ["not_a_change", "not_our_strategy", "no_capacity", "next_quarter"]
    )
    assert all(a.objectives == () for a in keeps)  # templates: the three are filled in
    ids = open_ids(debate)
    three, _ = apply(debate, Keep(objectives=tuple(ids[:3])))
    assert not [a for a in legal_actions(three, ROOM) if isinstance(a, Keep)]
    with pytest.raises(Rejection) as no:
        apply(three, Keep(objectives=tuple(ids[:3])))
    assert no.value.code == "nothing_to_drop"
    assert not [a for a in legal_actions(debate, "ceo") if isinstance(a, Keep)]
