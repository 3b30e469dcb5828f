"""The `offsite` command line: parse, dispatch, map outcomes to exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from game import __version__
from game.cli import (
    autoplay,
    balance,
    cards,
    cohort,
    describe,
    new,
    play,
    replay,
    report,
    schema,
    screenshot,
    validate,
)
from game.cli.output import escaped_output

# Each module adds its subcommand; the order is the order --help lists them in.
COMMANDS = (
    play,
    describe,
    autoplay,
    replay,
    report,
    cohort,
    balance,
    screenshot,
    new,
    cards,
    validate,
    schema,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="offsite",
        description="Offsite: a simulation game for leadership offsites.",
        epilog="Exit codes: 0 success, 1 the input or a check failed, 2 wrong usage.",
    )
    parser.add_argument("--version", action="version", version=f"offsite {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in COMMANDS:
        module.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit code. Everything it prints is escaped (game.cli.output):
    text from a file or an argument never reaches the terminal as control characters."""
    with escaped_output():
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
