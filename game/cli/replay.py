"""`offsite replay`: re-apply a session's logged actions and check every recorded state hash."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.cli.common import FAILED, OK, print_json, scenario_path
from game.engine import is_over, state_hash
from game.scenario import ScenarioError
from game.session.log import SessionError, last_summary
from game.session.rebuild import Replayed, read_session, rebuild_file
from game.session.resume import (
    check_scenario,
    find_scenario,
    short_hashes,
    upgrade,
    versions_differ,
)
from game.session.summary import summary_differs


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "replay",
        help="re-apply a session file and check every recorded state hash",
        description="Replay a session file: start from its header, apply every logged action "
        "again and compare each state hash with the one recorded. Exit 0 when all match; 1 "
        "naming the first line that differs or whose action is rejected.",
    )
    p.add_argument("session", metavar="SESSION", help="a session file (.jsonl)")
    p.add_argument(
        "--scenario",
        metavar="SCENARIO",
        help="the scenario file or built-in name (default: the built-in the session names)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.add_argument(
        "--upgrade",
        metavar="NEW",
        help="when a format 1 (unsealed) session replays, write a sealed copy of it to NEW "
        "(the old file stays as it is)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Replay the session and say whether it holds."""
    path = Path(args.session)
    result: dict[str, Any] = {
        "session": str(path),
        "actions": 0,
        "ok": False,
        "first_mismatch": None,
        "state_hash": None,
    }
    try:
        session = read_session(path)
        header, actions, hashes = session.header, session.actions, session.hashes
        result["actions"] = len(actions)
        given = scenario_path(args.scenario) if args.scenario else None
        scenario, source = find_scenario(path, header, given, "with --scenario FILE")
        check_scenario(path, header, scenario, source, False, "with --scenario FILE", None)
        for warning in session.warnings:
            print(warning, file=sys.stderr)
        replayed = rebuild_file(session, scenario, stop_at_mismatch=True)
    except SessionError as exc:
        result["first_mismatch"] = exc.line
        return fail(args, result, [str(exc)])
    except ScenarioError as exc:
        return fail(args, result, [str(p) for p in exc.problems])
    result["state_hash"] = state_hash(replayed.state)
    problem = describe_problem(path, header, hashes, replayed)
    if problem is not None:
        line, message = problem
        result["first_mismatch"] = line
        return fail(args, result, [message])
    summary = last_summary(session.entries, len(actions))
    if summary is not None and versions_differ(header) is None:
        differs = summary_differs(summary["summary"], replayed.state)
        if differs:
            result["first_mismatch"] = summary["line"]
            return fail(args, result, [f"{path}:{summary['line']}: error: {differs}"])
    result["ok"] = True
    if args.upgrade:
        try:
            made = upgrade(path, header, replayed, Path(args.upgrade))
        except SessionError as exc:
            return fail(args, result, [str(exc)])
        result["upgraded"] = str(made)
        print(f"{path}: wrote the sealed copy {made}", file=sys.stderr)
    if args.json:
        print_json(result)
        return OK
    other = versions_differ(header)
    state = replayed.state
    print(
        f"{path}: {len(actions)} actions replayed; every recorded state hash matches "
        f"(state {result['state_hash'][:12]}…, {state.phase}"
        + (f", week {state.week})" if state.week else ")")
    )
    if other:
        print(f"{path}: note: {other}")
    if not is_over(state):
        print(f"The game is not over; go on with: offsite autoplay --session {path} --resume")
    return OK


def describe_problem(
    path: Path, header: dict[str, Any], hashes: list[str], replayed: Replayed
) -> tuple[int, str] | None:
    """The first line that does not replay, and a message saying why; None when all do."""
    other = versions_differ(header)
    reason = f" ({other})" if other else ""
    if replayed.mismatch is not None:
        line, n = replayed.mismatch, len(replayed.steps)  # it stopped at that action
        step = replayed.steps[-1]
        was, now = short_hashes(hashes[n - 1], state_hash(step.state))
        return line, (
            f"{path}:{line}: error: action {n} ({step.action.kind}, {step.action.role}): "
            f"the state hash differs from the one recorded (recorded {was}, "
            f"replayed {now}){reason}"
        )
    if replayed.rejected is not None:
        return replayed.rejected_line, replayed.rejected + reason
    return None


def fail(args: argparse.Namespace, result: dict[str, Any], messages: list[str]) -> int:
    """Report a session that does not replay: messages on stderr, the JSON object on stdout."""
    for message in messages:
        print(message, file=sys.stderr)
    if args.json:
        result["error"] = messages[0] if messages else None
        print_json(result)
    return FAILED
