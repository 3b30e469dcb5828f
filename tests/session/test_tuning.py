"""The tuning table (game/session/tuning.py): the rows docs/authoring.md prints, and the row
`offsite balance` prints under each FAILS line."""

from __future__ import annotations

import json

import pytest

from game.cli.main import main
from game.cli.new import render
from game.session import balance as balance_module
from game.session.tuning import NAMING, NET, OUTCOME, ROWS, SHADING, TOTAL, row_for
from tests.conftest import ROOT


def table_rows() -> list[str]:
    doc = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = doc.split("| failing check | why it fails | what to tune |", 1)[1]
    rows = []
    for line in section.splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_the_authoring_guide_prints_the_same_table() -> None:
    assert table_rows() == [row.markdown() for row in ROWS]


@pytest.mark.parametrize(
    ("check", "row"),
    [
        ("good beats hider on outcome", OUTCOME[("hider", "late")]),
        ("good beats late on outcome", OUTCOME[("hider", "late")]),
        ("good beats blamer on outcome", OUTCOME[("blamer",)]),
        ("good beats vague on total", TOTAL),
        ("naming bad news costs standing that week", NAMING),
        ("good does better than amber on outcome in ≥ 75% of single games", SHADING),
        (
            "good does better than hider on outcome in ≥ 75% of single games",
            OUTCOME[("hider", "late")],
        ),
        ("naming costs net standing through the end of its check-in", NET),
        ("something else entirely", None),
    ],
)
def test_each_check_finds_its_row(check: str, row) -> None:
    assert row_for(check) is row


def test_each_fails_line_of_balance_prints_its_row(monkeypatch, tmp_path, capsys) -> None:
    def failing(scenario, runs, *args, **kwargs):
        result = balance_module.Balance(runs=runs, seed=0)
        for policy in ("good", "blamer"):
            result.policies[policy] = {c: (80.0, (79.0, 81.0)) for c in balance_module.COMPONENTS}
        result.checks += [
            balance_module.Check("good beats blamer on total", True, 3.2, (2.1, 4.3)),
            balance_module.Check("good beats blamer on outcome", False, 0.14, (-0.09, 0.37)),
        ]
        return result

    monkeypatch.setattr("game.cli.balance.balance", failing)
    path = tmp_path / "b.yaml"
    path.write_text(render("b"), encoding="utf-8")
    assert main(["balance", str(path), "--runs", "4"]) == 1
    lines = capsys.readouterr().out.splitlines()
    fails = next(i for i, line in enumerate(lines) if "FAILS" in line)
    assert "good beats blamer on outcome" in lines[fails]
    assert lines[fails + 1].strip() == OUTCOME[("blamer",)].plain()
    assert (
        lines[fails + 1]
        .strip()
        .startswith("tune: computer peers must own key results of the likely three")
    )
    assert not any(line.strip().startswith("tune:") for line in lines[:fails])  # holds: none
    assert main(["balance", str(path), "--runs", "4", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["tuning"] == {
        "good beats blamer on outcome": {
            "why": OUTCOME[("blamer",)].why,
            "tune": OUTCOME[("blamer",)].tune,
        }
    }
