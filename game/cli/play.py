"""`offsite play`: the projector game — full screen, every action saved as it happens."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.cli.common import FAILED, OK, USAGE, add_scenario_argument, load_or_report
from game.engine import new_game
from game.scenario import Scenario, scenario_hash
from game.session.log import SessionError, SessionWriter, new_header, sessions_dir
from game.session.resume import open_writer, resume

MAX_TEAMS = 6


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    from game.cli.screenshot import parse_size

    p = commands.add_parser(
        "play",
        help="play on the projector (full screen; every action is saved as it happens)",
        description="Start the projector game, full screen at the screen's own resolution. Every "
        "action is appended to a session file as it happens, so closing the window never loses "
        "the game: `offsite play --resume` continues the last one.",
    )
    add_scenario_argument(p)
    p.add_argument("--seed", type=int, default=None, help="the game's seed (default: a new one)")
    p.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    p.add_argument(
        "--size", type=parse_size, default=None, help="WIDTHxHEIGHT (implies --windowed)"
    )
    p.add_argument(
        "--session", metavar="FILE", help="the session file (default: in your data folder)"
    )
    p.add_argument(
        "--resume", action="store_true", help="continue --session FILE, or the last game"
    )
    p.add_argument(
        "--solo", metavar="ROLE", help="practise alone as ROLE; the computer plays the rest"
    )
    p.add_argument(
        "--pressure", default="normal", choices=("low", "normal", "high"), help="peer pressure"
    )
    p.add_argument(
        "--teams", type=int, default=1, help=f"teams sharing this machine (1–{MAX_TEAMS})"
    )
    p.add_argument("--theme", choices=("light", "dark"), default="light")
    p.add_argument(
        "--watch",
        action="store_true",
        help="reload SCENARIO when it is saved and replay the game onto it (for designers)",
    )
    p.add_argument(
        "--frames", type=int, default=0, help=argparse.SUPPRESS
    )  # benchmarks, smoke tests
    p.set_defaults(run=run)


def team_path(first: Path, index: int) -> Path:
    """Team 1 uses the session file itself; team k its sibling `<name>-team<k>.jsonl`."""
    return first if index == 0 else first.with_name(f"{first.stem}-team{index + 1}{first.suffix}")


def last_session() -> Path | None:
    """The most recently written session file in the data folder (team files aside)."""
    folder = sessions_dir()
    files = [p for p in folder.glob("*.jsonl") if "-team" not in p.stem] if folder.exists() else []
    return max(files, key=lambda p: p.stat().st_mtime) if files else None


def new_games(args: argparse.Namespace, scenario: Scenario):
    """Fresh games, one per team, with their session writers."""
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(3), "big")
    seats = None
    if args.solo:
        seats = {r.id: ("person" if r.id == args.solo else "computer") for r in scenario.roles}
    digest = scenario_hash(scenario)
    states, writers = [], []
    names = [f"Team {i + 1}" for i in range(args.teams)]
    first = Path(args.session) if args.session else None
    for i in range(args.teams):
        state = new_game(scenario, seed, seats, scenario_hash=digest, pressure=args.pressure)
        header = new_header(state, teams=[{"name": names[i], "policy": None}])
        path = team_path(first, i) if first else None
        writer = SessionWriter.create(header, path)
        first = first or writer.path
        states.append(state)
        writers.append(writer)
    return states, writers, names


def resumed_games(args: argparse.Namespace):
    """The games of a saved session (and its team siblings), replayed to where they stopped."""
    first = Path(args.session) if args.session else last_session()
    if first is None:
        raise SessionError(f"{sessions_dir()}: error: no saved game to resume")
    states, writers, names, notes = [], [], [], []
    given = Path(args.scenario) if args.scenario and Path(args.scenario).exists() else None
    for i in range(MAX_TEAMS):
        path = team_path(first, i)
        if i and not path.exists():
            break
        back = resume(path, given)
        notes += back.notes
        states.append(back.replayed.state)
        writers.append(open_writer(back))
        names.append(
            back.header["teams"][0]["name"] if back.header.get("teams") else f"Team {i + 1}"
        )
    return states, writers, names, notes


def restart_logs(writers: list, states, actions, app) -> None:
    """After a --watch reload the scenario's hash changed: each team goes on in a new session
    file holding the whole game replayed onto the new version (the old files stay as they are)."""
    from game.engine import apply, new_game

    for i, (state, done) in enumerate(zip(states, actions, strict=True)):
        old = writers[i]
        old.close()
        start = new_game(
            state.scenario,
            state.seed,
            dict(state.seats),
            scenario_hash=state.scenario_hash,
            pressure=state.pressure,
            warmup=state.warmup_on,
        )
        header = new_header(start, teams=[{"name": app.team_names[i], "policy": None}])
        path = old.path.with_name(f"{old.path.stem}-{state.scenario_hash[:8]}{old.path.suffix}")
        writer = SessionWriter.create(header, path)
        for action in done:
            start, _ = apply(start, action)
            writer.append(action, start)
        writers[i] = writer


def run(args: argparse.Namespace) -> int:
    """Open the window and play until it closes."""
    if not 1 <= args.teams <= MAX_TEAMS:
        print(f"offsite play: error: --teams must be 1 to {MAX_TEAMS}", file=sys.stderr)
        return USAGE
    try:
        if args.resume:
            states, writers, names, notes = resumed_games(args)
            for note in notes:
                print(note, file=sys.stderr)
        else:
            scenario = load_or_report(args.scenario)
            if scenario is None:
                return FAILED
            if args.solo and args.solo not in {r.id for r in scenario.roles}:
                roles = ", ".join(r.id for r in scenario.roles)
                print(
                    f"offsite play: error: no role '{args.solo}' (roles: {roles})", file=sys.stderr
                )
                return USAGE
            states, writers, names = new_games(args, scenario)
    except (SessionError, FileExistsError, OSError) as exc:
        print(
            str(exc) if isinstance(exc, SessionError) else f"{args.session}: error: {exc}",
            file=sys.stderr,
        )
        return FAILED
    from game.ui.launch import NoScreen, open_app

    def save(action, state) -> None:
        writers[app.team].append(action, state)

    try:
        app = open_app(
            states,
            args.size,
            args.windowed,
            theme=args.theme,
            on_action=save,
            team_names=names,
            solo=args.solo,
        )
    except NoScreen as exc:
        print(f"offsite play: error: {exc}", file=sys.stderr)
        return FAILED
    if args.watch:
        if not args.scenario or not Path(args.scenario).is_file():
            print("offsite play: error: --watch needs a scenario file to watch", file=sys.stderr)
            return USAGE
        from game.ui.watch import Watch

        app.watch = Watch(Path(args.scenario))
        app.on_reload = lambda states, actions: restart_logs(writers, states, actions, app)
    app.started = args.resume
    people = [role for role, by in states[0].seats if by == "person"]
    app.solo = args.solo or (people[0] if len(people) == 1 else None)
    app.rebuild()
    try:
        app.run(frames=args.frames)
    finally:
        for writer in writers:
            writer.close()
    print(
        f"saved: {writers[0].path}"
        + (f" (+{len(writers) - 1} team files)" if len(writers) > 1 else "")
    )
    return OK
