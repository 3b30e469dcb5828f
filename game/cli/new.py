"""`offsite new NAME [--levels N] [--roles ...] [-o DIR] [--force]`: a skeleton and its schema."""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path

from game.cli import skeleton
from game.cli.common import FAILED, OK, USAGE
from game.cli.skeleton import LevelSpec, RoleSpec
from game.scenario.schema import schema_text
from game.session.atomic import write_file

NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
GUIDE = "docs/authoring.md"


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "new",
        help="write a scenario skeleton to start from (valid, commented, playable)",
        description="Write DIR/NAME.yaml, a small commented scenario that passes "
        "`offsite validate --strict` and can be played at once, and DIR/schema.json beside it "
        "for your editor. NAME becomes the file name and the scenario's id. The guide: "
        f"{GUIDE}.",
    )
    p.add_argument(
        "name",
        metavar="NAME",
        help="the scenario's id and file name: lower-case letters, digits and _",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        default=".",
        help="the folder to write into (default: the current one; created if missing)",
    )
    p.add_argument(
        "--levels",
        metavar="N|ID:TITLE,...",
        help="the organisation's levels, from the top down: a number from 2 to 5 (ids top, leads, "
        "managers, teams, front_line) or ID:TITLE pairs, such as "
        "'top:Vice-chancellor,faculties:Deans,departments:Heads of department' (default: 2)",
    )
    p.add_argument(
        "--roles",
        metavar="ID:TITLE:LEVEL[:REPORTS_TO],...",
        help="every role, such as 'vc:Vice-Chancellor:1,dean_sci:Dean of Science:2,"
        "head_physics:Head of Physics:3'. LEVEL is a level's number (1 is the top) or id; a "
        "role reports to the first role on the level above unless REPORTS_TO names another. "
        "Every objective gets a commented card slot for each role below the top that the "
        "skeleton has no cards for (default: Example Co.'s chief executive and three leads, and "
        "one engineer on each level below)",
    )
    p.add_argument("--force", action="store_true", help="overwrite DIR/NAME.yaml if it exists")
    p.set_defaults(run=run)


def title_of(name: str) -> str:
    """A readable title from a NAME: `acme_widgets` -> `Acme Widgets`."""
    return " ".join(word.capitalize() for word in name.split("_") if word)


def render(
    name: str,
    title: str | None = None,
    levels: list[LevelSpec] | None = None,
    roles: list[RoleSpec] | None = None,
) -> str:
    """The skeleton scenario with its id and title filled in, for these levels and roles."""
    return skeleton.render(name, title or title_of(name), levels, roles)


class SpecError(ValueError):
    """A --levels or --roles value that cannot be used; the message says how to fix it."""


def parse_levels(text: str) -> list[LevelSpec]:
    """`3`, or `top:Board,leads:Deans,...`."""
    text = text.strip()
    if text.isdigit():
        n = int(text)
        if not 2 <= n <= skeleton.MAX_LEVELS:
            raise SpecError(f"--levels {n}: a scenario has 2 to {skeleton.MAX_LEVELS} levels")
        return skeleton.default_levels(n)
    levels = []
    for item in text.split(","):
        level_id, sep, title = item.strip().partition(":")
        if not sep or not title.strip():
            raise SpecError(
                f"--levels: {item.strip()!r} is not ID:TITLE: give a number (--levels 3) or "
                "pairs such as 'top:Board,faculties:Deans'"
            )
        _check_id("--levels", level_id)
        _check_title("--levels", level_id, title)
        levels.append(LevelSpec(level_id, title.strip()))
    if not 2 <= len(levels) <= skeleton.MAX_LEVELS:
        raise SpecError(f"--levels: {len(levels)} levels; a scenario has 2 to 5")
    if len({lv.id for lv in levels}) < len(levels):
        raise SpecError("--levels: two levels share an id: give each its own")
    return levels


def _check_id(option: str, value: str) -> None:
    if not NAME.match(value):
        raise SpecError(
            f"{option}: {value!r} is not a valid id: use lower-case letters, digits and _, "
            f"starting with a letter, such as '{suggest(value)}'"
        )


def _check_title(option: str, owner: str, title: str) -> None:
    if not title.strip() or len(title.strip()) > 40:
        raise SpecError(f"{option}: the title of '{owner}' must be 1 to 40 characters")


def parse_roles(
    text: str, levels: list[LevelSpec] | None
) -> tuple[list[LevelSpec], list[RoleSpec]]:
    """`id:Title:LEVEL[:REPORTS_TO],...`; the levels are inferred when --levels was not given."""
    rows = []
    for item in (i.strip() for i in text.split(",")):
        bits = [b.strip() for b in item.split(":")]
        if len(bits) not in (3, 4) or not all(bits):
            raise SpecError(
                f"--roles: {item!r} is not ID:TITLE:LEVEL[:REPORTS_TO], such as "
                "'dean_sci:Dean of Science:2' (a title cannot hold ':' or ',')"
            )
        _check_id("--roles", bits[0])
        _check_title("--roles", bits[0], bits[1])
        rows.append(bits)
    if levels is None:
        deepest = max((int(b[2]) for b in rows if b[2].isdigit()), default=2)
        levels = skeleton.default_levels(min(max(deepest, 2), skeleton.MAX_LEVELS))
    by_id = {lv.id: n for n, lv in enumerate(levels)}
    roles = []
    for bits in rows:
        level = bits[2]
        if level.isdigit() and 1 <= int(level) <= len(levels):
            depth = int(level) - 1
        elif level in by_id:
            depth = by_id[level]
        else:
            ids = ", ".join(lv.id for lv in levels)
            raise SpecError(
                f"--roles: '{bits[0]}' is on level {level!r}, which is not one of 1 to "
                f"{len(levels)} ({ids})"
            )
        roles.append(RoleSpec(bits[0], bits[1], depth, bits[3] if len(bits) == 4 else None))
    _check_cast(levels, roles)
    return levels, roles


def _check_cast(levels: list[LevelSpec], roles: list[RoleSpec]) -> None:
    ids = [r.id for r in roles]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise SpecError(f"--roles: the role id {twice[0]!r} is used twice: give each its own")
    depth = {r.id: r.level for r in roles}
    for n, lv in enumerate(levels):
        if n not in depth.values():
            raise SpecError(
                f"--roles: no role sits on level {n + 1} ('{lv.id}'): add one, such as "
                f"'{lv.id}_lead:{lv.title}:{n + 1}'"
            )
    for r in roles:
        if r.reports_to is None:
            continue
        if r.level == 0:
            raise SpecError(f"--roles: '{r.id}' is on the top level and reports to no one")
        if depth.get(r.reports_to) != r.level - 1:
            above = ", ".join(x.id for x in roles if x.level == r.level - 1)
            raise SpecError(
                f"--roles: '{r.id}' reports to {r.reports_to!r}, which is not a role on the "
                f"level directly above (one of: {above})"
            )


def suggest(name: str) -> str:
    """The nearest valid NAME to a bad one, for the hint."""
    stem = re.sub(r"\.ya?ml$", "", Path(name).name, flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")
    if slug and not slug[0].isalpha():
        slug = f"s_{slug}"
    return slug[:48].rstrip("_") or "my_scenario"


def _write(path: Path, text: str) -> bool:
    """Write the text unless the file already holds it; True when written."""
    if path.is_file() and path.read_bytes() == text.encode("utf-8"):
        return False
    write_file(path, text)  # a temporary file renamed: the old file or the whole new one
    return True


def run(args: argparse.Namespace) -> int:
    """Check NAME, write the skeleton and the schema, and say what to do next."""
    if not NAME.match(args.name):
        print(
            f"offsite new: error: {args.name!r} is not a valid NAME: use lower-case letters, "
            f"digits and _, starting with a letter (48 characters at most), such as "
            f"'{suggest(args.name)}'",
            file=sys.stderr,
        )
        return USAGE
    folder = Path(args.output)
    scenario = folder / f"{args.name}.yaml"
    schema = folder / "schema.json"
    if folder.exists() and not folder.is_dir():
        print(f"{folder}: error: not a folder: give -o the folder to write into", file=sys.stderr)
        return FAILED
    if scenario.exists() and not args.force:
        print(
            f"{scenario}: error: the file already exists: choose another NAME or -o DIR, or "
            "pass --force to overwrite it",
            file=sys.stderr,
        )
        return FAILED
    try:
        levels = parse_levels(args.levels) if args.levels else None
        if args.roles:
            levels, roles = parse_roles(args.roles, levels)
        else:
            roles = None
    except SpecError as exc:
        print(f"offsite new: error: {exc}", file=sys.stderr)
        return USAGE
    text = render(args.name, levels=levels, roles=roles)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_file(scenario, text, overwrite=args.force)  # never over a file made meanwhile
        schema_written = _write(schema, schema_text())
    except FileExistsError:
        print(f"{scenario}: error: the file was made meanwhile: pass --force", file=sys.stderr)
        return FAILED
    except OSError as exc:
        where = exc.filename or folder
        print(f"{where}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return FAILED
    print(f"wrote {scenario}: a commented scenario skeleton (Example Co., made up) to edit")
    state = "wrote" if schema_written else "kept"
    print(f"{state} {schema}: the JSON Schema your editor checks the file against")
    file = shlex.quote(str(scenario))
    slots = skeleton.slots_of(text)
    if slots:
        print(
            f"{slots} translation card slots are commented out, for roles Example Co. has no "
            f"cards for: write them (offsite validate {file} lists each one, at its line)"
        )
    steps = [
        (f"offsite validate --strict {file}", "check it after every edit"),
        (f"offsite autoplay {file}", "read a game the bots play on it"),
        (f"offsite play {file} --windowed", "play it by hand"),
        (f"offsite balance {file} --runs 200", "check that honesty still pays"),
    ]
    width = max(len(command) for command, _ in steps)
    print("\nNext:")
    for command, why in steps:
        print(f"  {command:<{width}}   {why}")
    print(f"\nThe guide, from this skeleton to a balanced scenario: {GUIDE}")
    return OK
