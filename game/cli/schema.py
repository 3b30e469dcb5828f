"""`offsite schema [-o FILE]`: print or write the JSON Schema of scenario files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.cli.common import FAILED, OK
from game.scenario.schema import schema_text
from game.session.atomic import write_file


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "schema",
        help="print the JSON Schema of scenario files (for editors)",
        description="Print the JSON Schema (draft 2020-12) that scenario files follow. Point your "
        "editor at it with '# yaml-language-server: $schema=schema.json' on a file's first line.",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write it to FILE instead of stdout")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print or write the schema."""
    text = schema_text()
    if not args.output:
        sys.stdout.write(text)
        return OK
    try:
        write_file(Path(args.output), text)  # a temporary file renamed: old or new, whole
    except OSError as exc:
        print(f"{args.output}: error: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return FAILED
    print(f"wrote {args.output}")
    return OK
