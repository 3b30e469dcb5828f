"""A game killed with SIGKILL mid-quarter resumes to the very state an unbroken game reaches."""

from __future__ import annotations

import json
import subprocess
import sys

from game.engine import state_hash
from game.scenario import load_scenario
from game.session.autoplay import play
from tests.conftest import ROOT
from tests.killing import kill_once_written
from tests.session.helpers import offsite

# The real command, on a disk slowed by 3 ms a line so the test can catch it mid-game.
SLOW_DISK = """
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    real_fsync(fd)
    time.sleep(0.003)
os.fsync = slow_fsync
from game.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def count_lines(path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def test_sigkill_mid_game_then_resume_gives_the_uninterrupted_hash(tmp_path, capsys):
    path = tmp_path / "game.jsonl"
    args = ["autoplay", "--policy", "good", "--seed", "4", "--session", str(path), "--json"]
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_DISK, *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    kill_once_written(proc, lambda: count_lines(path) > 50, 60, "wrote 50 actions")
    killed = path.read_bytes()
    expected = play(load_scenario(), "good", 4)
    saved = killed.count(b"\n") - 1
    assert 50 <= saved < expected.version, "killed mid-game"

    # The scenario (built in), seed and policy come from the session's header.
    code, out, err = offsite(capsys, "autoplay", "--session", str(path), "--resume", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["state_hash"] == state_hash(expected)
    assert result["actions"] == expected.version
    assert path.read_bytes().startswith(killed[: killed.rfind(b"\n") + 1])  # no whole line lost
    code, out, _ = offsite(capsys, "replay", str(path), "--json")
    assert code == 0 and json.loads(out)["ok"] is True
