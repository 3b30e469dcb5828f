"""Running `offsite` in-process for session tests, and small edits of session files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli.main import main
from tests.conftest import FIXTURES

TINY = FIXTURES / "good" / "tiny.yaml"


def offsite(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line in this process: (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def lines(path: Path) -> list[str]:
    """The file's lines, newlines kept."""
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def edit_header(path: Path, **changes: object) -> None:
    """Change fields of a session's header line in place."""
    rows = lines(path)
    header = json.loads(rows[0])
    header.update(changes)
    rows[0] = json.dumps(header) + "\n"
    path.write_text("".join(rows), encoding="utf-8")


def action_lines(path: Path) -> list[str]:
    """The file's action lines: not the header, not the entries (the summary)."""
    return [row for row in lines(path)[1:] if not row.startswith('{"entry":')]


def logged_actions(path: Path) -> list[dict]:
    """The action dicts of a session file, in order."""
    return [json.loads(row)["action"] for row in action_lines(path)]
