"""The skeleton `offsite new` writes teaches the lesson as it stands: `offsite balance` holds
every check on it with two levels, and with three once its card slots are filled (the TODO
cards `offsite cards` writes, given words). A change to the engine or the skeleton that lets a
sandbagging or optimistic team do as well as an honest one on the designer's starting file
fails here (docs/authoring.md, section 6)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from game.cli.main import main
from game.cli.new import parse_levels, render

RUNS = "30"  # seeds per policy: every check of the skeleton is decided well inside this

WORDS = {  # what a designer writes over the TODO cards `offsite cards` adds
    r'"TODO: a real translation"': '"Run the plan in our team"',
    r'"TODO: what the [^"]*"': '"We put two people on it every week."',
    r'"TODO: a tempting weaker card"': '"Support the goal"',
    r'"TODO: a slogan [^"]*"': '"We will all pull together on this."',
}


def _fill(text: str) -> str:
    for todo, words in WORDS.items():
        text = re.sub(todo, words, text)
    assert "TODO" not in text
    return text


def _verdict(path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    code = main(["balance", str(path), "--runs", RUNS, "--jobs", "2", "--json"])
    out = json.loads(capsys.readouterr().out)
    failed = [c["name"] for c in out["invariant"]["checks"] if not c["holds"]]
    assert code == 0 and not failed, failed
    return out


def _check(out: dict, name: str) -> dict:
    return next(c for c in out["invariant"]["checks"] if c["name"] == name)


def test_the_two_level_skeleton_teaches(tmp_path: Path, capsys) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(render("example"), encoding="utf-8")
    out = _verdict(path, capsys)
    assert _check(out, "good beats sandbagger on outcome")["margin"] > 1.0
    assert _check(out, "good beats optimist on outcome")["margin"] > 1.0


def test_the_three_level_skeleton_teaches_once_its_cards_are_written(
    tmp_path: Path, capsys
) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(render("three", levels=parse_levels("3")), encoding="utf-8")
    assert main(["cards", str(path)]) == 0
    capsys.readouterr()
    path.write_text(_fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["validate", "--strict", "--no-fit", "--no-play", str(path)]) == 0, (
        capsys.readouterr().out
    )
    capsys.readouterr()
    out = _verdict(path, capsys)
    assert _check(out, "good beats sandbagger on outcome")["margin"] > 1.0
