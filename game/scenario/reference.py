"""The field reference of docs/authoring.md, generated from the model so it cannot drift.

Every model reachable from `Scenario`, in the order a file is written, with each field's type,
whether it is required, its default, its limits and its description (read from the JSON
schema and `model_fields`), followed by the rules across fields and the lint rules. A test
compares the doc's section between the markers with `field_reference()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from game.scenario import lint, model, references
from game.scenario.schema import scenario_schema

START = "<!-- reference:start -->"
END = "<!-- reference:end -->"
ID_PATTERN = r"^[a-z][a-z0-9_]{0,47}$"
REF = "#/$defs/"

# What each model's own validator checks, beyond the limits of single fields. A test makes
# sure every model with a validator has its line here.
VALIDATED = {
    "Band": "`low` must be below `high`.",
    "KeyResult": "either `milestone: true` (with no `baseline` or `target`), or all of "
    "`baseline`, `target` and `unit`, with `target` different from `baseline`.",
    "Event": "exactly one of `week` (scripted) or `probability` (a chance per week).",
    "Weights": "the four weights sum to 1.",
}


def anchor(name: str) -> str:
    """The markdown anchor of a model's heading."""
    return f"model-{name.lower()}"


def _num(x: float) -> str:
    return f"{x:g}"


def _link(ref: str) -> str:
    name = ref.removeprefix(REF)
    return f"[{name}](#{anchor(name)})"


def _type(spec: dict[str, Any]) -> str:
    if "$ref" in spec:
        return _link(spec["$ref"])
    if "anyOf" in spec:
        kinds = [_type(s) for s in spec["anyOf"] if s.get("type") != "null"]
        return " or ".join(kinds)
    if "enum" in spec:
        return "one of " + ", ".join(f"`{v}`" for v in spec["enum"])
    kind = spec.get("type")
    if kind == "array":
        return f"list of {_type(spec['items'])}"
    if kind == "object":
        (value,) = spec.get(
            "patternProperties", {"": spec.get("additionalProperties", {})}
        ).values()
        return f"map of id to {_type(value)}"
    if kind == "string":
        return "id" if spec.get("pattern") == ID_PATTERN else "text"
    return {"integer": "whole number", "number": "number", "boolean": "`true` or `false`"}[kind]


def _range(lo: Any, hi: Any, unit: str = "") -> str:
    if unit and (hi if hi is not None else lo) == 1:
        unit = unit.removesuffix("s")
    if lo is not None and hi is not None:
        dash = " to " if lo < 0 or hi < 0 else "–"
        return f"{_num(lo)}{dash}{_num(hi)}{unit}"
    if lo is not None:
        return f"at least {_num(lo)}{unit}"
    return f"at most {_num(hi)}{unit}"


def _limits(spec: dict[str, Any]) -> list[str]:
    if "anyOf" in spec:
        return [x for s in spec["anyOf"] for x in _limits(s)]
    out = []
    if "pattern" in spec and spec["pattern"] != ID_PATTERN:  # an id's rule is in the intro
        out.append(f"matches `{spec['pattern']}`")
    if "minLength" in spec or "maxLength" in spec:
        out.append(_range(spec.get("minLength"), spec.get("maxLength"), " characters"))
    if "minimum" in spec or "maximum" in spec:
        out.append(_range(spec.get("minimum"), spec.get("maximum")))
    if "minItems" in spec or "maxItems" in spec:
        out.append(_range(spec.get("minItems"), spec.get("maxItems"), " items"))
    items = spec.get("items", {})
    if spec.get("type") == "array" and "$ref" not in items:
        out += [f"each {x}" for x in _limits(items)]
    return out


def _default(field: Any) -> str:
    if field.is_required():
        return "—"
    value = field.default_factory() if field.default_factory else field.default
    if isinstance(value, BaseModel):
        return "every field's default"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        return "`{}`"
    if isinstance(value, list | tuple):
        return "`[" + ", ".join(_num(v) for v in value) + "]`"
    if isinstance(value, float):
        return f"`{_num(value)}`"
    return f"`{value}`"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _refs(spec: Any) -> Iterator[str]:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "$ref":
                yield value.removeprefix(REF)
            else:
                yield from _refs(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _refs(value)


def _path(parent: str, field: str, spec: dict[str, Any]) -> str:
    base = f"{parent}.{field}" if parent else field
    if spec.get("type") == "array":
        return f"{base}[]"
    if spec.get("type") == "object":
        return f"{base}.ROLE[]"
    return base


def models() -> list[tuple[str, str, dict[str, Any]]]:
    """(name, where it appears in a file, schema) for every model, in the order a file is read."""
    schema = scenario_schema()
    defs = schema["$defs"]
    order: list[tuple[str, str, dict[str, Any]]] = []
    seen: set[str] = set()

    def visit(name: str, where: str, spec: dict[str, Any]) -> None:
        seen.add(name)
        order.append((name, where, spec))
        for field, prop in spec.get("properties", {}).items():
            for child in _refs(prop):
                if child not in seen:
                    visit(child, _path(where, field, prop), defs[child])

    visit("Scenario", "", schema)
    return order


def _model_section(name: str, where: str, spec: dict[str, Any]) -> list[str]:
    cls = getattr(model, name)
    place = f"`{where}`" if where else "the top level of the file"
    lines = [
        f'<a id="{anchor(name)}"></a>',
        f"### {name}",
        "",
        f"{spec['description']} At {place}.",
    ]
    if name in VALIDATED:
        lines.append(f"Also checked: {VALIDATED[name]}")
    lines += ["", "| field | type | required | default | limits | description |"]
    lines.append("|---|---|---|---|---|---|")
    required = set(spec.get("required", ()))
    for field, prop in spec["properties"].items():
        info = cls.model_fields[field]
        cells = [
            f"`{field}`",
            _type(prop),
            "yes" if field in required else "no",
            _default(info),
            "; ".join(_limits(prop)) or "",
            prop.get("description", ""),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return [*lines, ""]


def _rules_section() -> list[str]:
    lines = ["### Rules across fields (errors)", ""]
    lines += [f"* {check.__doc__}" for check in references.CHECKS]
    lines += ["", "### Lint rules (warnings; errors with `--strict`)", ""]
    lines += [f"* `{rule.__name__}`: {rule.__doc__}" for rule in lint.RULES]
    lines.append(
        "* `fit` (with `--fit`): every label fits its card on the projector, measured with the "
        "real font."
    )
    return [*lines, ""]


def field_reference() -> str:
    """The generated markdown: every model and field, then the rules across fields."""
    lines = [
        "Generated from `game/scenario/model.py` by `game.scenario.reference.field_reference()`;",
        "`tests/scenario/test_reference.py` fails when it is out of date "
        "(`OFFSITE_UPDATE_DOCS=1` rewrites it).",
        "Every section forbids unknown keys: a misspelt field is an error that names the nearest "
        "one. An *id* is lower-case letters, digits and `_`, starting with a letter, 48 characters "
        "at most.",
        "",
    ]
    for name, where, spec in models():
        lines += _model_section(name, where, spec)
    lines += _rules_section()
    return "\n".join(lines)


def with_reference(doc: str, generated: str | None = None) -> str:
    """The doc with its section between the markers replaced by the generated reference."""
    body = field_reference() if generated is None else generated
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(doc):
        raise ValueError(f"the doc has no {START} … {END} markers")
    return pattern.sub(lambda _: f"{START}\n{body}\n{END}", doc, count=1)
