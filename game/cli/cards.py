"""`offsite cards FILE [--objective ID] [--role ROLE]`: write the missing translation cards' slots.

Every objective needs, for every role below the top, one real translation and one weaker card
(docs/authoring.md, section 4). This command writes a TODO card for each one missing — or
uncomments the slot `offsite new` left for it — into the file itself, at the right place and
indentation, touching no other line. The file is re-read before it is replaced: if the result
would not load, nothing is written. `offsite validate` then points at each TODO to write.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from game.cli.common import FAILED, OK, USAGE
from game.cli.skeleton import card_line, todo_cards
from game.scenario import Scenario, ScenarioError
from game.scenario.loader import parse_scenario
from game.scenario.yamlsafe import SourceMap

WEAKER = ("vague", "misaligned")


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "cards",
        help="write TODO translation cards wherever a role below the top has none",
        description="For every objective and every role below the top that lacks a real "
        "translation card or a weaker one (vague or misaligned), write a TODO card into FILE "
        "(or uncomment the slot `offsite new` wrote), then list what to write. Only those lines "
        "change; nothing is written if the result would not load.",
    )
    p.add_argument("file", metavar="FILE", help="the scenario file to add cards to")
    p.add_argument("--objective", action="append", metavar="ID", help="only this objective")
    p.add_argument("--role", action="append", metavar="ROLE", help="only this role")
    p.set_defaults(run=run)


@dataclass(frozen=True)
class Missing:
    """The cards one role lacks on one objective."""

    objective: int
    role: str
    qualities: tuple[str, ...]  # "translation", "vague" (the weaker one written as vague)


def missing_cards(s: Scenario) -> list[Missing]:
    """Every objective × role below the top without a real card or without a weaker one."""
    top = s.levels[0].id
    found = []
    for i, o in enumerate(s.objectives):
        for r in s.roles:
            if r.level == top:
                continue
            cards = o.translations.get(r.id, [])
            need = []
            if not any(c.quality == "translation" for c in cards):
                need.append("translation")
            if not any(c.quality in WEAKER for c in cards):
                need.append("vague")
            if need:
                found.append(Missing(i, r.id, tuple(need)))
    return found


def command(file: str, objective: str, role: str) -> str:
    """The command line that writes one role's missing cards on one objective."""
    return f"offsite cards {shlex.quote(file)} --objective {objective} --role {role}"


class CannotPlace(Exception):
    """The file's layout leaves no safe place for the cards; the message says why."""


def _column_of_dash(line: str, column: int) -> int:
    """The 0-based column of the `- ` that starts the list item whose value is at `column`."""
    start = column - 1
    if line[:start].rstrip().endswith("-") and line[: start - 2].strip() == "":
        return start - 2
    raise CannotPlace("its cards are not a list of '- ' lines")


def _slot(lines: list[str], first: int, last: int, role: str) -> tuple[int, int] | None:
    """The commented slot of `role` between two lines (0-based), as (start, end) lines."""
    for n in range(first, min(last, len(lines))):
        if re.match(rf"^\s*# {re.escape(role)}:\s*$", lines[n]):
            end = n + 1
            while end < len(lines) and re.match(r'^\s*#\s+- \{label: "TODO:', lines[end]):
                end += 1
            if end > n + 1:
                start = n  # the slot's explanation above it goes too
                while start > first and lines[start - 1].lstrip().startswith(
                    (f"# {role} (", "# and one weaker card", "# (docs/authoring.md")
                ):
                    start -= 1
                return start, end
    return None


def _uncomment(row: str) -> str:
    return re.sub(r"^(\s*)# ", r"\1", row, count=1)


def plan(
    s: Scenario, source: SourceMap, lines: list[str], want: list[Missing]
) -> list[tuple[int, int, list[str]]]:
    """The edits, as (first line, end line, new lines), 0-based, in the order they apply."""
    titles = {r.id: r.title for r in s.roles}
    starts = sorted(source.values[("objectives", i)][0] - 1 for i in range(len(s.objectives)))
    edits = []
    for m in want:
        o = s.objectives[m.objective]
        where = ("objectives", m.objective)
        first = source.values[where][0] - 1
        after = [x for x in starts if x > first]
        last = after[0] if after else len(lines)
        todo = [c for c in todo_cards(m.role, titles[m.role]) if c["quality"] in m.qualities]
        key = (*where, "translations")
        if m.role in o.translations:
            items = (*key, m.role, 0)
            line, column = source.values[items]
            dash = _column_of_dash(lines[line - 1], column)
            rows = [card_line(c, " " * dash) for c in todo]
            edits.append((line - 1, line - 1, rows))
            continue
        if key in source.keys and o.translations:
            slot = _slot(lines, first, last, m.role)
            if slot is not None and len(todo) == 2:
                start, end = slot
                rows = [_uncomment(r) for r in lines[start:end] if not r.lstrip().startswith("# (")]
                rows = [r for r in rows if r.lstrip().startswith((f"{m.role}:", "- {"))]
                edits.append((start, end, rows))
                continue
            roles = [p for p in source.keys if p[:-1] == key]
            line, column = min(source.keys[p] for p in roles)
            if lines[line - 1][: column - 1].strip():
                raise CannotPlace("its translations are written as {…} on one line")
            indent = " " * (column - 1)
            rows = [f"{indent}{m.role}:\n"] + [card_line(c, indent + "  ") for c in todo]
            edits.append((line - 1, line - 1, rows))
            continue
        if key in source.keys:
            raise CannotPlace("its translations are empty ({}): write them as a mapping")
        line, column = source.keys[(*where, "id")]
        if (
            lines[line - 1][: column - 1].strip() not in ("", "-")
            or source.values[(*where, "id")][0] != line
        ):
            raise CannotPlace("it is written as {…}: write its fields one per line")
        indent = " " * (column - 1)
        rows = [f"{indent}translations:\n", f"{indent}  {m.role}:\n"]
        rows += [card_line(c, indent + "    ") for c in todo]
        edits.append((line, line, rows))
    return edits


def apply(lines: list[str], edits: list[tuple[int, int, list[str]]]) -> list[str]:
    """The lines with every edit made, bottom first so earlier line numbers stay right."""
    out = list(lines)
    for start, end, rows in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out[start:end] = rows
    return out


def write_atomically(path: Path, text: str) -> None:
    """Replace the file in one step, so a crash never leaves half a scenario."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    """Find the missing cards, write them, and say what to write next."""
    path = Path(args.file)
    try:
        raw = path.read_bytes()
        s, source = parse_scenario(raw, str(path))
    except OSError as exc:
        print(f"{path}: error: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return FAILED
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{path}: fix the errors first: cards are added to a valid file", file=sys.stderr)
        return FAILED
    known_roles = {r.id for r in s.roles if r.level != s.levels[0].id}
    known_objectives = {o.id for o in s.objectives}
    for option, given, known in (
        ("--role", args.role, known_roles),
        ("--objective", args.objective, known_objectives),
    ):
        unknown = sorted(set(given or ()) - known)
        if unknown:
            what = "roles below the top" if option == "--role" else "objectives"
            print(
                f"offsite cards: error: {option} {unknown[0]!r} is not one of the {what}: "
                + ", ".join(sorted(known)),
                file=sys.stderr,
            )
            return USAGE
    want = [
        m
        for m in missing_cards(s)
        if (not args.role or m.role in args.role)
        and (not args.objective or s.objectives[m.objective].id in args.objective)
    ]
    if not want:
        print(f"{path}: every role below the top has its cards: nothing to add")
        return OK
    text = raw.decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    try:
        edits = plan(s, source, lines, want)
    except CannotPlace as exc:
        print(f"{path}: error: cannot place the cards: {exc}", file=sys.stderr)
        return FAILED
    new_text = "".join(apply(lines, edits))
    try:
        after, _ = parse_scenario(new_text.encode("utf-8"), str(path))
    except ScenarioError as exc:
        print(
            f"{path}: error: the cards would break the file, so nothing was written "
            f"({exc.problems[0].message}): add them by hand",
            file=sys.stderr,
        )
        return FAILED
    left = {(m.objective, m.role) for m in missing_cards(after)}
    written = [m for m in want if (m.objective, m.role) not in left]
    try:
        write_atomically(path, new_text)
    except OSError as exc:
        print(f"{path}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return FAILED
    count = sum(len(m.qualities) for m in written)
    print(f"wrote {count} TODO card{'s' if count != 1 else ''} into {path}:")
    for m in written:
        print(f"  {s.objectives[m.objective].id} × {m.role}: {', '.join(m.qualities)}")
    print(f"Write each one: offsite validate {shlex.quote(str(path))} points at every TODO.")
    return OK
