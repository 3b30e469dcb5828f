"""Properties of the hidden simulation (docs/rules.md, "The simulation (numbers)")."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine import simulation as sim
from game.engine.state import KeyResultState

WEEKS = 12
progress = st.floats(-1.0, 2.0, allow_nan=False)
velocity = st.floats(-0.1, 0.3, allow_nan=False)
noise = st.floats(0.001, 0.2, allow_nan=False)
week = st.integers(0, WEEKS)
quality = st.sampled_from(["translation", "copy", "vague", "misaligned"])
RANK = {"misaligned": 0, "copy": 1, "vague": 1, "translation": 2}


def kr(p=0.0, v=0.08, n=0.04, milestone=False, hazard=0.1, done=False) -> KeyResultState:
    return KeyResultState(
        id="k",
        objective="o",
        owner="r",
        milestone=milestone,
        goal=1.0,
        progress=p,
        velocity=v,
        noise=n,
        hazard=hazard,
        done=done,
        draws=tuple([0.0] * (WEEKS + 1)),
    )


@given(progress, velocity, noise, week)
def test_forecast_is_a_probability(p, v, n, w):
    q = sim.forecast(kr(p, v, n), w, WEEKS)
    assert 0.0 <= q <= 1.0


@given(progress, progress, velocity, noise, st.integers(0, WEEKS - 1))
def test_forecast_rises_with_progress(p1, p2, v, n, w):
    lo, hi = sorted((p1, p2))
    assert sim.forecast(kr(lo, v, n), w, WEEKS) <= sim.forecast(kr(hi, v, n), w, WEEKS)


@given(progress, velocity, noise, st.integers(0, WEEKS - 1), st.booleans())
def test_correction_never_lowers_expected_attainment(p, v, n, w, milestone):
    before = kr(p, v, n, milestone=milestone)
    after = sim.correct(before, WEEKS)
    assert sim.forecast(after, w, WEEKS) >= sim.forecast(before, w, WEEKS)
    assert after.corrections == before.corrections + 1


@given(st.lists(quality, min_size=1, max_size=12), st.integers(0, 11), quality)
def test_better_translation_never_lowers_velocity(qualities, index, better):
    index %= len(qualities)
    if RANK[better] < RANK[qualities[index]]:
        return
    improved = [*qualities]
    improved[index] = better
    assert sim.translation_factor(improved) >= sim.translation_factor(qualities)


@settings(max_examples=50)
@given(st.integers(0, 2**31 - 1), st.text(min_size=1, max_size=20))
def test_draws_are_reproducible(seed, key):
    assert sim.draws(seed, key, 5) == sim.draws(seed, key, 5)


def test_forecast_at_the_end_is_the_truth():
    assert sim.forecast(kr(1.05), WEEKS, WEEKS) == 1.0
    assert sim.forecast(kr(0.95), WEEKS, WEEKS) == 0.0
    assert sim.forecast(kr(milestone=True, done=True), 3, WEEKS) == 1.0


def test_milestone_forecast_uses_the_weekly_chance():
    q = sim.forecast(kr(milestone=True, hazard=0.2), 10, WEEKS)
    assert abs(q - (1 - 0.8**2)) < 1e-12


def test_step_moves_by_velocity_plus_noise():
    k = replace(kr(0.0, 0.1, 0.05), draws=tuple([0.0, 1.0] + [0.0] * WEEKS))
    stepped = sim.step_key_result(k, 1, WEEKS)
    assert abs(stepped.progress - 0.15) < 1e-12
    assert stepped.latest.week == 1
