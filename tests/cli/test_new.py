"""`offsite new`: a skeleton that validates strictly and plays at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli.main import main
from game.cli.new import suggest, title_of
from game.cli.validate import fit_available
from game.scenario import load_scenario
from game.scenario.schema import schema_text
from tests.conftest import ROOT


def offsite(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_writes_the_scenario_and_its_schema(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "new" / "folder"
    assert main(["new", "acme_widgets", "-o", str(folder)]) == 0
    out = capsys.readouterr().out
    scenario = folder / "acme_widgets.yaml"
    assert f"wrote {scenario}" in out and f"wrote {folder / 'schema.json'}" in out
    assert f"offsite validate --strict {scenario}" in out and "docs/authoring.md" in out
    text = scenario.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=schema.json"
    assert "{{" not in text
    assert (folder / "schema.json").read_text(encoding="utf-8") == schema_text()
    loaded = load_scenario(scenario)
    assert (loaded.meta.id, loaded.meta.title) == ("acme_widgets", "Acme Widgets")


def test_defaults_to_the_current_folder(tmp_path: Path) -> None:
    result = offsite("new", "here", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "here.yaml").is_file() and (tmp_path / "schema.json").is_file()


@pytest.mark.parametrize("fit", ["--fit", "--no-fit"])
def test_the_result_passes_validate_strict(tmp_path: Path, capsys, fit: str) -> None:
    if fit == "--fit" and not fit_available():
        pytest.skip("pygame fonts are not available")
    assert main(["new", "strict_one", "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["validate", "--strict", fit, str(tmp_path)]) == 0
    assert capsys.readouterr().out.endswith("1 file checked: 1 valid, 0 invalid (0 errors)\n")


def test_it_autoplays_at_once(tmp_path: Path) -> None:
    assert offsite("new", "playable", "-o", str(tmp_path)).returncode == 0
    result = offsite("autoplay", str(tmp_path / "playable.yaml"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["scenario"] == "playable"
    assert set(data["scores"]) == {"focus", "translation", "candour", "outcome", "total"}


def test_refuses_to_overwrite_without_force(tmp_path: Path, capsys) -> None:
    scenario = tmp_path / "mine.yaml"
    scenario.write_text("# my work\n", encoding="utf-8")
    assert main(["new", "mine", "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{scenario}: error: the file already exists" in err and "--force" in err
    assert scenario.read_text(encoding="utf-8") == "# my work\n"
    assert main(["new", "mine", "-o", str(tmp_path), "--force"]) == 0
    assert load_scenario(scenario).meta.id == "mine"


def test_an_output_that_is_a_file_is_refused(tmp_path: Path, capsys) -> None:
    (tmp_path / "taken").write_text("", encoding="utf-8")
    assert main(["new", "x", "-o", str(tmp_path / "taken")]) == 1
    assert "not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["Acme", "my scenario", "9lives", "acme.yaml", "a-b", "_x", ""])
def test_a_bad_name_is_a_usage_error_with_a_hint(tmp_path: Path, name: str, capsys) -> None:
    assert main(["new", name, "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is not a valid NAME" in err and f"such as '{suggest(name)}'" in err
    assert not list(tmp_path.iterdir())


def test_a_bad_name_exits_2_from_the_command_line(tmp_path: Path) -> None:
    result = offsite("new", "My Plan", "-o", str(tmp_path))
    assert result.returncode == 2
    assert "such as 'my_plan'" in result.stderr


def test_names_titles_and_hints() -> None:
    assert title_of("acme_widgets_2") == "Acme Widgets 2"
    assert suggest("My Plan.yaml") == "my_plan"
    assert suggest("9lives") == "s_9lives"
    assert suggest("--") == "my_scenario"
    assert len(suggest("x" * 80)) == 48
