"""Golden playthroughs: readable files, one action per line, replayed and diffed.

Each file starts with `# key: value` header lines (scenario, seed, pressure), then one action
per line as JSON, each followed by the events it caused (indented, starting with `=`), and
ends with the final state hash. To re-record after an intended rule change:
    OFFSITE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/engine/test_golden.py
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from game.bots.random_bot import random_action
from game.engine import apply, from_dict, is_over, new_game, state_hash
from game.scenario import load_scenario, scenario_hash
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
RECORD = [("tiny_random_seed3.txt", "tests/fixtures/good/tiny.yaml", 3)]


def render(scenario_path: str, seed: int, actions) -> str:
    scenario = load_scenario(ROOT / scenario_path)
    state = new_game(scenario, seed, scenario_hash=scenario_hash(scenario))
    lines = [f"# scenario: {scenario_path}", f"# seed: {seed}", "# pressure: normal"]
    for action in actions:
        state, events = apply(state, action)
        lines.append(json.dumps(action.to_dict(), ensure_ascii=False))
        lines += [f"  = {e.text}" for e in events]
    lines.append(f"# final state: {state.phase}, week {state.week}, hash {state_hash(state)}")
    return "\n".join(lines) + "\n"


def parse(text: str) -> tuple[str, int, list]:
    header = dict(
        line[2:].split(": ", 1)
        for line in text.splitlines()
        if line.startswith("# ") and ": " in line
    )
    actions = [from_dict(json.loads(line)) for line in text.splitlines() if line.startswith("{")]
    return header["scenario"], int(header["seed"]), actions


@pytest.mark.parametrize("name,scenario_path,seed", RECORD)
def test_golden_playthrough(name, scenario_path, seed):
    path = GOLDEN / name
    if os.environ.get("OFFSITE_UPDATE_GOLDEN") or not path.exists():
        scenario = load_scenario(ROOT / scenario_path)
        state = new_game(scenario, seed, scenario_hash=scenario_hash(scenario))
        rng, actions = np.random.default_rng(seed), []
        while not is_over(state):
            action = random_action(state, rng)
            state, _ = apply(state, action)
            actions.append(action)
        path.write_text(render(scenario_path, seed, actions), encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    scenario_file, file_seed, actions = parse(expected)
    assert render(scenario_file, file_seed, actions) == expected


def test_golden_files_are_all_checked():
    assert sorted(p.name for p in Path(GOLDEN).glob("*.txt")) == sorted(n for n, _, _ in RECORD)
