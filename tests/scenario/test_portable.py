"""Every file `offsite new` writes, and every shipped scenario, is portable YAML.

It reads to the same data in libyaml (Offsite's own loader), PyYAML's pure-Python loader and
ruamel.yaml (safe and round-trip), and that data validates against scenarios/schema.json with
a real JSON Schema client — so a designer can script edits or use any editor's YAML tooling on
the official starting file (docs/authoring.md, "Portable YAML").
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from ruamel.yaml import YAML

from game.cli.main import main
from game.cli.new import parse_roles, render
from game.cli.skeleton import default_levels
from game.scenario import builtin_path
from game.scenario.yamlsafe import read_yaml
from tests.conftest import ROOT, shipped_scenarios

SCHEMA = json.loads((ROOT / "scenarios" / "schema.json").read_text(encoding="utf-8"))
UNI_ROLES = (
    "vc:Vice-Chancellor:1,dean_sci:Dean of Science:2,dean_arts:Dean of Arts:2,"
    "head_physics:Head of Physics:3,head_history:Head of History:3:dean_arts"
)


def skeletons() -> dict[str, str]:
    """What `offsite new` writes: Example Co. as it stands, with three levels, and with roles."""
    levels, roles = parse_roles(UNI_ROLES, None)
    wide_levels, wide_roles = parse_roles(
        "top:Board:1,a:A lead:2,b:B lead:2,c:C lead:2,d:D lead:2,e:E team:3,f:F team:4", None
    )
    return {
        "new": render("example"),
        "new --levels 3": render("three", levels=default_levels(3)),
        "new --roles (university)": render("uni", "University", levels, roles),
        "new --roles (4 levels, 4 leads)": render("wide", "Wide", wide_levels, wide_roles),
    }


def texts() -> list[tuple[str, str]]:
    files = [*shipped_scenarios(), builtin_path()]
    found = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files]
    return found + sorted(skeletons().items())


def plain(value: object) -> object:
    """ruamel's round-trip containers as plain dicts and lists."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def ruamel(text: str, typ: str) -> object:
    loader = YAML(typ=typ, pure=True) if typ == "safe" else YAML(typ=typ)
    return plain(loader.load(io.StringIO(text)))


CASES = texts()
IDS = [name for name, _ in CASES]


@pytest.mark.parametrize(("name", "text"), CASES, ids=IDS)
def test_every_yaml_tool_reads_the_same_data(name: str, text: str) -> None:
    ours, _ = read_yaml(text.encode("utf-8"), name)
    libyaml = yaml.load(text, Loader=yaml.CSafeLoader)
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    assert libyaml == ours
    assert pure == ours, "PyYAML's pure-Python loader reads it differently"
    assert ruamel(text, "safe") == ours, "ruamel.yaml (safe) reads it differently"
    assert ruamel(text, "rt") == ours, "ruamel.yaml (round-trip) reads it differently"


@pytest.mark.parametrize(("name", "text"), CASES, ids=IDS)
def test_the_data_validates_against_the_schema(name: str, text: str) -> None:
    data, _ = read_yaml(text.encode("utf-8"), name)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert SCHEMA["$schema"].endswith("2020-12/schema")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_client_catches_what_the_schema_can(tmp_path: Path) -> None:
    """Not a schema that accepts anything: a wrong type and an unknown field are refused."""
    data, _ = read_yaml(render("example").encode("utf-8"), "x")
    data["quarter"]["weeks"] = "twelve"
    data["meta"]["sentense"] = "typo"
    errors = jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)
    assert {tuple(e.absolute_path) for e in errors} == {("quarter", "weeks"), ("meta",)}


def test_cards_written_by_offsite_cards_stay_portable(tmp_path: Path, capsys) -> None:
    assert main(["new", "uni", "-o", str(tmp_path), "--roles", UNI_ROLES]) == 0
    path = tmp_path / "uni.yaml"
    assert main(["cards", str(path)]) == 0
    capsys.readouterr()
    text = path.read_text(encoding="utf-8")
    ours, _ = read_yaml(text.encode("utf-8"), "uni")
    assert yaml.load(text, Loader=yaml.SafeLoader) == ours == ruamel(text, "safe")
    jsonschema.Draft202012Validator(SCHEMA).validate(ours)
