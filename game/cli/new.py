"""`offsite new NAME [-o DIR] [--force]`: write a commented scenario skeleton and its schema."""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from importlib import resources
from pathlib import Path

from game.cli.common import FAILED, OK, USAGE
from game.scenario.schema import schema_text

NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
TEMPLATE = "skeleton.yaml.tmpl"
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
    p.add_argument("--force", action="store_true", help="overwrite DIR/NAME.yaml if it exists")
    p.set_defaults(run=run)


def title_of(name: str) -> str:
    """A readable title from a NAME: `acme_widgets` -> `Acme Widgets`."""
    return " ".join(word.capitalize() for word in name.split("_") if word)


def render(name: str, title: str | None = None) -> str:
    """The skeleton scenario with its id and title filled in."""
    template = resources.files("game.scenario") / "builtin" / TEMPLATE
    text = template.read_text(encoding="utf-8")
    return text.replace("{{id}}", name).replace("{{title}}", title or title_of(name))


def suggest(name: str) -> str:
    """The nearest valid NAME to a bad one, for the hint."""
    stem = re.sub(r"\.ya?ml$", "", Path(name).name, flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")
    if slug and not slug[0].isalpha():
        slug = f"s_{slug}"
    return slug[:48].rstrip("_") or "my_scenario"


def _write(path: Path, text: str) -> bool:
    """Write the text unless the file already holds it; True when written."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
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
        folder.mkdir(parents=True, exist_ok=True)
        scenario.write_text(render(args.name), encoding="utf-8")
        schema_written = _write(schema, schema_text())
    except OSError as exc:
        where = exc.filename or folder
        print(f"{where}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return FAILED
    print(f"wrote {scenario}: a commented scenario skeleton (Example Co., made up) to edit")
    state = "wrote" if schema_written else "kept"
    print(f"{state} {schema}: the JSON Schema your editor checks the file against")
    file = shlex.quote(str(scenario))
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
