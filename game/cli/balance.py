"""`offsite balance`: does the scenario still teach that honesty pays? (docs/scoring.md)"""

from __future__ import annotations

import argparse
import sys

from tqdm import tqdm

from game.cli.common import FAILED, OK, USAGE, add_scenario_argument, load_or_report, print_json
from game.cli.output import raw_stream
from game.session.balance import COMPONENTS, balance
from game.session.headroom import headroom


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "balance",
        help="play every policy on the same seeds and check that honesty pays",
        description="Play every policy on seeds S … S+N−1 with the real engine and check the "
        "invariant: 'good' beats hider, late, sandbagger, blamer, copycat and vague on the total "
        "and on outcome alone (95% CI of the paired difference above zero), and naming bad "
        "news costs standing in the week it is named. Exit 1 when any check fails.",
    )
    add_scenario_argument(p)
    p.add_argument("--runs", type=int, default=200, help="seeds per policy (default 200)")
    p.add_argument("--seed", type=int, default=0, help="the first seed (default 0)")
    p.add_argument("--pressure", default="normal", choices=("low", "normal", "high"))
    p.add_argument("--jobs", type=int, default=None, help="processes (default: every core)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the check, print a table and the verdict."""
    if args.runs < 2 or args.seed < 0 or (args.jobs is not None and args.jobs < 1):
        print(
            "offsite balance: error: --runs must be 2 or more, --seed and --jobs positive",
            file=sys.stderr,
        )
        return USAGE
    scenario = load_or_report(args.scenario)
    if scenario is None:
        return FAILED

    def progress(results, total):
        return tqdm(
            results,
            total=total,
            desc="games",
            unit="game",
            file=raw_stream(sys.stderr),  # our own \r, not escaped
            disable=None,
            leave=False,
        )

    result = balance(scenario, args.runs, args.seed, args.pressure, args.jobs, progress)
    room = headroom(result)
    if args.json:
        print_json({**result.as_json(), "headroom": room.as_json()})
        return OK if result.holds else FAILED
    print(f"{scenario.meta.title}: {args.runs} seeds from {args.seed}, pressure {args.pressure}")
    print(f"{'policy':<12}" + "".join(f"{c:>22}" for c in COMPONENTS))
    for name, stats in result.policies.items():
        cells = "".join(
            f"{m:>9.1f} [{lo:5.1f},{hi:5.1f}]" for m, (lo, hi) in (stats[c] for c in COMPONENTS)
        )
        print(f"{name:<12}{cells}")
    print("\nThe invariant")
    for c in result.checks:
        mark = "holds " if c.holds else "FAILS "
        print(
            f"  {mark} {c.name}: margin {c.margin:+.2f} "
            f"(95% CI {c.ci95[0]:+.2f} … {c.ci95[1]:+.2f})"
        )
    print(
        "\n"
        + ("The scenario teaches the lesson." if result.holds else "The invariant does NOT hold.")
    )
    print(room.verdict())
    return OK if result.holds else FAILED
