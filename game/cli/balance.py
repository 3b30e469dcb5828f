"""`offsite balance`: does the scenario still teach that honesty pays? (docs/scoring.md)"""

from __future__ import annotations

import argparse
import sys
import time

from tqdm import tqdm

from game.bots.loader import PolicyFileError, load_policies
from game.cli.common import (
    FAILED,
    OK,
    USAGE,
    add_quarters_argument,
    add_scenario_argument,
    load_or_report,
    print_json,
)
from game.cli.output import raw_stream
from game.engine.state import PRESSURES
from game.session.balance import COMPONENTS, Balance, balance
from game.session.headroom import headroom
from game.session.sequential import DEFAULT_CAP, balance_quick
from game.session.tuning import row_for


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "balance",
        help="play every policy on the same seeds and check that honesty pays",
        description="Play every policy on seeds S … S+N−1 with the real engine and check the "
        "invariant: 'good' beats hider, late, sandbagger, blamer, copycat, vague, optimist, "
        "bystander and amber on the total and on outcome alone (95% CI of the paired "
        "difference above zero); does better on outcome than each of hider, late, sandbagger, "
        "blamer, optimist, bystander and amber (and your own policies) in at least 75% of "
        "single games; naming bad news costs standing in the week it is named and, at normal "
        "and high pressure, net standing through the end of its check-in. Exit 1 when any "
        "check fails. With --quarters N every game plays N quarters and is judged on its "
        "overall scores (the mean of its quarters'); each quarter's means and good's "
        "single-game advantage in each later quarter are reported too.",
    )
    add_scenario_argument(p)
    p.add_argument("--runs", type=int, default=200, help="seeds per policy (default 200)")
    p.add_argument(
        "--quick",
        action="store_true",
        help="stop as soon as every check is decided (sequential rule, 5%% error per check)",
    )
    p.add_argument(
        "--max-runs",
        type=int,
        default=DEFAULT_CAP,
        help=f"with --quick: the most seeds per policy (default {DEFAULT_CAP})",
    )
    p.add_argument("--seed", type=int, default=0, help="the first seed (default 0)")
    add_quarters_argument(p, "every game; default: the scenario's, else 1")
    p.add_argument("--pressure", default="normal", choices=(*PRESSURES, "all"))
    p.add_argument(
        "--policies",
        action="append",
        default=[],
        metavar="FILE.py",
        help="also play the policies defined in this Python file (repeatable; "
        "see docs/authoring.md)",
    )
    p.add_argument("--jobs", type=int, default=None, help="processes (default: every core)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the check at each pressure asked for, print the tables and the verdict."""
    if args.runs < 2 or args.max_runs < 2 or args.seed < 0:
        print(
            "offsite balance: error: --runs and --max-runs must be 2 or more, --seed 0 or more",
            file=sys.stderr,
        )
        return USAGE
    if args.jobs is not None and args.jobs < 1:
        print("offsite balance: error: --jobs must be 1 or more", file=sys.stderr)
        return USAGE
    try:
        load_policies(args.policies)
    except PolicyFileError as exc:
        print(f"offsite balance: {exc}", file=sys.stderr)
        return FAILED
    scenario = load_or_report(args.scenario)
    if scenario is None:
        return FAILED
    pressures = list(PRESSURES) if args.pressure == "all" else [args.pressure]
    results: dict[str, Balance] = {}
    timings: dict[str, float] = {}
    for pressure in pressures:
        start = time.perf_counter()
        try:
            results[pressure] = play(scenario, args, pressure)
        except PolicyFileError as exc:
            print(f"offsite balance: {exc}", file=sys.stderr)
            return FAILED
        except Exception as exc:  # a designer's policy broke mid-game: name it, no traceback
            if not args.policies:
                raise
            print(f"offsite balance: a policy failed during play: {exc}", file=sys.stderr)
            return FAILED
        timings[pressure] = time.perf_counter() - start
    holds = all(r.holds for r in results.values())
    if args.json:
        if len(results) == 1:
            print_json(_json(results[pressures[0]]))
        else:
            print_json({"holds": holds, "by_pressure": {p: _json(r) for p, r in results.items()}})
        return OK if holds else FAILED
    for pressure, result in results.items():
        print("\n".join(report_lines(scenario.meta.title, result, timings[pressure])))
        print()
    if len(results) > 1:
        failing = [p for p, r in results.items() if not r.holds]
        print(
            "At every pressure: "
            + ("the scenario teaches the lesson." if holds else f"FAILS at {', '.join(failing)}.")
        )
    return OK if holds else FAILED


def play(scenario, args: argparse.Namespace, pressure: str) -> Balance:
    """One pressure's run: sequential with --quick, else exactly --runs seeds."""
    label = f"games ({pressure})"

    def progress(results, total):
        return tqdm(
            results,
            total=total,
            desc=label,
            unit="game",
            file=raw_stream(sys.stderr),  # our own \r, not escaped
            disable=None,
            leave=False,
        )

    if args.quick:
        return balance_quick(
            scenario,
            args.seed,
            pressure,
            args.max_runs,
            args.jobs,
            progress,
            args.policies,
            args.quarters,
        )
    return balance(
        scenario,
        args.runs,
        args.seed,
        pressure,
        args.jobs,
        progress,
        args.policies,
        args.quarters,
    )


# ---- the printed report: small pieces, one per part -----------------------------------------
def report_lines(title: str, result: Balance, seconds: float) -> list[str]:
    """The whole report for one pressure."""
    return [
        *header_lines(title, result, seconds),
        *table_lines(result),
        "",
        *single_game_lines(result),
        "",
        *quarter_lines(result),
        *naming_lines(result),
        "",
        *verdict_lines(result),
        headroom(result).verdict(),
    ]


def _json(result: Balance) -> dict:
    """One pressure's --json: the result with its headroom (docs/authoring.md, section 6)."""
    return {**result.as_json(), "headroom": headroom(result).as_json(), "tuning": tuning(result)}


def tuning(result: Balance) -> dict[str, dict[str, str]]:
    """For each failing check, the row of the tuning table that applies (docs/authoring.md)."""
    rows = {c.name: row_for(c.name) for c in result.checks if not c.holds}
    return {name: {"why": r.why, "tune": r.tune} for name, r in rows.items() if r is not None}


def header_lines(title: str, result: Balance, seconds: float) -> list[str]:
    """What was played: seeds, pressure, games, and the stopping rule."""
    lines = [f"{title}: pressure {result.pressure}, seeds from {result.seed}"]
    if result.quarters > 1:
        lines[0] += (
            f", {result.quarters} quarters a game (judged on the overall scores, "
            "the mean of the quarters')"
        )
    seq = result.sequential
    if seq is None:
        lines.append(f"{result.runs} seeds per policy, {result.games} games in {seconds:.1f} s")
    else:
        lines.append(
            f"sequential: stopped at {seq['stopped_at']} seeds (looks {seq['looks']}, "
            f"{seq['alpha']:.0%} error per check), {result.games} games in {seconds:.1f} s"
            + (f"; {seq['undecided']} check(s) undecided at the cap" if seq["undecided"] else "")
        )
    return lines


def table_lines(result: Balance) -> list[str]:
    """Each policy's mean and 95% CI per component."""
    lines = [f"{'policy':<12}{'seeds':>6}" + "".join(f"{c:>22}" for c in COMPONENTS)]
    for name, stats in result.policies.items():
        cells = "".join(
            f"{m:>9.1f} [{lo:5.1f},{hi:5.1f}]" for m, (lo, hi) in (stats[c] for c in COMPONENTS)
        )
        lines.append(f"{name:<12}{result.policy_runs.get(name, 0):>6}{cells}")
    return lines


def single_game_lines(result: Balance) -> list[str]:
    """What a room sees in one game: how often good does better, and by how much."""
    lines = ["In one game (same seed): good does better on outcome than …"]
    for rival, s in result.single.items():
        lo, hi = s["p_ci"]
        m, (mlo, mhi) = s["outcome"]
        lines.append(
            f"  {rival:<12} in {s['p']:6.1%} of games [{lo:.0%}–{hi:.0%}], "
            f"outcome margin {m:+6.2f} [{mlo:+.2f} … {mhi:+.2f}]"
        )
    return lines


def quarter_lines(result: Balance) -> list[str]:
    """Over several quarters: each policy's mean total and outcome per quarter, then what good
    does better than each rival by in one game in each later quarter (nothing for one)."""
    if result.quarters < 2:
        return []
    qs = range(1, result.quarters + 1)
    head = "".join(f"{f'Q{q} total':>10}{f'Q{q} outcome':>12}" for q in qs)
    lines = ["Each quarter (means)", f"  {'policy':<12}{head}"]
    for name in result.policies:
        cells = "".join(
            f"{q['policies'][name]['total'][0]:>10.1f}{q['policies'][name]['outcome'][0]:>12.1f}"
            for q in result.by_quarter
        )
        lines.append(f"  {name:<12}{cells}")
    for q, view in enumerate(result.by_quarter[1:], start=2):
        lines += ["", f"In quarter {q} alone (same seed): good does better on outcome than …"]
        for rival, s in view["single"].items():
            lo, hi = s["p_ci"]
            m, (mlo, mhi) = s["outcome"]
            t = s["total"][0]
            lines.append(
                f"  {rival:<12} in {s['p']:6.1%} of games [{lo:.0%}–{hi:.0%}], "
                f"outcome margin {m:+6.2f} [{mlo:+.2f} … {mhi:+.2f}], total margin {t:+6.2f}"
            )
    return [*lines, ""]


def naming_lines(result: Balance) -> list[str]:
    """What naming bad news cost good's owners, at the report and by the end of the check-in."""
    n = result.naming
    if not n.get("namings"):
        return ["Naming bad news: no naming in good's games."]
    line = (
        f"Naming bad news ({n['namings']} namings): "
        f"−{n['cost_at_report']:.2f} standing at the report"
    )
    if "net_by_end_of_checkin" in n:
        line += (
            f", {n['net_by_end_of_checkin']:+.2f} by the end of its check-in "
            f"({n['share_with_net_gain']:.1%} ended with a gain)"
        )
    return [line]


def verdict_lines(result: Balance) -> list[str]:
    """Every check, then one sentence."""
    lines = ["The invariant"]
    for c in result.checks:
        mark = "holds " if c.holds else "FAILS "
        share = c.unit == "share"
        value = f"{c.margin:.1%}" if share else f"{c.margin:+.2f}"
        ci = (
            f"{c.ci95[0]:.1%} … {c.ci95[1]:.1%}"
            if share
            else f"{c.ci95[0]:+.2f} … {c.ci95[1]:+.2f}"
        )
        note = "" if c.decided else ", undecided at the cap"
        counted = "namings" if c.policy == "good" else "games"
        lines.append(f"  {mark} {c.name}: {c.unit} {value} ({ci}; {c.games} {counted}{note})")
        row = None if c.holds else row_for(c.name)
        if row is not None:
            lines.append(f"           {row.plain()}")
    lines.append(
        "The scenario teaches the lesson." if result.holds else "The invariant does NOT hold."
    )
    return lines
