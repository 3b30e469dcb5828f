"""A balance run plays each seed's policies along `good`'s game (balance.play_seed): the results
must be exactly those of playing every game on its own (docs/performance.md, "Balance")."""

from __future__ import annotations

import pytest

from game.bots.loader import load_policies
from game.engine.state import state_hash
from game.scenario import load_scenario
from game.session.autoplay import POLICY_NAMES, steps
from game.session.balance import by_seed, play_one, play_seed, run_games
from tests.conftest import ROOT

EXAMPLES = str(ROOT / "docs/examples/policies.py")


@pytest.mark.parametrize(
    ("path", "seed", "pressure"),
    [("tests/fixtures/good/tiny.yaml", 3, "low"), ("scenarios/northwind.yaml", 5, "high")],
)
def test_played_along_good_every_result_is_the_one_played_alone(path, seed, pressure):
    scenario = load_scenario(ROOT / path)
    extra = load_policies([EXAMPLES])
    names = [*POLICY_NAMES, *extra]
    shared = play_seed(scenario, names, seed, pressure, extra=extra)
    alone = [play_one(scenario, p, seed, pressure, extra=extra) for p in names]
    assert sorted(shared, key=lambda r: r.policy) == sorted(alone, key=lambda r: r.policy)


def test_a_game_that_parts_from_good_is_step_by_step_the_game_played_alone():
    scenario = load_scenario(ROOT / "scenarios/brightlane.yaml")
    path = list(steps(scenario, "good", 2))
    for policy in ("optimist", "random", "sandbagger"):
        along = list(steps(scenario, policy, 2, along=path))
        alone = list(steps(scenario, policy, 2))
        assert [s.action for s in along] == [s.action for s in alone]
        assert [state_hash(s.state) for s in along] == [state_hash(s.state) for s in alone]
        assert [[e.text for e in s.events] for s in along] == [
            [e.text for e in s.events] for s in alone
        ]
        shared = sum(1 for a, b in zip(along, path, strict=False) if a is b)
        assert 0 < shared < len(along) or policy == "random"  # it did share, then parted


def test_tasks_are_grouped_by_seed_and_pressure_in_order():
    tasks = [("good", 1, "low"), ("hider", 1, "low"), ("good", 2, "low"), ("hider", 1, "high")]
    assert by_seed(tasks) == [
        (("good", "hider"), 1, "low"),
        (("good",), 2, "low"),
        (("hider",), 1, "high"),
    ]


def test_a_pool_run_gives_the_results_of_one_process():
    tiny = load_scenario(ROOT / "tests/fixtures/good/tiny.yaml")
    tasks = [(p, s, "normal") for p in POLICY_NAMES for s in (1, 2, 3)]
    key = lambda r: (r.policy, r.seed)  # noqa: E731
    pooled = sorted(run_games(tiny, tasks, jobs=2), key=key)
    assert pooled == sorted(run_games(tiny, tasks, jobs=1), key=key)
    assert len(pooled) == len(tasks)


def test_a_rejection_in_a_pool_worker_reaches_the_caller():
    import pickle

    from game.engine.errors import Rejection

    again = pickle.loads(pickle.dumps(Rejection("too_few", "Three must remain.")))
    assert (again.code, again.message, str(again)) == (
        "too_few",
        "Three must remain.",
        "too_few: Three must remain.",
    )
