"""Sessions to report on, played once per test run; the command line run in this process."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli.main import main
from tests.conftest import FIXTURES
from tests.session.helpers import edit_header

TINY = FIXTURES / "good" / "tiny.yaml"
CREATED = "2026-01-01T09:00:00+00:00"  # a fixed start, so snapshots do not follow the clock


def offsite(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line in this process: (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def autoplay(folder: Path, name: str, *args: str) -> Path:
    """Play a game to the end into a session file with a fixed creation time."""
    path = folder / name
    assert main(["autoplay", *args, "--session", str(path), "--json"]) == 0
    edit_header(path, created=CREATED)  # resealed, as if the game had begun then
    return path
