"""`offsite screenshot`: render every screen headless to PNG files."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.cli.common import FAILED, OK, USAGE, add_scenario_argument, load_or_report


def parse_size(text: str) -> tuple[int, int]:
    """'1920x1080' -> (1920, 1080)."""
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT such as 1920x1080, got '{text}'"
        ) from None
    if not (640 <= w <= 7680 and 480 <= h <= 4320):
        raise argparse.ArgumentTypeError(f"{w}x{h} is outside 640x480 … 7680x4320")
    return w, h


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "screenshot",
        help="render every screen headless to PNG (one file per scene)",
        description="Render each screen at a representative moment reached by the 'good' bot, "
        "headless, one PNG per scene named after it.",
    )
    add_scenario_argument(p)
    p.add_argument("--scene", default="all", help="a scene name, or 'all' (see --list)")
    p.add_argument(
        "--size", type=parse_size, default=(1920, 1080), help="WIDTHxHEIGHT (default 1920x1080)"
    )
    p.add_argument("-o", "--output", default="screenshots", help="folder for the PNG files")
    p.add_argument("--theme", choices=("light", "dark"), default="light")
    p.add_argument("--seed", type=int, default=1, help="the game's seed (default 1)")
    p.add_argument("--list", action="store_true", help="print the scene names and exit")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Render the scenes."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.ui.screenshot import SCENES, screenshot_all

    if args.list:
        print("\n".join(SCENES))
        return OK
    if args.seed < 0:
        print("offsite screenshot: error: --seed must be 0 or more", file=sys.stderr)
        return USAGE
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        print(
            f"{folder}: error: not a folder: give -o the folder for the PNG files", file=sys.stderr
        )
        return FAILED
    names = list(SCENES) if args.scene == "all" else [args.scene]
    unknown = [n for n in names if n not in SCENES]
    if unknown:
        print(
            f"offsite screenshot: error: unknown scene '{unknown[0]}' (see --list)", file=sys.stderr
        )
        return USAGE
    scenario = load_or_report(args.scenario)
    if scenario is None:
        return FAILED
    try:
        results = screenshot_all(scenario, names, args.size, folder, args.theme, args.seed)
    except OSError as exc:
        where = exc.filename or folder
        print(f"{where}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return FAILED
    missing = 0
    for name, path, note in results:
        if path is None:
            missing += 1
            print(f"{name}: not rendered: {note}", file=sys.stderr)
        else:
            print(path)
    return FAILED if missing else OK
