"""`offsite validate`, `offsite schema`, `offsite describe` and `--help` from the outside."""

from __future__ import annotations

import json
import subprocess
import sys

from game.scenario import builtin_path
from game.scenario.schema import DRAFT, schema_text
from tests.conftest import ROOT


def offsite(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_shipped_schema_copies_are_in_sync():
    assert (ROOT / "scenarios" / "schema.json").read_text(encoding="utf-8") == schema_text()
    assert (builtin_path().parent / "schema.json").read_text(encoding="utf-8") == schema_text()
    assert json.loads(schema_text())["$schema"] == DRAFT


def test_builtin_default_is_the_copy_in_scenarios():
    shipped = ROOT / "scenarios" / builtin_path().name
    assert shipped.read_bytes() == builtin_path().read_bytes()


def test_every_shipped_scenario_points_editors_at_the_schema():
    for path in (ROOT / "scenarios").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=schema.json", path


def test_validate_strict_passes_every_shipped_scenario():
    """Lint, fit and the rules that play (capacity, hopeless events): not one warning."""
    result = offsite("validate", "--strict", "scenarios/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 invalid" in result.stdout and "warning" not in result.stdout


def test_validate_reports_file_line_col_and_exits_1(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta:\n  id: Bad Id\n", encoding="utf-8")
    result = offsite("validate", str(bad))
    assert result.returncode == 1
    assert f"{bad}:2:7: error: meta.id: 'Bad Id' is not a valid id" in result.stdout


def test_validate_json(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: 3\n", encoding="utf-8")
    data = json.loads(offsite("validate", "--json", str(bad), "scenarios/northwind.yaml").stdout)
    assert data["ok"] is False
    files = {f["file"]: f for f in data["files"]}
    assert files["scenarios/northwind.yaml"]["ok"] is True
    problem = files[str(bad)]["problems"][0]
    assert {"file", "line", "column", "severity", "field", "message"} <= set(problem)


def test_validate_missing_path_and_usage():
    assert offsite("validate", "no/such/file.yaml").returncode == 1
    assert offsite("validate").returncode == 2


def test_schema_prints_json():
    result = offsite("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout)["title"] == "Offsite scenario"


def test_help_lists_every_command_with_one_line():
    out = offsite("--help").stdout
    for command in ("describe", "autoplay", "balance", "validate", "schema"):
        assert f"    {command} " in out
    for command in ("describe", "autoplay", "balance", "validate", "schema"):
        assert offsite(command, "--help").returncode == 0


def test_describe_default():
    result = offsite("describe")
    assert result.returncode == 0
    assert "Northwind Logistics" in result.stdout


def test_every_field_is_described():
    from game.scenario.schema import scenario_schema

    schema = scenario_schema()
    models = {"Scenario": schema, **schema["$defs"]}
    missing = [
        f"{name}.{prop}"
        for name, model in models.items()
        for prop, spec in model.get("properties", {}).items()
        if "description" not in spec
    ]
    assert not missing


def test_a_failed_balance_invariant_fails_validation(monkeypatch, tmp_path, capsys):
    """validate --balance exits 1 when a check of the invariant fails, naming it and how many
    games decided it."""
    from game.cli.main import main
    from game.cli.new import render
    from game.session import sequential
    from game.session.balance import Balance, Check

    asked = {}

    def failing(scenario, *args, cap, **kwargs):
        asked["cap"] = cap
        result = Balance(runs=4, seed=0, games=40)
        result.checks.append(
            Check("good beats blamer on outcome", False, 0.14, (-0.09, 0.37), "blamer", True, 4)
        )
        result.sequential = {"stopped_at": 4}
        return result

    monkeypatch.setattr(sequential, "balance_quick", failing)
    path = tmp_path / "b.yaml"
    path.write_text(render("b"), encoding="utf-8")
    assert main(["validate", "--no-fit", "--balance", "4", str(path)]) == 1
    captured = capsys.readouterr()
    assert asked["cap"] == 4
    assert (
        ": error: the balance check fails after 4 paired games: good beats blamer on outcome "
        "(margin +0.14, interval -0.09 … +0.37)" in captured.out
    )
    assert "0 valid, 1 invalid" in captured.out
    assert "balance: FAILS — decided after 4 seeds, 40 games" in captured.err
