"""Every component is 0–100, reasons cite this game, and decoys cost focus."""

from __future__ import annotations

import pytest

from game.scenario import load_scenario
from game.scoring import score
from game.session.autoplay import POLICY_NAMES, play


@pytest.fixture(scope="module")
def northwind():
    return load_scenario("scenarios/northwind.yaml")


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_scores_are_between_0_and_100(northwind, policy):
    s = score(play(northwind, policy, 2))
    for value in s.as_dict().values():
        assert 0.0 <= value <= 100.0


def test_total_uses_the_scenario_weights(northwind):
    s = score(play(northwind, "good", 2))
    w = northwind.scoring
    expected = (
        w.focus * s.focus.value
        + w.translation * s.translation.value
        + w.candour * s.candour.value
        + w.outcome * s.outcome.value
    )
    assert abs(s.total - expected) < 1e-9


def test_vague_merge_is_named_in_the_focus_reasons(northwind):
    s = score(play(northwind, "vague", 2))
    assert any("merged into one vague objective" in r for r in s.focus.top_reasons())


def test_copying_is_named_in_the_translation_reasons(northwind):
    s = score(play(northwind, "copycat", 2))
    assert any("copied the level above" in r for r in s.translation.top_reasons())


def test_hidden_reds_are_named_in_the_candour_reasons(northwind):
    s = score(play(northwind, "hider", 2))
    assert any("reported" in r and "forecast" in r for r in s.candour.top_reasons(5))
