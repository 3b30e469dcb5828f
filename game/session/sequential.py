"""A verdict in seconds: the balance check with group-sequential stopping (docs/scoring.md).

The games are played in looks of 20, 40, 80, 160 and 320 paired seeds (fewer when the cap is
lower). At each look every open check is judged on all its games so far with a *repeated*
interval: each look uses the two-sided level α/K (α = 0.05, K = the number of looks, a
Bonferroni split), so the chance that any of a check's K intervals misses the true value is at
most α — a check decided at any look is wrong with probability at most 5%, however many looks
it took. A check is decided when its interval clears its threshold on one side; a rival stops
being played once all its checks are decided, and the run stops when every check is. A check
still open at the cap is judged like a fixed run of that many games and marked undecided.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from game.bots.loader import load_policies
from game.scenario import Scenario
from game.session.balance import (
    Balance,
    Runner,
    index_games,
    played_quarters,
    policy_names,
    summarise,
)
from game.session.stats import z_two_sided
from game.session.verdict import RIVALS, STRICT, Check, judge, rules

ALPHA = 0.05
LOOKS = (20, 40, 80, 160, 320)
DEFAULT_CAP = LOOKS[-1]


def looks(cap: int) -> list[int]:
    """The numbers of seeds at which the checks are judged, ending at the cap."""
    found = [n for n in LOOKS if n < cap]
    return [*found, cap]


def balance_quick(
    scenario: Scenario,
    seed: int = 0,
    pressure: str = "normal",
    cap: int = DEFAULT_CAP,
    jobs: int | None = None,
    progress: Callable | None = None,
    policy_files: Sequence[str] = (),
    quarters: int | None = None,
) -> Balance:
    """Play in looks until every check is decided (or the cap); `random` is not played. Every
    game plays `quarters` quarters (None: the scenario's default), judged on its overall scores."""
    extra = list(load_policies(list(policy_files))) if policy_files else []
    rivals = [*RIVALS, *extra]
    todo = rules(rivals, [*STRICT, *extra], pressure)
    steps = looks(cap)
    z = z_two_sided(ALPHA / len(steps))
    decided: dict[str, Check] = {}
    games: dict = {}
    done_at, n = 0, 0
    with Runner(scenario, jobs, policy_files, progress, quarters) as runner:
        for n in steps:
            open_rules = [r for r in todo if r.name not in decided]
            active = {"good"} | {r.policy for r in open_rules}
            names = [p for p in policy_names(extra, with_random=False) if p in active]
            tasks = [(p, s, pressure) for p in names for s in range(seed + done_at, seed + n)]
            index_games(runner.play(tasks), games)
            done_at = n
            for rule in open_rules:
                check = judge(rule, rule.values(games), z)
                if check.decided:
                    decided[rule.name] = check
            if len(decided) == len(todo):
                break
        played = runner.played
    checks = []
    for rule in todo:
        check = decided.get(rule.name)
        if check is None:  # open at the cap: judged as a fixed run of the games played
            check = judge(rule, rule.values(games))
            check.decided = False
        checks.append(check)
    out = Balance(runs=n, seed=seed, pressure=pressure, games=played)
    summarise(out, games, rivals, played_quarters(scenario, quarters))
    out.checks = checks
    out.sequential = {
        "alpha": ALPHA,
        "looks": steps,
        "z": round(z, 3),
        "stopped_at": n,
        "undecided": sum(1 for c in checks if not c.decided),
    }
    return out
