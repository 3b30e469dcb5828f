"""The honesty check: every policy on the same seeds, and the invariant of docs/scoring.md.

`good` must beat each one-behaviour variant on the total *and on outcome alone*, each margin's
95% confidence interval (from paired per-seed differences) excluding zero; and naming bad
news must cost standing in the week it is named. Games run on every core.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from statistics import fmean, stdev

from game.scenario import Scenario
from game.scoring import score
from game.session.autoplay import POLICY_NAMES, steps

COMPONENTS = ("total", "focus", "translation", "candour", "outcome")
RIVALS = ("hider", "late", "sandbagger", "blamer", "copycat", "vague")
# Two-sided 97.5% quantiles of Student's t for small samples; the normal 1.96 beyond 30.
T975 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26,
        10: 2.23, 12: 2.18, 15: 2.13, 20: 2.09, 25: 2.06, 30: 2.04}  # fmt: skip


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t with `df` degrees of freedom (normal above 30)."""
    if df > 30:
        return 1.96
    return T975[max(k for k in T975 if k <= df)]


def mean_ci(values: list[float]) -> tuple[float, tuple[float, float]]:
    """Mean and 95% confidence interval of the mean."""
    m = fmean(values)
    if len(values) < 2:
        return m, (m, m)
    half = t975(len(values) - 1) * stdev(values) / math.sqrt(len(values))
    return m, (m - half, m + half)


@dataclass(frozen=True)
class GameResult:
    """One game's scores, plus what naming bad news cost in the week it was named."""

    policy: str
    seed: int
    scores: dict[str, float]
    naming_costs: tuple[float, ...] = ()


_SCENARIO: Scenario | None = None


def _init(scenario: Scenario) -> None:
    global _SCENARIO
    _SCENARIO = scenario


def play_one(scenario: Scenario, policy: str, seed: int, pressure: str = "normal") -> GameResult:
    """Play one game; record each first naming's standing cost for the owner."""
    costs = []
    before = None
    final = None
    for step in steps(scenario, policy, seed, pressure):
        if before is not None and any(e.kind == "named" for e in step.events):
            role = step.action.role
            costs.append(dict(before.standing)[role] - dict(step.state.standing)[role])
        before = final = step.state
    assert final is not None
    return GameResult(policy, seed, score(final).as_dict(), tuple(costs))


def _work(task: tuple[str, int, str]) -> GameResult:
    assert _SCENARIO is not None
    return play_one(_SCENARIO, *task)


@dataclass
class Check:
    """One line of the verdict."""

    name: str
    holds: bool
    margin: float
    ci95: tuple[float, float]


@dataclass
class Balance:
    """Per-policy statistics and the invariant's verdict."""

    runs: int
    seed: int
    policies: dict[str, dict[str, tuple[float, tuple[float, float]]]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        """True when every check holds."""
        return all(c.holds for c in self.checks)

    def as_json(self) -> dict:
        """The documented --json shape."""
        return {
            "runs": self.runs,
            "seed": self.seed,
            "policies": {
                name: {
                    comp: {"mean": round(m, 3), "ci95": [round(lo, 3), round(hi, 3)]}
                    for comp, (m, (lo, hi)) in stats.items()
                }
                for name, stats in self.policies.items()
            },
            "invariant": {
                "holds": self.holds,
                "checks": [
                    {
                        "name": c.name,
                        "holds": c.holds,
                        "margin": round(c.margin, 3),
                        "ci95": [round(c.ci95[0], 3), round(c.ci95[1], 3)],
                    }
                    for c in self.checks
                ],
            },
        }


def run_games(
    scenario: Scenario,
    tasks: list[tuple[str, int, str]],
    jobs: int | None = None,
    progress: Callable[[Iterable[GameResult], int], Iterable[GameResult]] | None = None,
) -> list[GameResult]:
    """Play every (policy, seed, pressure) task, on `jobs` processes (all cores by default)."""
    jobs = jobs or os.cpu_count() or 1
    wrap = progress or (lambda it, total: it)
    if jobs == 1 or len(tasks) < 8:
        _init(scenario)
        return list(wrap(map(_work, tasks), len(tasks)))
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with mp.get_context(method).Pool(jobs, initializer=_init, initargs=(scenario,)) as pool:
        chunk = max(1, len(tasks) // (jobs * 16))
        return list(wrap(pool.imap_unordered(_work, tasks, chunksize=chunk), len(tasks)))


def balance(
    scenario: Scenario,
    runs: int,
    seed: int = 0,
    pressure: str = "normal",
    jobs: int | None = None,
    progress: Callable | None = None,
) -> Balance:
    """Play every policy on seeds seed … seed+runs−1 and judge the invariant."""
    tasks = [(p, s, pressure) for p in POLICY_NAMES for s in range(seed, seed + runs)]
    results = run_games(scenario, tasks, jobs, progress)
    by = {(r.policy, r.seed): r for r in results}
    out = Balance(runs=runs, seed=seed)
    for p in POLICY_NAMES:
        out.policies[p] = {
            comp: mean_ci([by[(p, s)].scores[comp] for s in range(seed, seed + runs)])
            for comp in COMPONENTS
        }
    for rival in RIVALS:
        for comp in ("total", "outcome"):
            diffs = [
                by[("good", s)].scores[comp] - by[(rival, s)].scores[comp]
                for s in range(seed, seed + runs)
            ]
            m, ci = mean_ci(diffs)
            out.checks.append(Check(f"good beats {rival} on {comp}", ci[0] > 0, m, ci))
    costs = [c for s in range(seed, seed + runs) for c in by[("good", s)].naming_costs]
    if costs:
        m, ci = mean_ci(costs)
        holds = all(c > 0 for c in costs)
    else:
        m, ci, holds = 0.0, (0.0, 0.0), False
    out.checks.append(Check("naming bad news costs standing that week", holds, m, ci))
    return out
