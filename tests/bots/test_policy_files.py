"""Designers' policy files: loaded by name, played on the same seeds, bad files named."""

from __future__ import annotations

import json

import pytest

from game.bots.loader import PolicyFileError, load_policy_file
from game.cli.main import main
from game.scenario import load_scenario
from game.session.autoplay import steps
from tests.conftest import ROOT

EXAMPLE = ROOT / "docs/examples/policies.py"
TINY = ROOT / "tests/fixtures/good/tiny.yaml"


def test_the_shipped_example_loads_and_plays():
    found = load_policy_file(EXAMPLE)
    assert set(found) == {"round-up", "quiet-supporter"}
    final = None
    for step in steps(load_scenario(TINY), "round-up", 3, extra=found):
        final = step.state
    assert final is not None and final.phase == "over"
    assert found["round-up"]().confidence(None, 0.41) == 5


def test_balance_plays_the_example_on_the_same_seeds(capsys):
    code = main(["balance", str(TINY), "--runs", "3", "--jobs", "1", "--json",
                 "--policies", str(EXAMPLE)])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert data["policy_runs"]["round-up"] == 3
    names = {c["name"] for c in data["invariant"]["checks"]}
    assert "good beats round-up on outcome" in names


@pytest.mark.parametrize(
    "text,message",
    [
        ("def broken(:\n", "syntax error"),
        ("raise RuntimeError('boom')\n", ":1: RuntimeError: boom"),
        ("x = 1\n", "defines no policy"),
        ("from game.bots import Policy\nclass A(Policy):\n    pass\n", ":2: class A needs a name"),
        ("from game.bots import Policy\nclass A(Policy):\n    name = 'hider'\n", "already taken"),
    ],
)
def test_a_bad_policy_file_is_named_with_its_line(tmp_path, text, message):
    path = tmp_path / "mine.py"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyFileError, match=message.replace("(", r"\(")) as exc:
        load_policy_file(path)
    assert str(path) in str(exc.value)


def test_the_cli_reports_a_bad_policy_file_without_a_traceback(tmp_path, capsys):
    path = tmp_path / "mine.py"
    path.write_text("x = 1\n", encoding="utf-8")
    assert main(["balance", str(TINY), "--runs", "2", "--policies", str(path)]) == 1
    err = capsys.readouterr().err
    assert "defines no policy" in err and "Traceback" not in err
