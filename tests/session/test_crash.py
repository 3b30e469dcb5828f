"""A game killed with SIGKILL mid-quarter resumes to the very state an unbroken game reaches."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from game.engine import state_hash
from game.scenario import load_scenario
from game.session.autoplay import play
from tests.conftest import ROOT
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
    deadline = time.monotonic() + 60
    try:
        while count_lines(path) <= 50:
            assert proc.poll() is None, f"the game ended before the kill: {proc.stderr.read()}"
            assert time.monotonic() < deadline, "the game never wrote 50 actions"
            time.sleep(0.002)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
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
