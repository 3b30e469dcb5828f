"""Scenario files: the model, the safe loader and the problems they report."""

from game.scenario.loader import (
    DEFAULT_SCENARIO,
    builtin_names,
    builtin_path,
    is_builtin,
    load_scenario,
    parse_scenario,
    scenario_from_data,
    scenario_hash,
)
from game.scenario.model import MAX_QUARTERS, Scenario
from game.scenario.problems import Problem, ScenarioError

__all__ = [
    "DEFAULT_SCENARIO",
    "MAX_QUARTERS",
    "Problem",
    "Scenario",
    "ScenarioError",
    "builtin_names",
    "builtin_path",
    "is_builtin",
    "load_scenario",
    "parse_scenario",
    "scenario_from_data",
    "scenario_hash",
]
