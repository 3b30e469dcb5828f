"""The honesty check: every policy on the same seeds, and the invariant (docs/scoring.md).

`good` must beat each one-behaviour variant on the total *and on outcome alone* (the paired
margin's 95% interval above zero) and, against the dishonest and unsupportive ones, do better
on outcome in at least 75% of single games; naming bad news must cost standing in the week it
is named, and (at normal and high pressure) net standing through the end of its check-in.
`balance` plays a fixed number of seeds; `balance_quick` stops as soon as every check is
decided (`sequential.py`). Games run on every core. A game of several quarters is judged on its
overall scores (the mean of its quarters', `game.scoring.overall`), and each quarter's are
reported besides (docs/scoring.md, "Balance over several quarters").
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from game.bots.loader import load_policies
from game.bots.policies import Policy
from game.engine import new_game
from game.engine.state import GameState
from game.scenario import Scenario, scenario_hash
from game.scoring import by_quarter, overall
from game.session.autoplay import POLICY_NAMES, Step, steps
from game.session.stats import mean_ci, share_ci
from game.session.verdict import RIVALS, STRICT, Check, judge, rules

COMPONENTS = ("total", "focus", "translation", "candour", "outcome")

__all__ = ["COMPONENTS", "RIVALS", "Balance", "Check", "GameResult", "balance", "mean_ci"]


@dataclass(frozen=True)
class GameResult:
    """One game's scores, and what each first naming of bad news cost its owner: at the
    report (`naming_costs`, positive = lost) and from the report to the end of that check-in
    (`naming_net`, the change: negative = lost). `standing`: the people's mean at the end.
    `scores` are the whole game's (over several quarters, their mean: `game.scoring.overall`);
    `quarters` holds each quarter's scores, in order (one entry for a one-quarter game)."""

    policy: str
    seed: int
    scores: dict[str, float]
    naming_costs: tuple[float, ...] = ()
    naming_net: tuple[float, ...] = ()
    standing: float = 0.0
    quarters: tuple[dict[str, float], ...] = ()


def play_one(
    scenario: Scenario,
    policy: str,
    seed: int,
    pressure: str = "normal",
    extra: Mapping[str, type[Policy]] | None = None,
    quarters: int | None = None,
) -> GameResult:
    """Play one game (of `quarters` quarters: None, the scenario's default) and measure what
    each first naming of bad news cost its owner: at the report, and through the end of that
    check-in (the report plus every reaction to it and every corrective action on it that
    check-in changed the owner's standing by)."""
    start = start_game(scenario, seed, pressure, quarters)
    return measure(steps(scenario, policy, seed, pressure, state=start, extra=extra), policy, seed)


def start_game(
    scenario: Scenario, seed: int, pressure: str, quarters: int | None = None
) -> GameState:
    """A balance game's first state (`quarters` None: the scenario's default, else 1)."""
    return new_game(
        scenario, seed, scenario_hash=scenario_hash(scenario), pressure=pressure, quarters=quarters
    )


def play_seed(
    scenario: Scenario,
    policies: Sequence[str],
    seed: int,
    pressure: str = "normal",
    extra: Mapping[str, type[Policy]] | None = None,
    quarters: int | None = None,
) -> list[GameResult]:
    """Every policy's game on one seed: the same results as `play_one` for each, faster.

    `good` is played first and the others follow its steps for as long as they take the same
    actions (`autoplay.steps(along=…)`): most policies play the priorities and the cascade as
    good does, and those steps are not applied again. With one or two policies and no good,
    sharing would cost more than it saves: each is played on its own."""
    if "good" not in policies and len(policies) < 3:
        return [play_one(scenario, p, seed, pressure, extra, quarters) for p in policies]
    start = start_game(scenario, seed, pressure, quarters)
    path = list(steps(scenario, "good", seed, pressure, state=start, extra=extra))
    results = [measure(iter(path), "good", seed)] if "good" in policies else []
    for p in policies:
        if p != "good":
            played = steps(scenario, p, seed, pressure, state=start, extra=extra, along=path)
            results.append(measure(played, p, seed))
    return results


def measure(played: Iterable[Step], policy: str, seed: int) -> GameResult:
    """A game's result from its steps (see `play_one`)."""
    costs: list[float] = []
    net: list[float] = []
    open_: dict[str, list] = {}  # key result -> [owner, net change so far], this check-in
    before: GameState | None = None
    final: GameState | None = None
    for step in played:
        state, action = step.state, step.action
        if before is not None and open_ and (state.week != before.week or state.phase != "quarter"):
            net += [change for _, change in open_.values()]
            open_ = {}
        if before is not None:
            kr = getattr(action, "key_result", None)
            if any(e.kind == "named" for e in step.events):
                owner = action.role
                change = dict(state.standing)[owner] - dict(before.standing)[owner]
                costs.append(-change)
                open_[kr] = [owner, change]
            elif kr in open_ and action.kind in ("react", "correct"):
                owner = open_[kr][0]
                open_[kr][1] += dict(state.standing)[owner] - dict(before.standing)[owner]
        before = final = state
    assert final is not None
    if open_:
        net += [change for _, change in open_.values()]
    people = [role for role, by in final.seats if by == "person"]
    standing = dict(final.standing)
    mean_standing = sum(standing.get(r, 0.0) for r in people) / max(len(people), 1)
    scored = by_quarter(final)
    each = [s.as_dict() for s in scored]
    whole = each[0] if len(each) == 1 else overall(scored)
    return GameResult(
        policy, seed, whole, tuple(costs), tuple(net), round(mean_standing, 3), tuple(each)
    )


_SCENARIO: Scenario | None = None
_EXTRA: dict[str, type[Policy]] = {}
_QUARTERS: int | None = None


def _init(
    scenario: Scenario, policy_files: Sequence[str] = (), quarters: int | None = None
) -> None:
    global _SCENARIO, _EXTRA, _QUARTERS
    _SCENARIO, _QUARTERS = scenario, quarters
    _EXTRA = load_policies(list(policy_files)) if policy_files else {}


def _start_worker(
    scenario: Scenario, policy_files: Sequence[str] = (), quarters: int | None = None
) -> None:
    """A pool worker: what it imported and loaded stays, so the collector need not look at it."""
    _init(scenario, policy_files, quarters)
    gc.freeze()


def _work(group: tuple[tuple[str, ...], int, str]) -> list[GameResult]:
    """One seed's games, without the cyclic garbage collector while they run.

    A game's states form chains (each keeps the one before it, for undo), with no cycles:
    reference counting frees them when the game ends. The collector would only walk those
    chains again and again while they grow (about a fifth of the time of a balance run), so it
    is paused for the seed and run once after it, in case a designer's policy left a cycle."""
    assert _SCENARIO is not None
    policies, seed, pressure = group
    was_on = gc.isenabled()
    gc.disable()
    try:
        return play_seed(_SCENARIO, policies, seed, pressure, extra=_EXTRA, quarters=_QUARTERS)
    finally:
        if was_on:
            gc.enable()
            gc.collect(0)


def by_seed(tasks: Iterable[tuple[str, int, str]]) -> list[tuple[tuple[str, ...], int, str]]:
    """Tasks grouped by (seed, pressure), policies in the order given (`play_seed`'s unit)."""
    groups: dict[tuple[int, str], list[str]] = {}
    for policy, seed, pressure in tasks:
        groups.setdefault((seed, pressure), []).append(policy)
    return [(tuple(ps), seed, pressure) for (seed, pressure), ps in groups.items()]


class Runner:
    """Plays (policy, seed, pressure) tasks on `jobs` processes (all cores by default), one
    pool for as many batches as the caller asks (the sequential rule plays several). Every
    game plays `quarters` quarters (None: the scenario's default, else 1)."""

    def __init__(
        self,
        scenario: Scenario,
        jobs: int | None = None,
        policy_files: Sequence[str] = (),
        progress: Callable[[Iterable[GameResult], int], Iterable[GameResult]] | None = None,
        quarters: int | None = None,
    ) -> None:
        self.scenario, self.files = scenario, tuple(str(p) for p in policy_files)
        self.quarters = quarters
        self.jobs = jobs or os.cpu_count() or 1
        self.wrap = progress or (lambda it, total: it)
        self.pool = None
        self.played = 0

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def play(self, tasks: list[tuple[str, int, str]]) -> list[GameResult]:
        """Every task's result (in no particular order)."""
        self.played += len(tasks)
        groups = by_seed(tasks)
        if self.jobs == 1 or len(tasks) < 8:
            _init(self.scenario, self.files, self.quarters)
            return list(self.wrap(_flat(map(_work, groups)), len(tasks)))
        if self.pool is None:
            # Not "fork": a fork of a process with threads (a server, DuckDB, a progress bar)
            # can inherit a held lock and hang (it did, in the test suite).
            methods = mp.get_all_start_methods()
            method = "forkserver" if "forkserver" in methods else "spawn"
            self.pool = mp.get_context(method).Pool(
                self.jobs,
                initializer=_start_worker,
                initargs=(self.scenario, self.files, self.quarters),
            )
        chunk = max(1, len(groups) // (self.jobs * 16))
        played = self.pool.imap_unordered(_work, groups, chunksize=chunk)
        return list(self.wrap(_flat(played), len(tasks)))


def _flat(groups: Iterable[list[GameResult]]) -> Iterator[GameResult]:
    for group in groups:
        yield from group


def run_games(
    scenario: Scenario,
    tasks: list[tuple[str, int, str]],
    jobs: int | None = None,
    progress: Callable[[Iterable[GameResult], int], Iterable[GameResult]] | None = None,
    policy_files: Sequence[str] = (),
    quarters: int | None = None,
) -> list[GameResult]:
    """Play every (policy, seed, pressure) task, on `jobs` processes (all cores by default)."""
    with Runner(scenario, jobs, policy_files, progress, quarters) as runner:
        return runner.play(tasks)


@dataclass
class Balance:
    """Per-policy statistics, the single-game view and the invariant's verdict at one pressure.

    `runs` is the most seeds any policy played (every policy, for a fixed run); `sequential`
    describes the stopping rule when one was used (None for a fixed run). Over several
    `quarters` the table, the single-game view and the checks are the whole game's (overall
    scores); `by_quarter` holds, per quarter, each policy's means (`policies`) and the
    single-game view on that quarter's scores (`single`). Empty for a one-quarter run."""

    runs: int
    seed: int
    pressure: str = "normal"
    games: int = 0
    policies: dict[str, dict[str, tuple[float, tuple[float, float]]]] = field(default_factory=dict)
    policy_runs: dict[str, int] = field(default_factory=dict)
    single: dict[str, dict] = field(default_factory=dict)
    naming: dict[str, float] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    sequential: dict | None = None
    quarters: int = 1
    by_quarter: list[dict] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        """True when every check holds."""
        return all(c.holds for c in self.checks)

    def as_json(self) -> dict:
        """The documented --json shape (docs/scoring.md, "balance --json"); a run of several
        quarters adds `quarters` and `by_quarter` (one-quarter output is as it always was)."""
        out = {
            "runs": self.runs,
            "seed": self.seed,
            "pressure": self.pressure,
            "games": self.games,
            "sequential": self.sequential,
            "policies": policies_json(self),
            "policy_runs": dict(self.policy_runs),
            "single_game": single_json(self),
            "naming": {k: _r(v) for k, v in self.naming.items()},
            "invariant": {"holds": self.holds, "checks": [check_json(c) for c in self.checks]},
        }
        if self.quarters > 1:
            out["quarters"] = self.quarters
            out["by_quarter"] = [
                {
                    "quarter": i + 1,
                    "policies": _stats_json(q["policies"]),
                    "single_game": _single_json(q["single"]),
                }
                for i, q in enumerate(self.by_quarter)
            ]
        return out


def _r(x: float) -> float:
    return round(x, 3)


def _ci(ci: tuple[float, float]) -> list[float]:
    return [_r(ci[0]), _r(ci[1])]


def policies_json(b: Balance) -> dict:
    """Each policy's mean and 95% CI per component."""
    return _stats_json(b.policies)


def _stats_json(policies: dict) -> dict:
    return {
        name: {comp: {"mean": _r(m), "ci95": _ci(ci)} for comp, (m, ci) in stats.items()}
        for name, stats in policies.items()
    }


def single_json(b: Balance) -> dict:
    """Per rival: the chance good does better on outcome in one game, and the mean margins."""
    return _single_json(b.single)


def _single_json(single: dict) -> dict:
    return {
        rival: {
            "p_good_better_outcome": _r(s["p"]),
            "p_ci95": _ci(s["p_ci"]),
            "outcome_margin": _r(s["outcome"][0]),
            "outcome_ci95": _ci(s["outcome"][1]),
            "total_margin": _r(s["total"][0]),
            "total_ci95": _ci(s["total"][1]),
            "games": s["games"],
        }
        for rival, s in single.items()
    }


def check_json(c: Check) -> dict:
    """One line of the verdict."""
    return {
        "name": c.name,
        "policy": c.policy,
        "holds": c.holds,
        "decided": c.decided,
        "margin": _r(c.margin),
        "ci95": _ci(c.ci95),
        "unit": c.unit,
        "games": c.games,
    }


# ---- building a Balance from the games played ------------------------------------------------
def played_quarters(scenario: Scenario, quarters: int | None) -> int:
    """How many quarters each game plays: as asked, else the scenario's default, else 1."""
    return quarters if quarters is not None else (scenario.quarter.quarters or 1)


def policy_names(extra: Iterable[str] = (), with_random: bool = True) -> list[str]:
    """The built-in policies (random last, if wanted), then the designer's own."""
    names = [p for p in POLICY_NAMES if with_random or p != "random"]
    return names + [p for p in extra if p not in names]


def index_games(results: Iterable[GameResult], into: dict | None = None) -> dict:
    """Results as policy -> seed -> GameResult."""
    games = into if into is not None else {}
    for r in results:
        games.setdefault(r.policy, {})[r.seed] = r
    return games


Scored = Callable[[GameResult], dict[str, float]]


def _whole(r: GameResult) -> dict[str, float]:
    return r.scores


def _quarter(i: int) -> Scored:
    return lambda r: r.quarters[i]


def table(games: dict, scored: Scored = _whole) -> dict:
    """Each policy's mean and 95% CI per component, of the scores `scored` picks."""
    out = {}
    for name, by_seed in games.items():
        seeds = sorted(by_seed)
        out[name] = {
            comp: mean_ci([scored(by_seed[s])[comp] for s in seeds]) for comp in COMPONENTS
        }
    return out


def single_view(games: dict, rivals: list[str], scored: Scored = _whole) -> dict:
    """Per rival, on the same seeds: how often good does better on outcome, and the margins."""
    good = games.get("good", {})
    out = {}
    for rival in rivals:
        pairs = [s for s in sorted(games.get(rival, {})) if s in good]
        if not pairs:
            continue
        diff = {
            c: [scored(good[s])[c] - scored(games[rival][s])[c] for s in pairs]
            for c in ("total", "outcome")
        }
        wins = sum(1 for d in diff["outcome"] if d > 0)
        p, p_ci = share_ci(wins, len(pairs))
        out[rival] = {
            "p": p,
            "p_ci": p_ci,
            "outcome": mean_ci(diff["outcome"]),
            "total": mean_ci(diff["total"]),
            "games": len(pairs),
        }
    return out


def summarise(out: Balance, games: dict, rivals: list[str], quarters: int = 1) -> None:
    """Fill the per-policy table, the single-game view and the naming figures (and, over
    several quarters, each quarter's table and single-game view)."""
    for name, by_seed in games.items():
        out.policy_runs[name] = len(by_seed)
    out.policies = table(games)
    out.single = single_view(games, rivals)
    out.quarters = quarters
    if quarters > 1:
        out.by_quarter = [
            {
                "policies": table(games, _quarter(i)),
                "single": single_view(games, rivals, _quarter(i)),
            }
            for i in range(quarters)
        ]
    good = games.get("good", {})
    costs = [c for r in good.values() for c in r.naming_costs]
    net = [c for r in good.values() for c in r.naming_net]
    out.naming = {"namings": len(costs)}
    if costs:
        out.naming["cost_at_report"] = mean_ci(costs)[0]
    if net:
        out.naming["net_by_end_of_checkin"] = mean_ci(net)[0]
        out.naming["share_with_net_gain"] = sum(1 for x in net if x > 0) / len(net)


def balance(
    scenario: Scenario,
    runs: int,
    seed: int = 0,
    pressure: str = "normal",
    jobs: int | None = None,
    progress: Callable | None = None,
    policy_files: Sequence[str] = (),
    quarters: int | None = None,
) -> Balance:
    """Play every policy on seeds seed … seed+runs−1 and judge the invariant (exact, fixed N);
    every game plays `quarters` quarters (None: the scenario's default, else 1)."""
    extra = list(load_policies(list(policy_files))) if policy_files else []
    names = policy_names(extra)
    tasks = [(p, s, pressure) for p in names for s in range(seed, seed + runs)]
    with Runner(scenario, jobs, policy_files, progress, quarters) as runner:
        games = index_games(runner.play(tasks))
        played = runner.played
    rivals = [*RIVALS, *extra]
    out = Balance(runs=runs, seed=seed, pressure=pressure, games=played)
    summarise(out, games, rivals, played_quarters(scenario, quarters))
    out.checks = [
        judge(rule, rule.values(games)) for rule in rules(rivals, [*STRICT, *extra], pressure)
    ]
    return out
