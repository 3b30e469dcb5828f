"""Snapshots of report.md and report.json for one fixed game: the tiny bakery, hider, seed 5.

To re-record after an intended change of the report (or of the rules):
    OFFSITE_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/report/test_snapshot.py
and read the diff before committing it. The scenario and state hashes are replaced by
placeholders: they change with any change to the scenario model, which the report does not own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.cli.main import main
from tests.report.helpers import TINY, autoplay

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """The report of the fixed game, written once."""
    folder = tmp_path_factory.mktemp("snapshot")
    session = autoplay(folder, "game.jsonl", str(TINY), "--policy", "hider", "--seed", "5")
    out = folder / "report"
    assert main(["report", str(session), "--scenario", str(TINY), "-o", str(out)]) == 0
    return out


def placeholders(text: str, data: dict) -> str:
    """The report's text with the hashes it quotes replaced by placeholders."""
    for session in data["sessions"]:
        text = text.replace(session["scenario_hash"], "<scenario-hash>")
        text = text.replace(session["state_hash"], "<state-hash>")
        text = text.replace(session["state_hash"][:12], "<state-hash>")
    return text


@pytest.mark.parametrize("name", ["report.md", "report.json"])
def test_report_matches_its_snapshot(written: Path, name: str) -> None:
    data = json.loads((written / "report.json").read_text(encoding="utf-8"))
    got = placeholders((written / name).read_text(encoding="utf-8"), data)
    snapshot = SNAPSHOTS / f"tiny_hider_seed5.{name.split('.')[1]}"
    if os.environ.get("OFFSITE_UPDATE_SNAPSHOTS") or not snapshot.exists():
        snapshot.write_text(got, encoding="utf-8")
    assert got == snapshot.read_text(encoding="utf-8")


def test_the_snapshot_game_has_what_a_debrief_needs(written: Path) -> None:
    """The fixed game is worth snapshotting: a watermelon, a what-if, reasons in every score."""
    data = json.loads((written / "report.json").read_text(encoding="utf-8"))
    (session,) = data["sessions"]
    assert session["watermelons"] >= 1
    assert session["counterfactuals"], "no key result was named late or never"
    assert all(session["reasons"][k] for k in ("focus", "translation", "candour"))
    assert len(session["questions"]) == 3


def test_every_file_is_written(written: Path) -> None:
    names = {p.name for p in written.iterdir()}
    assert names == {
        "report.html",
        "report.md",
        "report.json",
        "scores.png",
        "watermelon.png",
        "timeline.png",
    }
    for png in written.glob("*.png"):
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
