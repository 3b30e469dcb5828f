"""`offsite report`: the debrief of finished sessions as HTML, Markdown, JSON and PNG charts.

The report package builds the data and the text without pygame; the charts need pygame, so
they come from game.ui.charts, and this command composes the two (docs/report.md, "Code";
docs/architecture.md: the CLI is the layer that may import both).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.cli.common import FAILED, OK, scenario_path
from game.cli.output import json_safe
from game.report import Report, build, unfinished
from game.report.html import render_html
from game.report.jsonout import render_json
from game.report.markdown import render_markdown
from game.scenario import ScenarioError, is_builtin, load_scenario
from game.session.atomic import new_folder
from game.session.log import SessionError, load
from game.session.resume import Resumed, resume


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "report",
        help="write the debrief of finished sessions: report.html, report.md, report.json, PNGs",
        description="Replay finished session files and write their debrief into DIR: "
        "report.html (one self-contained page to send to the client), report.md, report.json "
        "and the charts as PNG files. With several sessions (several teams, or several games "
        "of one scenario) the report compares them.",
    )
    p.add_argument("sessions", nargs="+", metavar="SESSION", help="finished session files")
    p.add_argument(
        "-o", "--output", default="report", metavar="DIR", help="folder to write (default: report)"
    )
    p.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="SCENARIO",
        help="the scenario file of sessions not played on a built-in scenario (repeatable)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace the report already in DIR (a folder holding other files is never replaced)",
    )
    p.add_argument("--json", action="store_true", help="print report.json to stdout too")
    p.set_defaults(run=run)


def scenario_files(args: argparse.Namespace) -> dict[str, Path]:
    """The --scenario files by their scenario id (ScenarioError when one is broken)."""
    found = {}
    for arg in args.scenario:
        path = scenario_path(arg)
        found[load_scenario(path).meta.id] = path
    return found


def load_game(path: Path, given: dict[str, Path]) -> Resumed:
    """Replay one session file; SessionError (one line) when it cannot be reported on."""
    header = load(path)[0]
    scenario = header["scenario"]
    if scenario not in given and not is_builtin(scenario):
        raise SessionError(
            f"{path}:1: error: the session was played on scenario '{scenario}', which is not "
            "built in: give its file with --scenario FILE"
        )
    game = resume(path, given.get(scenario), option="with --scenario FILE", rebase_option=None)
    for note in game.notes:
        print(note, file=sys.stderr)
    problem = unfinished(game)
    if problem:
        raise SessionError(problem)
    return game


def draw_charts(report: Report) -> dict[str, bytes]:
    """Every chart the report names, as PNG bytes by file name (drawn headless)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.ui import charts

    images = {}
    for s in report.sessions:
        images[s.charts["scores"]] = charts.scores_png([(s.name, s.scores)])
        images[s.charts["watermelon"]] = charts.watermelon_png(s.key_results, s.grid_weeks)
        images[s.charts["timeline"]] = charts.timeline_png(s.key_results, s.weeks)
    if report.comparison_chart:
        series = [(s.name, s.scores) for s in report.compared]
        images[report.comparison_chart] = charts.scores_png(series)
    return images


TEXTS = ("report.html", "report.md", "report.json")


def is_report_file(name: str) -> bool:
    """Whether a report writes a file of this name (its three texts and its PNG charts)."""
    return name in TEXTS or name.endswith(".png")


def listed(names: list[str], most: int = 6) -> str:
    """`a, b, c and 4 more`."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def folder_problem(folder: Path, force: bool) -> str | None:
    """Why the report may not be written into `folder`, or None. A report replaces its whole
    folder, so a folder already holding one needs --force, and a folder holding anything a
    report does not write is never replaced (nothing the user saved there is lost)."""
    if folder.exists() and not folder.is_dir():
        return f"{folder}: error: not a folder: give -o the folder to write the report into"
    if not folder.is_dir():
        return None
    there = sorted(p.name for p in folder.iterdir())
    foreign = [name for name in there if not is_report_file(name)]
    if foreign:
        return (
            f"{folder}: error: the folder holds files a report does not write "
            f"({listed(foreign)}); a report replaces its whole folder: choose another -o DIR"
        )
    if there and not force:
        return (
            f"{folder}: error: the folder already holds a report ({listed(there)}): pass "
            "--force to replace it, or choose another -o DIR"
        )
    return None


def write_bytes(path: Path, data: bytes) -> None:
    """One file of the report, inside the temporary folder it is built in."""
    with open(path, "xb") as file:
        file.write(data)


def write(report: Report, images: dict[str, bytes], folder: Path) -> list[Path]:
    """Write the report's files into a temporary folder beside `folder`, then swap it in
    (game.session.atomic.new_folder): a failure — a full disk — leaves the old report, or
    nothing. The paths written."""
    texts = {
        "report.html": render_html(report, images),
        "report.md": render_markdown(report),
        "report.json": render_json(report),
    }
    contents = {name: text.encode("utf-8") for name, text in texts.items()} | images
    with new_folder(folder) as building:
        for name, data in contents.items():
            write_bytes(building / name, data)
    return [folder / name for name in contents]


def run(args: argparse.Namespace) -> int:
    """Replay the sessions, build the report and write it."""
    try:
        given = scenario_files(args)
        games = [load_game(Path(arg), given) for arg in args.sessions]
    except SessionError as exc:
        print(exc, file=sys.stderr)
        return FAILED
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return FAILED
    folder = Path(args.output)
    problem = folder_problem(folder, args.force)
    if problem:
        print(problem, file=sys.stderr)
        return FAILED
    replaced = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    report = build(games)
    try:
        written = write(report, draw_charts(report), folder)
    except OSError as exc:
        where = exc.filename or folder
        kept = "the report already there is as it was" if replaced else "nothing was written"
        print(f"{where}: error: cannot write: {exc.strerror or exc} ({kept})", file=sys.stderr)
        return FAILED
    out = sys.stderr if args.json else sys.stdout  # --json: stdout is the JSON alone
    if replaced:
        print(f"replaced the report in {folder} ({listed(replaced)})", file=out)
    for path in written:
        print(path, file=out)
    if args.json:
        print(json_safe(render_json(report)), end="")
    return OK
