"""A merge's id is never one still on the board: after a merge is dropped, the next merge gets
a new number (brightlane, random policy, seed 56 made two `merge_3`s, and Keep then failed)."""

from __future__ import annotations

from game.engine import apply, legal_actions, new_game
from game.engine.actions import Drop, Keep, Merge
from game.engine.priorities import open_ids, remaining
from game.scenario import load_scenario
from game.session.autoplay import play
from tests.conftest import ROOT


def test_a_merge_after_a_dropped_merge_gets_a_new_id():
    state = new_game(load_scenario(ROOT / "scenarios" / "northwind.yaml"), 3)
    while state.step != "debate":
        state, _ = apply(state, next(a for a in legal_actions(state) if a.kind == "advance"))
    ids = open_ids(state)
    state, _ = apply(state, Merge(objectives=(ids[0], ids[1])))
    state, _ = apply(state, Merge(objectives=(ids[2], ids[3])))
    assert [c.id for c in state.chosen if c.merged] == ["merge_1", "merge_2"]
    state, _ = apply(state, Drop(objective="merge_1", reason="not_a_change"))
    state, _ = apply(state, Merge(objectives=(ids[4], ids[5])))
    merges = [c.id for c in state.chosen if c.merged]
    assert merges == ["merge_2", "merge_3"]
    kept = ("merge_3", *open_ids(state)[:2])
    state, _ = apply(state, Keep(objectives=kept, reason="next_quarter"))
    assert remaining(state) == 3


def test_the_random_game_that_made_two_merges_of_one_id_ends():
    final = play(load_scenario(ROOT / "scenarios" / "brightlane.yaml"), "random", 56)
    assert final.phase == "over"
