"""`offsite autoplay`: play a whole game headless with bots, and tell it as a story."""

from __future__ import annotations

import argparse
import sys

from game.cli.common import FAILED, OK, USAGE, add_scenario_argument, load_or_report, print_json
from game.engine import new_game, state_hash
from game.scenario import scenario_hash
from game.scoring import score
from game.session.autoplay import POLICY_NAMES, steps
from game.session.transcript import transcript


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "autoplay",
        help="play a whole game with bots and print the story (or --json)",
        description="Play a whole game headless: the policy holds every role the scenario gives "
        "to people (and takes the room's decisions); computer peers play the rest. Without "
        "--json, print a transcript of the quarter. Same arguments, same output.",
    )
    add_scenario_argument(p)
    p.add_argument(
        "--policy", default="good", choices=POLICY_NAMES, help="who plays the people's seats"
    )
    p.add_argument("--seed", type=int, default=1, help="the game's seed (default 1)")
    p.add_argument(
        "--pressure", default="normal", choices=("low", "normal", "high"), help="peer pressure"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Play the game and print it."""
    if args.seed < 0:
        print("offsite autoplay: error: --seed must be 0 or more", file=sys.stderr)
        return USAGE
    scenario = load_or_report(args.scenario)
    if scenario is None:
        return FAILED
    digest = scenario_hash(scenario)
    start = new_game(scenario, args.seed, scenario_hash=digest, pressure=args.pressure)
    played = list(steps(scenario, args.policy, args.seed, args.pressure))
    final = played[-1].state
    scores = score(final)
    if args.json:
        print_json(
            {
                "scenario": scenario.meta.id,
                "scenario_hash": digest,
                "seed": args.seed,
                "policy": args.policy,
                "pressure": args.pressure,
                "actions": len(played),
                "state_hash": state_hash(final),
                "scores": scores.as_dict(),
                "reasons": scores.reasons(),
            }
        )
        return OK
    print(transcript(start, played), end="")
    print("\nSCORES")
    for name, value in scores.as_dict().items():
        print(f"  {name:<12} {value:6.1f}")
    for reasons in scores.reasons().values():
        for reason in reasons:
            print(f"    {reason}")
    return OK
