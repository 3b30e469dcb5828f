"""Candour: the report rule is strictly proper, and shading reports lowers the total."""

from __future__ import annotations

from statistics import fmean

from hypothesis import given
from hypothesis import strategies as st

from game.bots.policies import POLICIES, Policy
from game.scenario import load_scenario
from game.scoring import score
from game.scoring.components import report_accuracy
from game.session.autoplay import play

prob = st.floats(0.0, 1.0, allow_nan=False)


@given(prob, prob)
def test_reporting_the_forecast_is_optimal(p, q):
    assert report_accuracy(q, q) >= report_accuracy(p, q)


@given(st.floats(0.0, 0.5), st.floats(0.01, 0.4))
def test_hiding_weighs_more_than_sandbagging(q, d):
    assert report_accuracy(q + d, q) < report_accuracy(q - d, q) or q - d < 0


class Shaded(Policy):
    """Honest, but shades every report two points toward green."""

    name = "shaded"

    def confidence(self, state, q):
        return min(10, round(10 * q) + 2)


class ShadedDown(Policy):
    """Honest, but shades every report two points toward red."""

    name = "shaded_down"

    def confidence(self, state, q):
        return max(0, round(10 * q) - 2)


def test_shading_honest_reports_lowers_the_total_on_average(monkeypatch):
    monkeypatch.setitem(POLICIES, "shaded", Shaded)
    monkeypatch.setitem(POLICIES, "shaded_down", ShadedDown)
    scenario = load_scenario("scenarios/northwind.yaml")
    seeds = range(12)
    honest = [score(play(scenario, "good", s)).total for s in seeds]
    for name in ("shaded", "shaded_down"):
        shaded = [score(play(scenario, name, s)).total for s in seeds]
        assert fmean(h - x for h, x in zip(honest, shaded, strict=True)) > 0, name
