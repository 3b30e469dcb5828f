"""`offsite autoplay`: play a whole game headless with bots, and tell it as a story."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from game.bots.policies import held_by_people
from game.cli.common import (
    FAILED,
    OK,
    USAGE,
    add_quarters_argument,
    add_scenario_argument,
    load_or_report,
    print_json,
    scenario_path,
)
from game.engine import GameState, is_over, new_game, state_hash
from game.scenario import ScenarioError, scenario_hash
from game.scoring import by_quarter, overall, score
from game.session.autoplay import (
    MAX_ACTIONS,
    POLICY_NAMES,
    Step,
    Stuck,
    catch_up,
    make_policy,
    next_action,
)
from game.session.log import SessionError, SessionWriter, new_header
from game.session.moves import Seat
from game.session.resume import Resumed, open_writer, resume
from game.session.table import Table
from game.session.transcript import transcript

DEFAULT_SESSION = ""  # `--session` without a file: a new file in the user's data folder


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "autoplay",
        help="play a whole game with bots and print the story (or --json)",
        description="Play a whole game headless: the policy holds every role the scenario gives "
        "to people (and takes the room's decisions); computer peers play the rest. Without "
        "--json, print a transcript of the quarter. Same arguments, same output. With --session "
        "every action is saved as it happens, and --resume goes on from a saved session.",
    )
    add_scenario_argument(p)
    p.add_argument("--policy", choices=POLICY_NAMES, help="who plays the people's seats (good)")
    p.add_argument("--seed", type=int, help="the game's seed (default 1)")
    p.add_argument(
        "--pressure", choices=("low", "normal", "high"), help="peer pressure (default normal)"
    )
    add_quarters_argument(p, "default: the scenario's, else 1")
    p.add_argument("--json", action="store_true", help="print one JSON object instead")
    p.add_argument(
        "--session",
        nargs="?",
        const=DEFAULT_SESSION,
        metavar="FILE",
        help="save the game in this session file as it plays (without FILE: a new file in the "
        "user's data folder); with --resume, the session to go on with",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="go on with the --session FILE: replay its actions, then finish the game with the "
        "policy (by default the session's); seed, pressure and scenario come from the session",
    )
    p.add_argument(
        "--new-scenario",
        action="store_true",
        help="with --resume: when the scenario has changed, replay the actions onto it if "
        "every one still applies (the game goes on in a new session file)",
    )
    p.add_argument(
        "--stop-after", type=int, metavar="K", help="stop once the game has K actions (exit 0)"
    )
    p.set_defaults(run=run)


def usage_error(args: argparse.Namespace) -> str | None:
    """What is wrong with the arguments, or None."""
    if args.seed is not None and args.seed < 0:
        return "--seed must be 0 or more"
    if args.stop_after is not None and args.stop_after < 0:
        return "--stop-after must be 0 or more"
    if args.resume and not args.session:
        return "--resume needs the session: --session FILE --resume"
    if args.new_scenario and not args.resume:
        return "--new-scenario goes with --resume"
    return None


def run(args: argparse.Namespace) -> int:
    """Play the game (or go on with a saved one) and print it."""
    problem = usage_error(args)
    if problem:
        print(f"offsite autoplay: error: {problem}", file=sys.stderr)
        return USAGE
    try:
        return play(args)
    except SessionError as exc:
        print(exc, file=sys.stderr)
    except ScenarioError as exc:
        for item in exc.problems:
            print(item, file=sys.stderr)
    except FileExistsError as exc:
        print(
            f"{exc.filename}: error: a session file is already there; add --resume to go on "
            "with it, or choose another file",
            file=sys.stderr,
        )
    except BrokenPipeError:
        raise  # the reader of our output went away: not a session problem (main handles it)
    except OSError as exc:
        where = exc.filename or args.session
        print(f"{where}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
    return FAILED


def play(args: argparse.Namespace) -> int:
    """Start or resume, play to the end (or to --stop-after), save and print."""
    if args.resume:
        resumed = resume(Path(args.session), given_scenario(args), args.new_scenario)
        tell_resumed(args, resumed)
        policy = args.policy or resumed.header["teams"][0].get("policy") or "good"
        if policy not in POLICY_NAMES:
            raise SessionError(f"{args.session}:1: error: header: no policy '{policy}' here")
        start, played = resumed.replayed.start, list(resumed.replayed.steps)
        before = resumed.replayed.before
        writer: SessionWriter | None = open_writer(resumed)
    else:
        scenario = load_or_report(args.scenario)
        if scenario is None:
            return FAILED
        policy, seed = args.policy or "good", 1 if args.seed is None else args.seed
        start = new_game(
            scenario,
            seed,
            scenario_hash=scenario_hash(scenario),
            pressure=args.pressure or "normal",
            quarters=args.quarters,
        )
        played, before, writer = [], [], None
        if args.session is not None:
            teams = [{"name": "Team 1", "policy": policy}]
            path = Path(args.session) if args.session else None
            writer = SessionWriter.create(new_header(start, teams=teams), path)
    try:
        finish(args, policy, start, played, before, writer)
    finally:
        if writer is not None:
            writer.close()
    report(args, policy, start, played, writer.path if writer else None)
    return OK


def given_scenario(args: argparse.Namespace) -> Path | None:
    """The SCENARIO argument as a path, when one was given."""
    return scenario_path(args.scenario) if args.scenario else None


def tell_resumed(args: argparse.Namespace, resumed: Resumed) -> None:
    """Say what resuming found, and which arguments the session overrides."""
    header = resumed.header
    for note in resumed.notes:
        print(note, file=sys.stderr)
    for name in ("seed", "pressure", "quarters"):
        value = getattr(args, name)
        if value is not None and value != header.get(name, 1):
            print(
                f"note: --{name} {value} ignored: the session's is {header[name]}", file=sys.stderr
            )


def finish(
    args: argparse.Namespace,
    policy: str,
    start: GameState,
    played: list[Step],
    before: list[GameState],
    writer: SessionWriter | None,
) -> None:
    """Play on from the last state in `played` until the end or the stop: the policy and the
    peers decide every seat (as `game.session.autoplay.steps` does) and each move is played
    through the table, which applies it and saves it (docs/architecture.md)."""
    if args.stop_after is not None and len(played) >= args.stop_after:
        return
    state = played[-1].state if played else start
    table = Table(state, writers=[writer], computers=False)
    decider = make_policy(policy, start.seed)
    held = set(held_by_people(state))
    catch_up(decider, before, held)
    for _ in range(MAX_ACTIONS * start.quarters - len(before)):
        if is_over(table.state):
            return
        action = next_action(table.state, decider, held)
        outcome = table.act(Seat(action.role), action, action.ms, by=action.by)
        if not outcome.ok:
            raise Stuck(f"the table refused {action.kind} by {action.role}: {outcome.message}")
        played.append(Step(table.teams[0].actions[-1], list(outcome.events), table.state))
        if args.stop_after is not None and len(played) >= args.stop_after:
            return
    raise Stuck(f"the game did not end within {MAX_ACTIONS * start.quarters} actions")


def report(
    args: argparse.Namespace,
    policy: str,
    start: GameState,
    played: list[Step],
    session: Path | None,
) -> None:
    """Print the game: a transcript and the scores, or one JSON object."""
    final = played[-1].state if played else start
    over = is_over(final)
    scores = score(final) if over else None
    if args.json:
        data: dict[str, Any] = {
            "scenario": start.scenario.meta.id,
            "scenario_hash": start.scenario_hash,
            "seed": start.seed,
            "policy": policy,
            "pressure": start.pressure,
            "actions": len(played),
            "state_hash": state_hash(final),
        }
        if scores is not None:
            data |= {"scores": scores.as_dict(), "reasons": scores.reasons()}
        if start.quarters > 1:  # a one-quarter game's object is as it always was
            data |= {"quarters": start.quarters, "quarter": final.quarter}
            if over:
                each = by_quarter(final)
                data |= {
                    "scores_by_quarter": [s.as_dict() for s in each],
                    "scores_overall": overall(each),
                }
        if session is not None or not over:
            data |= {"session": str(session) if session else None, "over": over}
        print_json(data)
        return
    print(transcript(start, played), end="")
    if scores is None:
        where = final.phase + (f"/{final.step}" if final.step else "")
        print(f"\nSTOPPED after action {len(played)} ({where}, week {final.week}).")
        if session is not None:
            print(f"Saved in {session}; go on with: offsite autoplay --session {session} --resume")
        return
    if start.quarters > 1:
        print_quarters(final)
    print("\nSCORES" + (f" (quarter {final.quarter})" if start.quarters > 1 else ""))
    for name, value in scores.as_dict().items():
        print(f"  {name:<12} {value:6.1f}")
    for reasons in scores.reasons().values():
        for reason in reasons:
            print(f"    {reason}")
    if session is not None:
        print(f"\nSaved in {session}")


def print_quarters(final: GameState) -> None:
    """The scores of each quarter and over the session (their mean, docs/scoring.md)."""
    each = by_quarter(final)
    names = list(each[0].as_dict())
    print("\nSCORES BY QUARTER")
    print(
        "  " + " " * 12 + "".join(f"{'Q' + str(i + 1):>8}" for i in range(len(each))) + "    mean"
    )
    mean = overall(each)
    for name in names:
        row = "".join(f"{s.as_dict()[name]:8.1f}" for s in each)
        print(f"  {name:<12}{row}{mean[name]:8.1f}")
