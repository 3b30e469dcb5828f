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
        melons = [
            charts.MelonRow(
                k.label,
                {w: c for w, c, _ in k.reports},
                dict(k.forecasts),
                k.result,
                k.watermelon,
            )
            for k in s.key_results
        ]
        images[s.charts["watermelon"]] = charts.watermelon_png(melons, s.checkins)
        lines = [
            charts.TimelineRow(k.label, k.warning, k.named, k.certain, k.result)
            for k in s.key_results
        ]
        images[s.charts["timeline"]] = charts.timeline_png(lines, s.weeks)
    if report.comparison_chart:
        series = [(s.name, s.scores) for s in report.compared]
        images[report.comparison_chart] = charts.scores_png(series)
    return images


def write(report: Report, images: dict[str, bytes], folder: Path) -> list[Path]:
    """Write the report's files into `folder` (made if missing); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {
        "report.html": render_html(report, images),
        "report.md": render_markdown(report),
        "report.json": render_json(report),
    }
    written = []
    for name, content in texts.items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    for name, data in images.items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


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
    report = build(games)
    folder = Path(args.output)
    try:
        written = write(report, draw_charts(report), folder)
    except OSError as exc:
        where = exc.filename or folder
        print(f"{where}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return FAILED
    out = sys.stderr if args.json else sys.stdout  # --json: stdout is the JSON alone
    for path in written:
        print(path, file=out)
    if args.json:
        print(json_safe(render_json(report)), end="")
    return OK
