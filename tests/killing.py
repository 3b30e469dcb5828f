"""Killing a real game process mid-write, as a crash would (kill -9), for the crash tests."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable


def kill_once_written(
    proc: subprocess.Popen, written: Callable[[], bool], seconds: float, what: str
) -> None:
    """Wait until `written()` holds (the process is still running), then SIGKILL it; fails
    when it ends first or `seconds` go by ("never {what}")."""
    deadline = time.monotonic() + seconds
    try:
        while not written():
            assert proc.poll() is None, f"the game ended before the kill: {proc.stderr.read()}"
            assert time.monotonic() < deadline, f"the game never {what}"
            time.sleep(0.002)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
