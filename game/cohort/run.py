"""The cohort, from paths to figures: find, screen, scan, check, replay, tabulate, compare.

`run` does every step of docs/cohort.md in order and returns the open DuckDB connection with
the five tables and the figures; nothing is written here (the CLI writes). A file that cannot
be used is a `Problem`, listed in the report; only a wrong argument stops the run.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
from tqdm import tqdm

from game.cohort import compare, figures, files, replayed, scenarios, tables
from game.cohort.files import Problem
from game.session.log import SessionError, load_all

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
KINDS = ("broken", "foreign", "missing", "no scenario", "unscored", "unfinished")


class Usage(ValueError):
    """A wrong option value: the CLI prints it and exits 2."""


@dataclass
class Options:
    """What `offsite cohort` was asked for (see its --help)."""

    paths: list[str]
    scenarios: list[Path] = field(default_factory=list)
    only: list[str] = field(default_factory=list)  # scenario ids to keep (none: all)
    since: date | None = None
    until: date | None = None
    pressures: list[str] = field(default_factory=list)
    before: str | None = None
    after: str | None = None
    cohort_by: str = "folder"
    anonymise: bool = False
    replay_limit: int = 500
    cache: Path | None = None
    memory: str = "1GB"
    threads: int = 2
    batch: int = 500
    progress: bool | None = None  # None: only on a terminal


@dataclass
class Cohort:
    """The tables (in `con`) and figures of a cohort, and every file that was left out."""

    con: duckdb.DuckDBPyConnection
    options: Options
    problems: list[Problem]
    read: int  # session files whose header was read
    kept: int  # of them, the sessions the filters keep
    overview: dict[str, Any]
    figures: dict[str, list[dict[str, Any]]]
    comparison: list[dict[str, Any]] | None
    groups: dict[str, str]  # "before"/"after": what each group is, in words
    scenario_problems: list[str]


def bar(items: Iterable[Any], options: Options, total: int, desc: str, unit: str) -> Any:
    """A tqdm progress bar on stderr (shown on a terminal unless switched off)."""
    disable = None if options.progress is None else not options.progress
    return tqdm(items, total=total, desc=desc, unit=unit, file=sys.stderr, disable=disable)


def group_condition(spec: str, column: str) -> tuple[str, list[Any], str]:
    """`--before`/`--after` SPEC as an SQL condition over a header row `h`, and in words."""
    if DATE.fullmatch(spec):
        try:
            day = date.fromisoformat(spec)
        except ValueError:
            raise Usage(f"--{column}: '{spec}' is not a date (YYYY-MM-DD)") from None
        op = "<" if column == "before" else ">="
        return (
            f"h.date {op} ?",
            [day],
            f"sessions played {column} {spec}"
            if op == "<"
            else (f"sessions played on or after {spec}"),
        )
    folder = Path(spec)
    if not folder.is_dir():
        raise Usage(f"--{column}: '{spec}' is neither a date (YYYY-MM-DD) nor a folder")
    prefix = str(folder.resolve()).rstrip(os.sep) + os.sep
    return "starts_with(h.abspath, ?)", [prefix], f"the sessions in {spec}"


def grouping(options: Options) -> tuple[tuple[str, list[Any]], dict[str, str]]:
    """The `compared` expression for `tables.build`, and each group in words."""
    if options.before is None and options.after is None:
        return ("NULL", []), {}
    parts: dict[str, tuple[str, list[Any], str]] = {}
    for name in ("before", "after"):
        spec = getattr(options, name)
        if spec is not None:
            parts[name] = group_condition(spec, name)
    if len(parts) == 1:
        (name, (sql, params, words)), other = next(iter(parts.items())), None
        other = "after" if name == "before" else "before"
        parts[other] = (f"NOT ({sql})", params, f"every other session (not {words})")
    b, a = parts["before"], parts["after"]
    expr = f"CASE WHEN {b[0]} THEN 'before' WHEN {a[0]} THEN 'after' END"
    return (expr, b[1] + a[1]), {"before": b[2], "after": a[2]}


def filters(options: Options) -> tuple[str, list[Any]]:
    """The WHERE clause over header rows for --scenario, --since, --until, --pressure."""
    where, params = ["TRUE"], []
    if options.only:
        where.append(f"h.scenario IN ({', '.join('?' for _ in options.only)})")
        params += options.only
    if options.since:
        where.append("h.date >= ?")
        params.append(options.since)
    if options.until:
        where.append("h.date <= ?")
        params.append(options.until)
    if options.pressures:
        where.append(f"h.pressure IN ({', '.join('?' for _ in options.pressures)})")
        params += options.pressures
    return " AND ".join(where), params


def scan_all(
    con: duckdb.DuckDBPyConnection, good: Sequence[Path], options: Options, problems: list
) -> set[str]:
    """Scan the files in batches; a batch DuckDB cannot read is read file by file, and a file
    it still cannot read is a problem. The files that could not be scanned."""
    failed: set[str] = set()
    names = [str(p) for p in good]
    with bar(None, options, len(names), "reading", "file") as progress:
        for start in range(0, len(names), options.batch):
            batch = names[start : start + options.batch]
            try:
                tables.scan(con, batch)
            except duckdb.Error:
                for name in batch:
                    try:
                        tables.scan(con, [name])
                    except duckdb.Error as exc:
                        failed.add(name)
                        reason = str(exc).splitlines()[0]
                        problems.append(
                            Problem(name, "broken", f"{name}: error: cannot be read ({reason})")
                        )
            progress.update(len(batch))
    return failed


def run(options: Options, temp: Path) -> Cohort:
    """Every step, with `temp` for DuckDB's spill files and the intermediate JSON Lines."""
    if options.replay_limit < 0:
        raise Usage("--replay: a number of files, 0 or more")
    compared, groups = grouping(options)
    where, params = filters(options)
    known = scenarios.find(options.scenarios)
    extra = [s for s in (options.before, options.after) if s and not DATE.fullmatch(s)]
    found = files.expand([*options.paths, *extra])
    problems = [
        Problem(arg, "missing", f"{arg}: error: no such file or folder (or the glob matched none)")
        for arg in found.missing
    ]
    headers = temp / "headers.jsonl"
    with headers.open("w", encoding="utf-8") as out:
        good = files.screen(
            bar(found.files, options, len(found.files), "headers", "file"), out, problems
        )
    spill = temp / "duckdb"
    spill.mkdir()
    con = tables.connect(spill, options.memory, options.threads)
    tables.create_lines(con)
    failed = scan_all(con, good, options, problems)
    tables.check(con)
    tables.load_headers(con, headers)
    status = {name: "broken" for name in failed}
    whole, damaged = tables.needing_replay(con)
    for name in damaged:  # the session package says exactly what is wrong, and where
        try:
            load_all(Path(name))
        except SessionError as exc:
            problems.append(Problem(name, "broken", str(exc)))
            status[name] = "broken"
            continue
        whole.append(name)  # e.g. a torn last line: what is whole may still be scored
    status.update(replay_some(sorted(whole), known, options, problems, temp, con))
    titles = {digest: s.meta.title for digest, s in known.by_hash.items()}
    tables.build(con, status, titles, where, params, options.cohort_by, options.anonymise, compared)
    read = con.execute("SELECT count(*) FROM headers").fetchone()[0]
    kept = con.execute("SELECT count(*) FROM sessions").fetchone()[0]
    figures.per_session(con)
    found_figures = {
        **{f"scores_by_{g}": figures.scores_by(con, g) for g in figures.GROUPS},
        **{f"speed_by_{g}": figures.speed_by(con, g) for g in ("cohort", "scenario")},
        **{f"naming_by_{g}": figures.naming_by(con, g) for g in figures.GROUPS},
        "watermelons_by_role": figures.watermelons_by_role(con),
        "watermelons_by_objective": figures.watermelons_by_objective(con),
        "candour_by_week": figures.candour_by_week(con),
        "teams": figures.teams(con),
    }
    comparison = compare.compare(con) if groups else None
    if options.anonymise:
        problems = [anonymous(p) for p in problems]
    problems.sort(key=lambda p: (KINDS.index(p.kind) if p.kind in KINDS else 99, p.file))
    return Cohort(
        con,
        options,
        problems,
        read,
        kept,
        figures.overview(con),
        found_figures,
        comparison,
        groups,
        known.problems,
    )


def replay_some(
    names: Sequence[str],
    known: scenarios.Known,
    options: Options,
    problems: list[Problem],
    temp: Path,
    con: duckdb.DuckDBPyConnection,
) -> dict[str, str]:
    """Score up to `replay_limit` files without a summary by replay; the status of the rest."""
    status: dict[str, str] = {}
    out_path = temp / "replayed.jsonl"
    todo, rest = names[: options.replay_limit], names[options.replay_limit :]
    with out_path.open("w", encoding="utf-8") as out:
        for name in bar(todo, options, len(todo), "replaying", "game"):
            outcome = replayed.replay(Path(name), known, options.cache)
            if outcome.summary is not None:
                out.write(json.dumps({"file": name, "summary": outcome.summary}) + "\n")
            else:
                status[name] = outcome.kind
                problems.append(Problem(name, outcome.kind, outcome.problem or name))
    for name in rest:
        status[name] = "unscored"
        problems.append(
            Problem(
                name,
                "unscored",
                f"{name}: note: no summary entry, and more than --replay "
                f"{options.replay_limit} such files: not scored (raise --replay to score it)",
            )
        )
    tables.load_replayed(con, out_path)
    return status


def anonymous(problem: Problem) -> Problem:
    """A problem with the file's folders left out (folder names may name a client or team)."""
    name = Path(problem.file).name
    return Problem(name, problem.kind, problem.message.replace(problem.file, name))
