"""`offsite balance --quarters N` (docs/scoring.md, "Balance over several quarters"): every game
plays N quarters, the invariant is judged on each game's overall scores (the mean of its
quarters'), and each quarter's means and good's single-game advantage in it are reported."""

from __future__ import annotations

import json

import pytest

from game.cli.main import main
from game.engine import new_game
from game.scenario import scenario_hash
from game.scoring import by_quarter, overall
from game.session.autoplay import steps
from game.session.balance import balance, mean_ci
from game.session.sequential import balance_quick
from tests.conftest import FIXTURES

TINY = str(FIXTURES / "good" / "tiny.yaml")
SEEDS = range(3, 6)
ARGS = ["balance", TINY, "--runs", "3", "--seed", "3", "--jobs", "1", "--quarters", "2"]


def flat(stat: tuple) -> tuple[float, float, float]:
    """A (mean, (low, high)) as three numbers."""
    m, (lo, hi) = stat
    return m, lo, hi


def direct(scenario, policy: str, seed: int, quarters: int = 2) -> list[dict]:
    """Each quarter's scores of one game played straight through the engine, not by balance."""
    start = new_game(scenario, seed, scenario_hash=scenario_hash(scenario), quarters=quarters)
    final = start
    for step in steps(scenario, policy, seed, state=start):
        final = step.state
    assert final.quarter == quarters
    return [s.as_dict() for s in by_quarter(final)]


@pytest.fixture(scope="module")
def two(tiny):
    return balance(tiny, runs=len(SEEDS), seed=SEEDS[0], jobs=1, quarters=2)


def test_each_quarter_matches_the_games_played_directly(tiny, two):
    games = {p: {s: direct(tiny, p, s) for s in SEEDS} for p in ("good", "hider", "optimist")}
    assert two.quarters == 2 and len(two.by_quarter) == 2
    for q in range(2):
        table = two.by_quarter[q]["policies"]
        for policy, by_seed in games.items():
            for comp in ("total", "outcome", "candour"):
                want = mean_ci([by_seed[s][q][comp] for s in SEEDS])
                assert flat(table[policy][comp]) == pytest.approx(flat(want))
    # good's single-game advantage in quarter two, against hider, by hand
    q2 = two.by_quarter[1]["single"]["hider"]
    margins = [games["good"][s][1]["outcome"] - games["hider"][s][1]["outcome"] for s in SEEDS]
    assert flat(q2["outcome"]) == pytest.approx(flat(mean_ci(margins)))
    assert q2["p"] == pytest.approx(sum(m > 0 for m in margins) / len(margins))
    assert q2["games"] == len(SEEDS)


def test_the_whole_game_is_the_mean_of_its_quarters(tiny, two):
    """The table and the checks are on the overall scores, as `offsite autoplay` reports them."""
    for policy in ("good", "hider"):
        whole = [overall_of(direct(tiny, policy, s)) for s in SEEDS]
        want = mean_ci([w["total"] for w in whole])
        assert flat(two.policies[policy]["total"]) == pytest.approx(flat(want))
    beats = next(c for c in two.checks if c.name == "good beats hider on outcome")
    good = [overall_of(direct(tiny, "good", s))["outcome"] for s in SEEDS]
    hider = [overall_of(direct(tiny, "hider", s))["outcome"] for s in SEEDS]
    assert beats.margin == pytest.approx(
        mean_ci([g - h for g, h in zip(good, hider, strict=True)])[0]
    )


def overall_of(each: list[dict]) -> dict:
    n = len(each)
    return {k: round(sum(d[k] for d in each) / n, 2) for k in each[0]}


def test_overall_of_agrees_with_the_scoring_package(tiny):
    start = new_game(tiny, 4, scenario_hash=scenario_hash(tiny), quarters=2)
    final = start
    for step in steps(tiny, "good", 4, state=start):
        final = step.state
    assert overall(by_quarter(final)) == overall_of([s.as_dict() for s in by_quarter(final)])


def test_one_quarter_reports_no_quarters_and_the_same_numbers(tiny):
    before = balance(tiny, runs=3, seed=3, jobs=1)
    asked = balance(tiny, runs=3, seed=3, jobs=1, quarters=1)
    assert before.as_json() == asked.as_json()
    assert "by_quarter" not in before.as_json() and "quarters" not in before.as_json()
    assert before.by_quarter == []


def test_quick_plays_the_quarters_too(tiny):
    result = balance_quick(tiny, seed=0, cap=20, jobs=1, quarters=2)
    assert result.quarters == 2 and len(result.by_quarter) == 2
    assert result.sequential["stopped_at"] == 20
    assert set(result.by_quarter[1]["single"]) == set(result.single)


@pytest.mark.parametrize("bad", ["0", "5", "x", "1.5", "-1"])
def test_bad_quarters_are_a_usage_error(bad, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["balance", TINY, "--runs", "2", "--jobs", "1", "--quarters", bad])
    assert exc.value.code == 2
    assert f"a session plays 1 to 4 quarters, not '{bad}'" in capsys.readouterr().err


def test_the_json_shape_over_two_quarters(capsys):
    code = main([*ARGS, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert data["quarters"] == 2
    assert [q["quarter"] for q in data["by_quarter"]] == [1, 2]
    q2 = data["by_quarter"][1]
    assert set(q2["policies"]["good"]) == {"total", "focus", "translation", "candour", "outcome"}
    assert set(q2["policies"]["good"]["total"]) == {"mean", "ci95"}
    assert set(q2["single_game"]["hider"]) == set(data["single_game"]["hider"])
    assert {"holds", "checks"} <= set(data["invariant"])


def test_the_text_names_the_quarters(capsys):
    main(ARGS)
    out = capsys.readouterr().out
    assert "2 quarters a game" in out
    assert "Each quarter (means)" in out and "Q2 outcome" in out
    assert "In quarter 2 alone (same seed): good does better on outcome than" in out
