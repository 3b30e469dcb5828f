"""The field reference in docs/authoring.md is the one generated from the model.

Out of date? Run `OFFSITE_UPDATE_DOCS=1 .venv/bin/pytest tests/scenario/test_reference.py`
to rewrite the section between the markers, then read the diff.
"""

from __future__ import annotations

import os

import pytest

from game.scenario import model
from game.scenario.reference import END, START, VALIDATED, field_reference, models, with_reference
from game.scenario.schema import scenario_schema
from tests.conftest import ROOT

DOC = ROOT / "docs" / "authoring.md"


def test_the_doc_holds_the_generated_reference() -> None:
    doc = DOC.read_text(encoding="utf-8")
    expected = with_reference(doc)
    if os.environ.get("OFFSITE_UPDATE_DOCS") == "1" and doc != expected:
        DOC.write_text(expected, encoding="utf-8")
        pytest.skip("docs/authoring.md rewritten: review the diff")
    assert doc.count(START) == 1 and doc.count(END) == 1
    assert doc == expected, (
        "docs/authoring.md's field reference is out of date: run "
        "OFFSITE_UPDATE_DOCS=1 .venv/bin/pytest tests/scenario/test_reference.py"
    )


def test_every_model_and_field_is_in_the_reference() -> None:
    text = field_reference()
    defs = scenario_schema()["$defs"]
    assert {name for name, _, _ in models()} == {"Scenario", *defs}
    for name, _, spec in models():
        assert f"### {name}\n" in text
        for field in spec["properties"]:
            assert f"| `{field}` |" in text, f"{name}.{field}"


def test_every_model_validator_is_described() -> None:
    """A model that checks more than its fields' limits says so in the reference."""
    validated = {
        name
        for name, _, _ in models()
        if getattr(model, name).__pydantic_decorators__.model_validators
    }
    assert validated == set(VALIDATED)


def test_with_reference_needs_the_markers() -> None:
    with pytest.raises(ValueError, match="markers"):
        with_reference("# no markers here\n")
    assert with_reference(f"a\n{START}\nold\n{END}\nb\n", "new") == f"a\n{START}\nnew\n{END}\nb\n"
