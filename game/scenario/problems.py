"""Problems found in a scenario file, and the one format every command prints them in.

`scenarios/x.yaml:14:7: error: objectives.3.key_results.2.target: expected a number, got 'eighty'`
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a scenario file, pointing at a line and column (both 1-based)."""

    file: str
    line: int
    column: int
    severity: Severity
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {where}{self.message}"

    def as_json(self) -> dict[str, object]:
        """A plain dict for `--json` output."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True)
class Finding:
    """A problem found in the data before it is placed in the file (path, not line)."""

    path: FieldPath
    message: str
    severity: Severity = "error"
    at_key: bool = False  # point at the key itself rather than at its value


class ScenarioError(Exception):
    """A scenario file could not be loaded; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Report:
    """The outcome of validating one file."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem is an error (warnings allowed)."""
        return not any(p.severity == "error" for p in self.problems)


def dotted(path: Iterable[str | int]) -> str:
    """`('objectives', 3, 'target')` -> `objectives.3.target`."""
    return ".".join(str(p) for p in path)


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """A hint naming the nearest existing choice, or an empty string."""
    if not isinstance(value, str):
        return ""
    by_lower = {c.lower(): c for c in choices}  # 'KPI' is one letter case away from 'kpi'
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=1, cutoff=0.6)
    return f" (did you mean '{by_lower[close[0]]}'?)" if close else ""


def quote(value: object, limit: int = 60) -> str:
    """A bad value as it should appear in a message: short and recognisable."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return repr(text)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    text = repr(value)  # a number can be hundreds of digits long
    return text if len(text) <= limit else text[: limit - 1] + "…"
