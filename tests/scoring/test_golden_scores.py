"""Golden scores: every shipped scenario, every policy, fixed seeds, the exact scores.

tests/golden/scores.json holds, per scenario, policy and seed, the final state's hash and the
scores `offsite autoplay --json` prints (`score(state).as_dict()`, rounded to 0.01). The hash
says whether the game itself changed (an engine or policy change) or only the scoring did.

An intended change to the engine, the policies or the scoring moves these numbers. Regenerate
them with one command, then read the diff before committing it (and say why in the message):

    OFFSITE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/scoring/test_golden_scores.py
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

from game.engine import state_hash
from game.scenario import load_scenario
from game.scoring import score
from game.session.autoplay import POLICY_NAMES, play
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "scores.json"
SCENARIOS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "scenarios").glob("*.yaml"))
SEEDS = (1, 7)
UPDATE = "OFFSITE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/scoring/test_golden_scores.py"


def played(scenario: str, policy: str, seed: int) -> dict[str, object]:
    final = play(load(scenario), policy, seed)
    return {"hash": state_hash(final), "scores": score(final).as_dict()}


@cache
def load(scenario: str):
    return load_scenario(ROOT / scenario)


def key(scenario: str, policy: str, seed: int) -> str:
    return f"{Path(scenario).stem} {policy} seed {seed}"


def everything() -> dict[str, dict[str, object]]:
    return {
        key(sc, p, seed): played(sc, p, seed)
        for sc in SCENARIOS
        for p in POLICY_NAMES
        for seed in SEEDS
    }


@cache
def golden() -> dict[str, dict[str, object]]:
    if os.environ.get("OFFSITE_UPDATE_GOLDEN"):
        found = everything()
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if not GOLDEN.exists():
        pytest.fail(f"{GOLDEN.relative_to(ROOT)} is missing: record it with {UPDATE}")
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_every_scenario_policy_and_seed_is_recorded() -> None:
    wanted = {key(sc, p, seed) for sc in SCENARIOS for p in POLICY_NAMES for seed in SEEDS}
    assert set(golden()) == wanted, f"the recorded games differ from the shipped ones: {UPDATE}"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: Path(s).stem)
@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_golden_scores(scenario: str, policy: str) -> None:
    for seed in SEEDS:
        name = key(scenario, policy, seed)
        expected = golden().get(name)
        assert expected is not None, f"{name} is not recorded: {UPDATE}"
        got = played(scenario, policy, seed)
        assert got["hash"] == expected["hash"], (
            f"{name}: the game itself changed (an engine or policy change); if intended: {UPDATE}"
        )
        assert got["scores"] == expected["scores"], (
            f"{name}: same game, other scores — a scoring change; if intended: {UPDATE}"
        )
