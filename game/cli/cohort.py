"""`offsite cohort`: the programme view over many session files (docs/cohort.md).

Reads the sessions with DuckDB (game/cohort), draws the charts headless (game/ui/cohort_charts)
and writes cohort.html, cohort.json, the CSV files and the charts into a folder, atomically:
the report is made in a temporary folder beside it and renamed into place, so a failure leaves
the old report or none. `--parquet DIR` writes the five tables as Parquet the same way.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from game.cli.common import FAILED, OK, USAGE
from game.cli.output import json_safe
from game.cohort import charts, figures, render, replayed, tables
from game.cohort.render import csv_text
from game.cohort.run import Cohort, Options, Usage, run


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "cohort",
        help="the programme view: what many teams did across many sessions (HTML, JSON, CSV)",
        description="Read many session files (files, folders, globs) with DuckDB and write the "
        "programme view into DIR: cohort.html (one self-contained page), cohort.json, a CSV "
        "file per figure, sessions.csv and the charts as PNG files. Finished games are read "
        "from the summary their file ends with; files without one are scored by replay (at "
        "most --replay N a run, cached). Broken, foreign and unfinished files are counted and "
        "listed, never fatal. See docs/cohort.md.",
        epilog="Exit codes: 0 the report was written (files left out are listed in it), 1 no "
        "session could be read or the output could not be written, 2 wrong usage.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="session files, folders or globs")
    p.add_argument(
        "-o", "--output", default="cohort", metavar="DIR", help="folder to write (default: cohort)"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="replace DIR (or the --parquet folder) if it is not empty",
    )
    p.add_argument(
        "--scenarios",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder (or file) of scenarios, found by their hash, for replaying sessions "
        "that have no summary (repeatable)",
    )
    p.add_argument(
        "--scenario",
        action="append",
        default=[],
        metavar="ID",
        help="keep only sessions of this scenario id (repeatable)",
    )
    p.add_argument(
        "--since",
        type=day,
        metavar="YYYY-MM-DD",
        help="keep only sessions played on or after this date",
    )
    p.add_argument(
        "--until",
        type=day,
        metavar="YYYY-MM-DD",
        help="keep only sessions played on or before this date",
    )
    p.add_argument(
        "--pressure",
        action="append",
        default=[],
        metavar="LEVEL",
        help="keep only sessions played at this pressure (repeatable)",
    )
    p.add_argument(
        "--before",
        metavar="DATE|DIR",
        help="the 'before' group: sessions played before DATE, or in DIR",
    )
    p.add_argument(
        "--after",
        metavar="DATE|DIR",
        help="the 'after' group: sessions played on or after DATE, or in DIR",
    )
    p.add_argument(
        "--cohort-by",
        choices=("folder", "month"),
        default="folder",
        help="what a cohort is: the session file's folder (default) or the month it was played in",
    )
    p.add_argument(
        "--anonymise",
        action="store_true",
        help="leave out team names, folders, file paths and free text; keep roles",
    )
    p.add_argument(
        "--parquet", metavar="DIR", help="also write the five tables as Parquet files into DIR"
    )
    p.add_argument(
        "--replay",
        type=count,
        default=500,
        metavar="N",
        help="score at most N files without a summary by replay (default 500)",
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="do not read or keep replayed summaries in the user's cache folder",
    )
    p.add_argument(
        "--memory",
        default="1GB",
        type=memory,
        metavar="SIZE",
        help="DuckDB's memory limit; beyond it, it spills to a temporary folder (default 1GB)",
    )
    p.add_argument(
        "--threads", type=threads, default=2, metavar="N", help="DuckDB's threads (default 2)"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bars on stderr")
    p.add_argument(
        "--json",
        action="store_true",
        help="print cohort.json to stdout (the file list goes to stderr)",
    )
    p.set_defaults(run=main)


def day(value: str) -> date:
    """A YYYY-MM-DD date argument."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def count(value: str) -> int:
    """A whole number, 0 or more."""
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number, 0 or more")
    return n


def threads(value: str) -> int:
    """A number of threads, 1 or more."""
    n = count(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"'{value}': at least 1 thread")
    return n


MEMORY = re.compile(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


def memory(value: str) -> str:
    """A memory size DuckDB reads, such as 512MB or 2GB."""
    if not MEMORY.fullmatch(value.strip()):
        raise argparse.ArgumentTypeError(f"'{value}' is not a size such as 512MB or 2GB")
    return value.strip()


def options(args: argparse.Namespace) -> Options:
    """The run's options from the command line."""
    return Options(
        paths=list(args.paths),
        scenarios=[Path(s) for s in args.scenarios],
        only=list(args.scenario),
        since=args.since,
        until=args.until,
        pressures=list(args.pressure),
        before=args.before,
        after=args.after,
        cohort_by=args.cohort_by,
        anonymise=args.anonymise,
        replay_limit=args.replay,
        cache=None if args.no_cache else replayed.cache_dir(),
        memory=args.memory,
        threads=max(args.threads, 1),
        progress=False if args.no_progress else None,
    )


def check_output(folder: Path, force: bool) -> str | None:
    """Why `folder` may not be written, or None."""
    if folder.exists() and not folder.is_dir():
        return f"{folder}: error: not a folder"
    if folder.is_dir() and any(folder.iterdir()) and not force:
        return f"{folder}: error: the folder is not empty; add --force to replace it"
    return None


def write_folder(folder: Path, fill: Callable[[Path], list[str]]) -> list[Path]:
    """Make the folder's content in a temporary folder beside it, then put it in place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        names = fill(temp)
        old = None
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}-old-", dir=folder.parent))
            folder.rename(old / folder.name)
        temp.rename(folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return [folder / name for name in names]


def report_files(cohort: Cohort, images: dict[str, bytes], generated: str) -> dict[str, bytes]:
    """Every file of the report by name."""
    out = {
        "cohort.html": render.render_html(cohort, images, generated).encode("utf-8"),
        "cohort.json": render.render_json(cohort, sorted(images), generated).encode("utf-8"),
    }
    sessions = figures.rows(
        cohort.con,
        "SELECT s.*, c.* EXCLUDE (session) FROM sessions s LEFT JOIN scores c USING (session) "
        "ORDER BY s.session",
    )
    out["sessions.csv"] = csv_text(sessions).encode("utf-8")
    for name, text in render.csv_files(cohort).items():
        out[name] = text.encode("utf-8")
    out.update(images)
    return out


def main(args: argparse.Namespace) -> int:
    """Read the sessions, work out the figures, write the report (and the Parquet tables)."""
    folder = Path(args.output)
    parquet = Path(args.parquet) if args.parquet else None
    for target in (folder, parquet):
        problem = check_output(target, args.force) if target else None
        if problem:
            print(problem, file=sys.stderr)
            return FAILED
    with tempfile.TemporaryDirectory(prefix="offsite-cohort-") as work:
        try:
            cohort = run(options(args), Path(work))
        except Usage as exc:
            print(f"offsite cohort: error: {exc}", file=sys.stderr)
            return USAGE
        except duckdb.Error as exc:
            reason = str(exc).splitlines()[0]
            print(
                f"offsite cohort: error: DuckDB could not read the sessions ({reason})",
                file=sys.stderr,
            )
            return FAILED
        if cohort.read == 0:
            for p in cohort.problems[:20]:
                print(p.message, file=sys.stderr)
            print("offsite cohort: error: no session file could be read", file=sys.stderr)
            return FAILED
        for message in cohort.scenario_problems:
            print(f"note: scenario left out: {message}", file=sys.stderr)
        generated = render.now()
        try:
            images = charts.draw(cohort)
            files = report_files(cohort, images, generated)

            def fill(temp: Path) -> list[str]:
                for name, data in files.items():
                    (temp / name).write_bytes(data)
                return list(files)

            written = write_folder(folder, fill)
            if parquet is not None:
                written += write_folder(
                    parquet,
                    lambda temp: [p.name for p in tables.export(cohort.con, temp, "parquet")],
                )
        except OSError as exc:
            where = exc.filename or folder
            print(f"{where}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return FAILED
        finally:
            cohort.con.close()
    out = sys.stderr if args.json else sys.stdout
    o = cohort.overview
    print(
        f"{cohort.read:,} sessions read, {cohort.kept:,} kept, {o['finished']:,} finished "
        f"({o['from_summary']:,} from their summary, {o['from_replay']:,} by replay); "
        f"{len(cohort.problems):,} files left out or not scored (listed in the report)",
        file=sys.stderr,
    )
    for path in written:
        print(path, file=out)
    if args.json:
        sys.stdout.write(json_safe(files["cohort.json"].decode("utf-8")))
    return OK
