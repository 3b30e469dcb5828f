"""`offsite autoplay` and `offsite balance` from the outside."""

from __future__ import annotations

import json
import subprocess
import sys


def offsite(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=300
    )


def test_same_arguments_same_bytes_other_seed_other_hash():
    a = offsite("autoplay", "--policy", "good", "--seed", "7", "--json")
    b = offsite("autoplay", "--policy", "good", "--seed", "7", "--json")
    c = offsite("autoplay", "--policy", "good", "--seed", "8", "--json")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    one, other = json.loads(a.stdout), json.loads(c.stdout)
    assert one["state_hash"] != other["state_hash"]
    for key in ("scenario", "seed", "policy", "actions", "state_hash", "scores"):
        assert key in one
    assert set(one["scores"]) == {"focus", "translation", "candour", "outcome", "total"}


def test_transcript_reads_like_a_quarter():
    out = offsite("autoplay", "--seed", "3").stdout
    for marker in ("PRIORITIES", "CASCADE", "THE QUARTER", "Check-in", "WHAT WAS TRUE", "SCORES"):
        assert marker in out
    assert "private forecast" in out


def test_usage_errors_exit_2():
    assert offsite("autoplay", "--policy", "nobody").returncode == 2
    assert offsite("autoplay", "--seed", "x").returncode == 2
    assert offsite("balance", "--runs", "1").returncode == 2


def test_bad_scenario_exits_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: [\n", encoding="utf-8")
    result = offsite("autoplay", str(bad))
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr


def test_balance_json_shape():
    result = offsite("balance", "--runs", "3", "--json", "--jobs", "1")
    data = json.loads(result.stdout)
    assert data["runs"] == 3
    assert set(data["policies"]["good"]) == {"total", "focus", "translation", "candour", "outcome"}
    assert {"holds", "checks"} <= set(data["invariant"])
    assert result.returncode in (0, 1)
