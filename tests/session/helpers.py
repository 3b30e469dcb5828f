"""Running `offsite` in-process for session tests, and small edits of session files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli.main import main
from game.session.log import chain_of, sealed
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


def edit_header(path: Path, reseal: bool = True, **changes: object) -> None:
    """Change fields of a session's header line in place; with `reseal`, seal the file again
    as the program would have written it (a file from another version), else leave the old
    seal (a file edited by hand)."""
    rows = lines(path)
    header = json.loads(rows[0])
    header.update(changes)
    rows[0] = json.dumps(header) + "\n"
    path.write_text("".join(rows), encoding="utf-8")
    if reseal:
        reseal_file(path)


def reseal_file(path: Path) -> None:
    """Recompute a format 2 file's seal and chain after an edit, as a writer would have."""
    rows = lines(path)
    header = sealed(json.loads(rows[0]))
    out, link = [json.dumps(header) + "\n"], header.get("seal")
    for row in rows[1:]:
        if not row.endswith("\n"):
            out.append(row)  # a torn tail stays torn
            continue
        record = json.loads(row)
        if link is not None:
            link = record["chain"] = chain_of(link, record)
        out.append(json.dumps(record) + "\n")
    path.write_text("".join(out), encoding="utf-8")


def action_lines(path: Path) -> list[str]:
    """The file's action lines: not the header, not the entries (the summary)."""
    return [row for row in lines(path)[1:] if not row.startswith('{"entry":')]


def logged_actions(path: Path) -> list[dict]:
    """The action dicts of a session file, in order."""
    return [json.loads(row)["action"] for row in action_lines(path)]
