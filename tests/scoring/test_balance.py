"""The invariant holds for every shipped scenario at every pressure (docs/scoring.md).

CI uses the sequential rule with a modest cap (80 seeds), so a scenario whose checks are clear
stops after 20 or 40 seeds and only the rivals still open are played on; a check still open at
the cap is judged as a fixed run of the games played (docs/scoring.md). `offsite balance --runs
2000 --pressure all` is the full table."""

from __future__ import annotations

import pytest

from game.engine.state import PRESSURES
from game.scenario import load_scenario
from game.session.balance import balance, mean_ci
from game.session.sequential import balance_quick, looks
from game.session.stats import share_ci, z_two_sided
from game.session.verdict import Rule, judge
from tests.conftest import ROOT

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))
CI_CAP = 80


@pytest.mark.parametrize("pressure", PRESSURES)
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_the_invariant_holds(path, pressure):
    result = balance_quick(load_scenario(path), seed=1000, pressure=pressure, cap=CI_CAP)
    failing = [f"{c.name}: {c.margin:+.2f} {c.ci95}" for c in result.checks if not c.holds]
    assert not failing, failing
    assert result.sequential["stopped_at"] <= CI_CAP


def test_mean_ci_is_symmetric_and_shrinks_with_more_data():
    m, (lo, hi) = mean_ci([1.0, 2.0, 3.0, 4.0])
    assert m == 2.5 and abs((hi - m) - (m - lo)) < 1e-12
    _, (lo2, hi2) = mean_ci([1.0, 2.0, 3.0, 4.0] * 10)
    assert hi2 - lo2 < hi - lo


def test_wilson_interval_by_hand():
    # 8 of 10 at z = 1.96: centre (0.8 + 0.19208) / 1.38416, half 1.96·√(0.016 + 0.00096)/1.38416
    p, (lo, hi) = share_ci(8, 10)
    assert p == 0.8
    assert lo == pytest.approx(0.4902, abs=1e-4) and hi == pytest.approx(0.9433, abs=1e-4)


def test_the_sequential_rule_splits_alpha_over_its_looks():
    assert looks(320) == [20, 40, 80, 160, 320]
    assert looks(100) == [20, 40, 80, 100]
    assert z_two_sided(0.05 / 5) == pytest.approx(2.5758, abs=1e-4)


def _rule(kind, threshold=0.0):
    return Rule("x", kind, threshold, "rival", lambda games: [])


def test_a_check_is_decided_only_when_its_interval_clears_the_threshold():
    z = z_two_sided(0.01)
    clear = judge(_rule("above"), [1.0, 1.2, 0.9, 1.1] * 5, z)
    assert clear.holds and clear.decided
    close = judge(_rule("above"), [1.0, -0.9, 0.1, -0.1] * 5, z)
    assert not close.holds and not close.decided
    wrong = judge(_rule("above"), [-1.0, -1.2, -0.9] * 5, z)
    assert not wrong.holds and wrong.decided
    ties = judge(_rule("share", 0.75), [0.0] * 40, z)
    assert not ties.holds and ties.decided  # a tie is not "better"
    wins = judge(_rule("share", 0.75), [1.0] * 40, z)
    assert wins.holds and wins.decided
    below = judge(_rule("below"), [-1.5, -1.4, -1.6] * 10, z)
    assert below.holds and below.decided


def test_a_fixed_run_reports_every_policy_and_the_single_game_view():
    tiny = load_scenario(ROOT / "tests/fixtures/good/tiny.yaml")
    result = balance(tiny, runs=4, seed=7, jobs=1)
    assert {"good", "optimist", "bystander", "amber", "random"} <= set(result.policies)
    assert set(result.single) >= {"hider", "optimist", "bystander", "amber"}
    for s in result.single.values():
        assert 0.0 <= s["p"] <= 1.0 and s["games"] == 4
    data = result.as_json()
    assert data["single_game"]["hider"]["games"] == 4
    assert {c["name"] for c in data["invariant"]["checks"]} >= {
        "naming bad news costs standing that week",
        "naming costs net standing through the end of its check-in",
    }
