"""OpenSpiel-style conformance: every shipped scenario, many seeds, the same checks."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from game.bots.random_bot import fill_template, random_action
from game.engine import (
    ROOM,
    Rejection,
    apply,
    is_over,
    legal_actions,
    new_game,
    state_hash,
    to_json,
    whose_turn,
)
from game.engine.actions import Advance, Report, Translate, Undo, Vote
from game.scenario import load_scenario, scenario_hash
from game.session.rebuild import rebuild
from tests.conftest import shipped_scenarios

MAX_ACTIONS = 3000
SCENARIOS = shipped_scenarios()


def play_random(scenario, seed: int, check_every_action: bool = False):
    rng = np.random.default_rng(seed)
    state = new_game(scenario, seed, scenario_hash=scenario_hash(scenario))
    actions = []
    while not is_over(state):
        assert len(actions) < MAX_ACTIONS, f"no end after {MAX_ACTIONS} actions"
        assert whose_turn(state), f"nobody can act in {state.phase}/{state.step}"
        if check_every_action:
            for role in whose_turn(state):
                for template in legal_actions(state, role):
                    concrete = fill_template(state, template, rng)
                    apply(state, concrete)  # must not raise
        action = random_action(state, rng)
        state, _ = apply(state, action)
        actions.append(action)
    return state, actions


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
@pytest.mark.parametrize("seed", range(6))
def test_random_games_end_and_replay(path, seed):
    scenario = load_scenario(path)
    final, actions = play_random(scenario, seed)
    header = {"scenario_hash": scenario_hash(scenario), "seed": seed, "seats": {}}
    again = rebuild("game", {**header, "pressure": "normal", "warmup": True}, actions, scenario)
    assert again.rejected is None and state_hash(again.state) == state_hash(final)
    assert final.phase == "over"


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_legal_action_applies(path):
    play_random(load_scenario(path), seed=11, check_every_action=True)


def test_same_seed_same_game_different_seed_different_game(tiny):
    a, _ = play_random(tiny, 5)
    b, _ = play_random(tiny, 5)
    c, _ = play_random(tiny, 6)
    assert state_hash(a) == state_hash(b)
    assert state_hash(a) != state_hash(c)


def test_illegal_actions_are_rejected_with_codes(tiny):
    state = new_game(tiny, 1)
    with pytest.raises(Rejection) as err:
        apply(state, Vote(role="owner", objective="third_shop"))
    assert err.value.code == "wrong_phase"
    state, _ = apply(state, Advance())  # to the warm-up
    state, _ = apply(state, Advance())  # to the shortlist
    with pytest.raises(Rejection) as err:
        apply(state, Vote(role="owner", objective="no_such"))
    assert err.value.code == "unknown_objective"
    with pytest.raises(Rejection) as err:
        apply(state, Vote(role="nobody", objective="third_shop"))
    assert err.value.code == "unknown_role"
    with pytest.raises(Rejection) as err:
        apply(state, Report(role="owner", key_result="lease_signed", confidence=11))
    assert err.value.code == "wrong_phase"


def test_lock_needs_exactly_three(tiny):
    from game.engine.actions import Drop, Lock

    state = new_game(tiny, 1, warmup=False)
    state, _ = apply(state, Advance())
    state, _ = apply(state, Advance())
    with pytest.raises(Rejection) as err:
        apply(state, Lock())
    assert err.value.code == "too_many"
    assert err.value.message.startswith("You can lock at most three objectives")
    state, _ = apply(state, Drop(objective="keep_running", reason="not_a_change"))
    with pytest.raises(Rejection) as err:
        apply(state, Drop(objective="raise_nps", reason="not_a_change"))
    assert err.value.code == "too_few"
    state, _events = apply(state, Lock())
    assert state.step == "key_results"
    assert [c.id for c in state.chosen] == ["third_shop", "raise_nps", "cut_waste"]


def test_only_an_advocate_argues_as_legal_actions_says(tiny):
    from game.engine.actions import Argue

    state = new_game(tiny, 1, warmup=False)
    state, _ = apply(state, Advance())
    state, _ = apply(state, Advance())  # the debate
    advocate = tiny.objective("third_shop").advocates[0]
    assert not [a for a in legal_actions(state, ROOM) if isinstance(a, Argue)]
    assert Argue(role=advocate, objective="third_shop") in legal_actions(state, advocate)
    with pytest.raises(Rejection) as err:
        apply(state, Argue(role=ROOM, objective="third_shop"))
    assert err.value.code == "not_advocate"
    state, _ = apply(state, Argue(role=advocate, objective="third_shop"))
    assert state.candidate("third_shop").argued


def test_undo_reverts_last_person_action_and_computer_after_it(tiny):
    state = new_game(tiny, 1, warmup=False)
    state, _ = apply(state, Advance())
    before = state
    state, _ = apply(state, Vote(role="owner", objective="third_shop", by="person"))
    state, _ = apply(state, Vote(role="shop_lead", objective="raise_nps", by="computer"))
    state, _ = apply(state, Vote(role="head_baker", objective="cut_waste", by="computer"))
    undone, _ = apply(state, Undo())
    assert undone.version == state.version + 1
    same = {k: v for k, v in to_json(undone).items() if k != "version"}
    assert same == {k: v for k, v in to_json(before).items() if k != "version"}


def test_nothing_to_undo_at_start(tiny):
    with pytest.raises(Rejection) as err:
        apply(new_game(tiny, 1), Undo())
    assert err.value.code == "nothing_to_undo"


def test_copy_option_is_the_parents_actual_text(tiny):
    state, _actions = play_random(tiny, 3)
    for t in state.translations:
        if t.choice == "copy":
            assert t.text == t.parent_text
    # a director-level parent text is the manager's translation, not the objective
    assert all(t.parent_text for t in state.translations)


def test_typed_text_template_is_filled_and_judged(tiny):
    state = new_game(tiny, 2, warmup=False)
    rng = np.random.default_rng(0)
    while state.phase != "cascade":
        state, _ = apply(state, random_action(state, rng))
    role = next(r for r in whose_turn(state) if r != ROOM)
    template = next(
        a for a in legal_actions(state, role) if isinstance(a, Translate) and a.choice == "typed"
    )
    with pytest.raises(Rejection) as err:
        apply(state, template)
    assert err.value.code == "empty_text"
    typed = replace(template, text="Strive for excellence and synergy")
    state, _ = apply(state, typed)
    assert state.translations[-1].quality == "vague"
