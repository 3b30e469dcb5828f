"""Pieces every subcommand shares: finding the scenario, printing problems, exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from game.cli.output import json_safe
from game.scenario import (
    DEFAULT_SCENARIO,
    MAX_QUARTERS,
    Scenario,
    ScenarioError,
    builtin_path,
    is_builtin,
    load_scenario,
)

OK, FAILED, USAGE = 0, 1, 2


def scenario_path(arg: str | None) -> Path:
    """A scenario argument: a file path, the name of a built-in scenario, or none (the default)."""
    if arg is None:
        return builtin_path(DEFAULT_SCENARIO)
    path = Path(arg)
    if not path.exists() and is_builtin(arg):
        return builtin_path(arg)
    return path


def load_or_report(arg: str | None) -> Scenario | None:
    """Load the scenario; on failure print its problems to stderr and return None."""
    try:
        return load_scenario(scenario_path(arg))
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return None


def print_json(data: Any) -> None:
    """Machine-readable output: one JSON document on stdout."""
    print(json_safe(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False)))


def parse_quarters(text: str) -> int:
    """`--quarters N`: a whole number from 1 to 4 (argparse makes anything else a usage error,
    exit 2, with this message)."""
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_QUARTERS:
        raise argparse.ArgumentTypeError(
            f"a session plays 1 to {MAX_QUARTERS} quarters, not '{text}'"
        )
    return n


def add_quarters_argument(parser: Any, default_said: str) -> None:
    """The `--quarters N` option of the commands that start a game."""
    parser.add_argument(
        "--quarters",
        type=parse_quarters,
        metavar="N",
        help=f"how many quarters the session plays, 1 to {MAX_QUARTERS} ({default_said})",
    )


def add_scenario_argument(parser: Any) -> None:
    """The optional SCENARIO positional every game command takes."""
    parser.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help=f"a scenario file or built-in name (default: the built-in '{DEFAULT_SCENARIO}')",
    )
