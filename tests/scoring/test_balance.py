"""The invariant of docs/scoring.md holds for every shipped scenario (a modest N in CI)."""

from __future__ import annotations

import pytest

from game.scenario import load_scenario
from game.session.balance import balance, mean_ci
from tests.conftest import ROOT

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
CI_RUNS = 40


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_invariant_holds(path):
    result = balance(load_scenario(path), runs=CI_RUNS, seed=1000)
    failing = [f"{c.name}: {c.margin:+.2f} {c.ci95}" for c in result.checks if not c.holds]
    assert not failing, failing


def test_mean_ci_is_symmetric_and_shrinks_with_more_data():
    m, (lo, hi) = mean_ci([1.0, 2.0, 3.0, 4.0])
    assert m == 2.5 and abs((hi - m) - (m - lo)) < 1e-12
    _, (lo2, hi2) = mean_ci([1.0, 2.0, 3.0, 4.0] * 10)
    assert hi2 - lo2 < hi - lo
