"""The published JSON Schema of scenario files, for designers' editors."""

from __future__ import annotations

import json
from typing import Any

from game.scenario.model import Scenario

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    schema = Scenario.model_json_schema(mode="validation")
    return {
        "$schema": DRAFT,
        "$id": "https://offsite.game/schema/scenario.json",
        "title": "Offsite scenario",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    """The schema as the text written to scenarios/schema.json."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
