"""Pydantic's validation errors, rewritten for the people who write scenario files."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from game.scenario.problems import FieldPath, Finding, did_you_mean, quote

_PATTERNS = {
    r"^[a-z][a-z0-9_]{0,47}$": (
        "is not a valid id: use lower-case letters, digits and _, starting with a letter "
        "(48 characters at most)"
    ),
    r"^\d+\.\d+(\.\d+)?$": "is not a version: write it like 1.0 or 1.2.3",
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "is not a language tag: write it like en or pt-BR",
}


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The first pydantic model inside an annotation such as list[X], dict[str, X], X | None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_of(typing.get_args(annotation)[0])
    args = typing.get_args(annotation)
    if origin in (list, dict, tuple, typing.Union, types.UnionType) or args:
        for arg in args[::-1] if origin is dict else args:
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _fields_at(root: type[BaseModel], path: FieldPath) -> list[str]:
    """The field names allowed in the mapping at `path`."""
    model: type[BaseModel] | None = root
    for part in path:
        if model is None:
            return []
        if isinstance(part, str) and part in model.model_fields:
            model = _model_of(model.model_fields[part].annotation)
    return list(model.model_fields) if model else []


def _choices(expected: str) -> list[str]:
    """The values pydantic lists as "'a', 'b' or 'c'" (text) or "12 or 13" (numbers)."""
    return re.findall(r"'([^']*)'", expected) or [
        w for w in re.findall(r"[\w.+-]+", expected) if w != "or"
    ]


def _what(error: dict[str, Any]) -> str:
    """The message for one error, without its path."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    got = f", got {quote(value)}"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number{got}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number{got}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false{got}"
    if kind == "string_type" and isinstance(value, bool):
        word = "true" if value else "false"
        return (
            f"expected text, got {word}: YAML reads a bare yes, no, on, off, true or false "
            "as true or false, so put the text in quotes"
        )
    if kind == "string_type":
        return f"expected text{got} (put it in quotes)"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '){got}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping (fields indented below it){got}"
    if kind == "finite_number":
        return f"expected a finite number{got}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        choices = _choices(expected)
        listed = ", ".join(f"'{c}'" if "'" in expected else c for c in choices)
        return f"expected one of {listed}{got}{did_you_mean(value, choices)}"
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        return f"{quote(value)} is {len(value)} characters long; at most {limit} fit"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        rule = _PATTERNS.get(str(ctx.get("pattern")), f"does not match {ctx.get('pattern')}")
        return f"{quote(value)} {rule}"
    if kind == "too_short":
        least = ctx.get("min_length")
        entries = "entry" if least == 1 else "entries"
        return f"needs at least {least} {entries}, has {ctx.get('actual_length')}"
    if kind == "too_long":
        return (
            f"has {ctx.get('actual_length')} entries; at most {ctx.get('max_length')} are allowed"
        )
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        word, key = bounds[kind]
        return f"must be {word} {ctx.get(key)}{got}"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    return str(error["msg"])


_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _looks_like_text(key: object) -> bool:
    """A key no field could have: words with spaces, punctuation, a number such as '000'."""
    return isinstance(key, str) and not _FIELD_NAME.fullmatch(key)


def finding_from_error(root: type[BaseModel], error: dict[str, Any]) -> Finding:
    """One pydantic error as a finding at the right path."""
    loc: FieldPath = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        return Finding(loc, f"missing required field '{loc[-1]}'")
    if kind == "extra_forbidden" and _looks_like_text(loc[-1]):
        return Finding(
            loc,
            f"unknown field {quote(loc[-1])}: that is text, not a field name — probably the rest "
            "of the value before it, cut off by an unquoted `,` or `: ` inside a {…} mapping: "
            "put that whole value in quotes",
            at_key=True,
        )
    if kind == "extra_forbidden":
        allowed = _fields_at(root, loc[:-1])
        hint = did_you_mean(loc[-1], allowed)
        if not hint and allowed:
            hint = " (allowed: " + ", ".join(allowed) + ")"
        return Finding(loc, f"unknown field '{loc[-1]}'{hint}", at_key=True)
    if "[key]" in loc:
        key_path = loc[: loc.index("[key]")]
        message = f"key {_what(error)}"
        value = error.get("input")
        if isinstance(value, str) and value and (" " in value or not value[-1].isalnum()):
            message += " (if it is text, an unquoted `,` or `: ` cut it off: quote the value)"
        return Finding(key_path, message, at_key=True)
    message = _what(error)
    if (
        kind == "string_too_long"
        and loc[-1] == "label"
        and "sentence" in _fields_at(root, loc[:-1])
    ):
        message += " (the full text goes in 'sentence')"
    return Finding(loc, message)
