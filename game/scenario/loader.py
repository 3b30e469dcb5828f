"""Load a scenario file into a validated, frozen `Scenario` — or every problem, each at its line."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game.scenario.messages import finding_from_error
from game.scenario.model import Scenario, index
from game.scenario.problems import Finding, Problem, ScenarioError, did_you_mean, dotted
from game.scenario.references import check_references
from game.scenario.yamlsafe import SourceMap, read_yaml

DEFAULT_SCENARIO = "northwind"


def builtin_names() -> tuple[str, ...]:
    """The names of the scenarios shipped inside the package, such as northwind."""
    folder = resources.files("game.scenario") / "builtin"
    return tuple(
        sorted(f.name[: -len(".yaml")] for f in folder.iterdir() if f.name.endswith(".yaml"))
    )


def is_builtin(name: str) -> bool:
    """Whether `name` is exactly the name of a built-in scenario (never a path)."""
    return name in builtin_names()


def builtin_path(name: str = DEFAULT_SCENARIO) -> Path:
    """The path of a scenario shipped inside the package; only a built-in name is looked up
    (`../../elsewhere/secret` is not a name: ValueError)."""
    if not is_builtin(name):
        raise ValueError(f"no built-in scenario {name!r} (built in: {', '.join(builtin_names())})")
    return Path(str(resources.files("game.scenario") / "builtin" / f"{name}.yaml"))


def place(file: str, source: SourceMap, finding: Finding) -> Problem:
    """Give a finding its line and column in the file."""
    _, (line, column) = source.locate(finding.path, finding.at_key)
    return Problem(file, line, column, finding.severity, dotted(finding.path), finding.message)


def _echo(error: dict, errors: list[dict]) -> bool:
    """A "missing field" whose near-miss is an unknown field beside it: one mistake, one message.

    "unknown field 'sentense' (did you mean 'sentence'?)" already says it all."""
    if error["type"] != "missing":
        return False
    loc = tuple(error["loc"])
    for other in errors:
        near = tuple(other["loc"])
        if (
            other["type"] == "extra_forbidden"
            and near[:-1] == loc[:-1]
            and did_you_mean(near[-1], [str(loc[-1])])
        ):
            return True
    return False


def scenario_from_data(data: Any, file: str, source: SourceMap | None = None) -> Scenario:
    """Validate plain data (as read from YAML) into a Scenario, or raise ScenarioError."""
    source = source or SourceMap()
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        findings = [finding_from_error(Scenario, e) for e in errors if not _echo(e, errors)]
        raise ScenarioError([place(file, source, f) for f in findings]) from None
    findings = check_references(scenario)
    if any(f.severity == "error" for f in findings):
        raise ScenarioError([place(file, source, f) for f in findings])
    return scenario


def parse_scenario(raw: bytes, file: str) -> tuple[Scenario, SourceMap]:
    """Parse and validate a scenario file's bytes; `file` names it in messages."""
    data, source = read_yaml(raw, file)
    return scenario_from_data(data, file, source), source


def load_scenario(path: str | Path | None = None) -> Scenario:
    """Load a scenario file (the built-in default when no path is given)."""
    path = Path(path) if path is not None else builtin_path()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        problem = Problem(str(path), 1, 1, "error", "", f"cannot read: {reason}")
        raise ScenarioError([problem]) from None
    return parse_scenario(raw, str(path))[0]


def canonical_json(scenario: Scenario) -> str:
    """The validated model as canonical JSON: sorted keys, no spaces, UTF-8."""
    return json.dumps(
        scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def scenario_hash(scenario: Scenario) -> str:
    """The scenario's identity: sha256 of its canonical JSON (comments and layout don't count).

    Computed once per scenario object (it is frozen): every autoplayed game asks for it."""
    found = index(scenario)
    if found.hash is None:
        found.hash = hashlib.sha256(canonical_json(scenario).encode("utf-8")).hexdigest()
    return found.hash
