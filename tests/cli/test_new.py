"""`offsite new`: a skeleton that validates strictly and plays at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from game.cli.main import main
from game.cli.new import render, suggest, title_of
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


UNI = (
    "vc:Vice-Chancellor:1,dean_sci:Dean of Science:2,dean_arts:Dean of Arts:2,"
    "head_physics:Head of Physics:3,head_history:Head of History:3:dean_arts"
)


def test_levels_and_roles_make_the_organisation_asked_for(tmp_path: Path, capsys) -> None:
    assert main(["new", "uni", "-o", str(tmp_path), "--levels", "3", "--roles", UNI]) == 0
    assert "20 translation card slots are commented out" in capsys.readouterr().out
    s = load_scenario(tmp_path / "uni.yaml")
    assert [lv.id for lv in s.levels] == ["top", "leads", "managers"]
    assert [(r.id, r.level, r.reports_to) for r in s.roles] == [
        ("vc", "top", None),
        ("dean_sci", "leads", "vc"),
        ("dean_arts", "leads", "vc"),
        ("head_physics", "managers", "dean_sci"),
        ("head_history", "managers", "dean_arts"),
    ]
    assert {p.role for p in s.peers} == {r.id for r in s.roles}
    for o in s.objectives:  # the leads have Example Co.'s cards; the heads have slots only
        assert set(o.translations) == {"dean_sci", "dean_arts"}


def test_lint_names_every_missing_card_with_a_command_that_adds_it(tmp_path: Path, capsys) -> None:
    assert main(["new", "uni", "-o", str(tmp_path), "--roles", UNI]) == 0
    path = tmp_path / "uni.yaml"
    capsys.readouterr()
    assert main(["validate", "--no-fit", str(path)]) == 0
    missing = [line for line in capsys.readouterr().out.splitlines() if "no cards for" in line]
    assert len(missing) == 20
    first = missing[0]
    cmd = first.split("`")[1].split()
    assert cmd[:2] == ["offsite", "cards"] and cmd[2] == str(path)
    assert main(cmd[1:]) == 0
    capsys.readouterr()
    assert main(["validate", "--no-fit", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("no cards for") == 19 and out.count("is a placeholder") == 4
    assert main(["cards", str(path)]) == 0
    capsys.readouterr()
    assert main(["cards", str(path)]) == 0
    assert "nothing to add" in capsys.readouterr().out
    # Written over, the TODO cards leave a scenario that passes --strict.
    text = path.read_text(encoding="utf-8").replace("TODO: ", "Now: ")
    path.write_text(text, encoding="utf-8")
    assert main(["validate", "--strict", "--no-fit", str(path)]) == 0


def hand_added_engineer(text: str) -> str:
    """The skeleton with a third level and its one role added by hand, without cards."""
    return text.replace(
        '  - {id: leads, title: "Leadership team"}\n',
        '  - {id: leads, title: "Leadership team"}\n  - {id: staff, title: "Engineers"}\n',
    ).replace(
        "  - id: service_lead\n",
        "  - id: engineer\n    title: Field Engineer\n    level: staff\n"
        "    reports_to: service_lead\n    vocabulary: [van, visit, fault]\n"
        "  - id: service_lead\n",
    )


def test_cards_finds_its_place_in_a_file_edited_by_hand(tmp_path: Path, capsys) -> None:
    """A level added by hand, with no slots: the cards go under each objective's translations."""
    text = hand_added_engineer(render("hand"))
    path = tmp_path / "hand.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["cards", str(path), "--role", "engineer"]) == 0
    assert "wrote 20 TODO cards" in capsys.readouterr().out
    s = load_scenario(path)
    assert all(len(o.translations["engineer"]) == 2 for o in s.objectives)
    before = text.splitlines()
    after = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in after if "TODO:" not in line and "engineer:" not in line] == [
        line for line in before if "engineer:" not in line
    ]


def test_cards_refuses_what_it_cannot_place_and_changes_nothing(tmp_path: Path, capsys) -> None:
    """Translations written as {...} on one line leave no safe place: say so, write nothing."""
    text = hand_added_engineer(render("flow"))
    head, tail = text.split("  - id: first_choice\n")
    block, rest = tail.split("\n# Slogan words")
    before, cards = block.split("    translations:\n")
    flow = json.dumps(yaml.safe_load(cards), ensure_ascii=False)
    text = f"{head}  - id: first_choice\n{before}    translations: {flow}\n\n# Slogan words{rest}"
    path = tmp_path / "flow.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_scenario(path).objectives[-1].translations["sales_lead"]
    assert main(["cards", str(path)]) == 1
    assert "written as {…} on one line" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text
    assert main(["cards", str(path), "--role", "nobody"]) == 2
    assert "'nobody' is not one of the roles below the top" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("levels", "roles", "says"),
    [
        ("7", None, "2 to 5 levels"),
        ("top", None, "is not ID:TITLE"),
        (None, "ceo:Chief", "is not ID:TITLE:LEVEL"),
        (None, "Boss:Chief:1,b:B:2", "'Boss' is not a valid id"),
        ("2", "a:A:1,b:B:3", "which is not one of 1 to 2"),
        ("3", "a:A:1,b:B:2", "no role sits on level 3"),
        (None, "a:A:1,b:B:2,c:C:3:a", "not a role on the level directly above"),
        (None, "a:A:1,a:B:2", "is used twice"),
    ],
)
def test_bad_levels_and_roles_are_usage_errors(tmp_path, capsys, levels, roles, says) -> None:
    argv = ["new", "x", "-o", str(tmp_path)]
    argv += ["--levels", levels] if levels else []
    argv += ["--roles", roles] if roles else []
    assert main(argv) == 2
    assert says in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()
