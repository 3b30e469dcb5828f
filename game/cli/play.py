"""`offsite play`: the projector game — full screen, every action saved as it happens."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.cli.common import (
    FAILED,
    OK,
    USAGE,
    add_quarters_argument,
    add_scenario_argument,
    load_or_report,
    scenario_path,
)
from game.engine import new_game
from game.scenario import Scenario, scenario_hash
from game.session.log import SessionError, SessionWriter, new_header, sessions_dir, team_path
from game.session.resume import open_writer, resume
from game.session.start import MAX_TEAMS, TIMER_PERCENTS, Setup, SetupError, parse_people


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
        "--people",
        metavar="ROLE,…",
        help="the roles people play (role ids, comma-separated); the computer plays the rest",
    )
    p.add_argument(
        "--pressure", default="normal", choices=("low", "normal", "high"), help="peer pressure"
    )
    p.add_argument(
        "--private-window",
        dest="private_window",
        action="store_const",
        const="on",
        default="auto",
        help="private screens in a second window on the laptop's own screen (default: when "
        "the display is extended, i.e. there are two displays)",
    )
    p.add_argument(
        "--no-private-window",
        dest="private_window",
        action="store_const",
        const="off",
        help="private screens on the projector's window, after a hand-over card",
    )
    p.add_argument("--no-warmup", action="store_true", help="skip the KPI-or-OKR warm-up")
    add_quarters_argument(p, "default: the scenario's, else 1")
    p.add_argument(
        "--timer",
        type=int,
        default=100,
        choices=TIMER_PERCENTS,
        metavar="PERCENT",
        help="the phase timers run this share of the planned minutes "
        f"({', '.join(map(str, TIMER_PERCENTS))}; default 100)",
    )
    p.add_argument(
        "--no-start-screen",
        action="store_true",
        help="start at once with these settings (no start screen)",
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
        "--room",
        action="store_true",
        help="every leader plays on their own phone: also start the room's web server on this "
        "network; the projector shows its address as a QR code and a room code",
    )
    p.add_argument(
        "--host",
        metavar="ADDRESS",
        default=None,
        help="with --room: the address to listen on (default: this machine's address on the "
        "local network)",
    )
    p.add_argument(
        "--port",
        metavar="N",
        type=int,
        default=None,
        help="with --room: the port to listen on (default: a free one)",
    )
    p.add_argument(
        "--frames", type=int, default=0, help=argparse.SUPPRESS
    )  # benchmarks, smoke tests
    p.set_defaults(run=run)


def last_session() -> Path | None:
    """The most recently written session file in the data folder (team files aside)."""
    folder = sessions_dir()
    files = [p for p in folder.glob("*.jsonl") if "-team" not in p.stem] if folder.exists() else []
    return max(files, key=lambda p: p.stat().st_mtime) if files else None


def setup_from_args(args: argparse.Namespace, scenario: Scenario) -> Setup:
    """The start screen's settings as the command line gives them (SetupError if they do not
    fit the scenario)."""
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(3), "big")
    return Setup.for_scenario(
        scenario,
        str(scenario_path(args.scenario)),
        people=parse_people(args.people) if args.people else None,
        solo=args.solo,
        pressure=args.pressure,
        warmup=not args.no_warmup,
        teams=args.teams,
        timer_percent=args.timer,
        seed=seed,
        quarters=args.quarters,
    )


def new_games(args: argparse.Namespace, setup: Setup):
    """Fresh games, one per team, with their session writers."""
    scenario, seed, seats = setup.scenario, setup.seed, setup.seats()
    digest = scenario_hash(scenario)
    states, writers = [], []
    names = [f"Team {i + 1}" for i in range(setup.teams)]
    first = Path(args.session) if args.session else None
    for i in range(setup.teams):
        state = new_game(
            scenario,
            seed,
            seats,
            scenario_hash=digest,
            pressure=setup.pressure,
            warmup=setup.warmup,
            quarters=setup.quarters,
        )
        header = new_header(
            state, warmup=state.warmup_on, teams=[{"name": names[i], "policy": None}]
        )
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
        back = resume(path, given, rebase_option=None)
        notes += back.notes
        states.append(back.replayed.state)
        writers.append(open_writer(back))
        names.append(
            back.header["teams"][0]["name"] if back.header.get("teams") else f"Team {i + 1}"
        )
    return states, writers, names, notes


def choose_on_screen(args: argparse.Namespace, setup: Setup) -> Setup | None:
    """The start screen, in the window the game will use: the settings, or None when the
    facilitator leaves it."""
    from game.scenario import ScenarioError, builtin_path, load_scenario
    from game.session.start import scenario_choices
    from game.ui.launch import open_start

    def load(path: Path):
        try:
            return load_scenario(path)
        except ScenarioError as exc:
            return exc.problems[0] if exc.problems else f"{path}: error: cannot load"

    choices = scenario_choices(Path(setup.source), [builtin_path()])
    return open_start(setup, choices, load, args.size, args.windowed, args.theme)


def bind_room(args: argparse.Namespace):
    """With --room, take the room's address before anything opens: the bound server, or the
    exit code after saying why not (None and 0 without --room)."""
    if not args.room:
        if args.host is not None or args.port is not None:
            print("offsite play: error: --host and --port go with --room", file=sys.stderr)
            return None, USAGE
        return None, OK
    from game.room.server import RoomError, RoomServer

    if args.resume and args.port is None:  # the phones still hold the last address
        from game.room.keys import last_port

        first = Path(args.session) if args.session else last_session()
        port = last_port(first) if first is not None else None
        if port is not None:
            again = RoomServer(None, args.host, port)
            try:
                again.bind()
                return again, OK
            except RoomError:
                pass  # taken now: a free port (the phones scan the join screen again)
    server = RoomServer(None, args.host, args.port or 0)
    try:
        server.bind()
    except RoomError as exc:
        print(f"offsite play: error: {exc}", file=sys.stderr)
        return None, USAGE if exc.usage else FAILED
    return server, OK


def run(args: argparse.Namespace) -> int:
    """Open the window and play until it closes."""
    if args.seed is not None and args.seed < 0:
        print("offsite play: error: --seed must be 0 or more", file=sys.stderr)
        return USAGE
    if not 1 <= args.teams <= MAX_TEAMS:
        print(f"offsite play: error: --teams must be 1 to {MAX_TEAMS}", file=sys.stderr)
        return USAGE
    server, code = bind_room(args)
    if code != OK:
        return code
    try:
        return play(args, server)
    finally:
        if server is not None:
            server.stop()


def play(args: argparse.Namespace, server) -> int:
    """Open (or resume) the games, the room when `server` is bound, the window; play."""
    timer_percent, solo = args.timer, args.solo
    scenario_file = Path(args.scenario) if args.scenario and Path(args.scenario).exists() else None
    try:
        if args.resume:
            states, writers, names, notes = resumed_games(args)
            for note in notes:
                print(note, file=sys.stderr)
        else:
            scenario = load_or_report(args.scenario)
            if scenario is None:
                return FAILED
            try:
                setup = setup_from_args(args, scenario)
            except SetupError as exc:
                print(f"offsite play: error: {exc}", file=sys.stderr)
                return USAGE
            if not args.no_start_screen and not args.frames:
                from game.ui.launch import NoScreen

                try:
                    setup = choose_on_screen(args, setup)
                except NoScreen as exc:
                    print(f"offsite play: error: {exc}", file=sys.stderr)
                    return FAILED
                if setup is None:
                    print("offsite play: left the start screen; nothing was saved")
                    return OK
            states, writers, names = new_games(args, setup)
            timer_percent, solo = setup.timer_percent, setup.solo
            scenario_file = scenario_path(setup.source)
    except (SessionError, FileExistsError, OSError) as exc:
        print(
            str(exc) if isinstance(exc, SessionError) else f"{args.session}: error: {exc}",
            file=sys.stderr,
        )
        return FAILED
    if args.watch and (not args.scenario or not Path(args.scenario).is_file()):
        print("offsite play: error: --watch needs a scenario file to watch", file=sys.stderr)
        return USAGE
    from game.session.table import Table
    from game.ui.launch import NoScreen, open_app
    from game.ui.watch import Watch

    people = [role for role, by in states[0].seats if by == "person"]
    table = Table(
        states,
        names=names,
        writers=writers,
        solo=solo or (people[0] if len(people) == 1 else None),
        scenario_file=scenario_file,
    )
    table.timer_percent = timer_percent
    room = None
    if server is not None:
        from game.cli.room import open_room
        from game.room.server import RoomError

        try:
            room = open_room(server, table, writers[0].path)
        except RoomError as exc:
            print(f"offsite play: error: {exc}", file=sys.stderr)
            table.close()
            return FAILED
        print(f"room: {room.url} (room code {room.code})", flush=True)
    watch = Watch(Path(args.scenario)) if args.watch else None

    try:
        app = open_app(
            table,
            args.size,
            args.windowed,
            theme=args.theme,
            started=args.resume,
            watch=watch,
            room=room,
            private=args.private_window,
        )
    except NoScreen as exc:
        print(f"offsite play: error: {exc}", file=sys.stderr)
        table.close()
        return FAILED
    if args.resume:
        from game.ui.kept import restore_session

        restore_session(app, writers[0].path)  # selections, focus, timer, theme
    if not args.resume and not args.no_start_screen and not args.frames:
        app.start()  # the start screen was the title screen
    try:
        app.run(frames=args.frames)
    finally:
        if room is not None:
            room.stop()
        table.close()
    print(
        f"saved: {table.teams[0].writer.path}"  # (a --watch reload goes on in new files)
        + (f" (+{len(writers) - 1} team files)" if len(writers) > 1 else "")
    )
    return OK
