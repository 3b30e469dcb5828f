"""The loader never crashes: any input gives a Scenario or problems that point into the file.

Hypothesis mutates the valid tiny.yaml, throws random bytes at it, and dumps random YAML
structures (some grafted into tiny.yaml, to reach the model and the cross-reference checks).
About 300 examples in all, so CI stays fast. Also: SourceMap.locate, and the valid file.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import Scenario, ScenarioError, parse_scenario, scenario_hash
from game.scenario.yamlsafe import SourceMap, read_yaml

TINY_PATH = Path(__file__).resolve().parent / "fixtures" / "good" / "tiny.yaml"
TINY = TINY_PATH.read_bytes()
TINY_TEXT = TINY.decode("utf-8")
TINY_LINES = TINY_TEXT.splitlines(keepends=True)
TINY_DATA = read_yaml(TINY, "tiny.yaml")[0]  # PyYAML's pure-Python parser refuses tiny.yaml

FUZZ = settings(
    deadline=None,
    derandomize=True,  # the same examples on every run: a CI failure reproduces locally
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Problems about the file as a whole or its YAML, which have no field path.
FILE_LEVEL = re.compile(
    r"^(the file |invalid UTF-8 |the invisible character |a tab character |a ': ' |YAML syntax: |"
    r"the alias |the tag |a scenario file holds one |nesting deeper |more than [\d,]+ values |"
    r"indentation: |this [\[{\"] is never closed|YAML cannot read this |"
    r"the top level |a key must be |merge keys |an alias refers )"
    r"|^(unknown field|duplicate key) '\s*'"  # an empty key at the top level has an empty path
)
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def check(raw: bytes) -> Scenario | None:
    """parse_scenario's contract: a Scenario, or ScenarioError with well-placed problems."""
    try:
        scenario, _ = parse_scenario(raw, "fuzz.yaml")
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError without problems"
        text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
        lines = LINE_BREAK.split(text)
        for p in exc.problems:
            assert p.file == "fuzz.yaml"
            assert p.severity in ("error", "warning")
            assert p.line >= 1 and p.column >= 1, p
            assert p.line <= len(lines) + 1, p  # the end of the stream may be one line on
            if p.line <= len(lines):  # an empty value may stand just past the line's end
                assert p.column <= len(lines[p.line - 1]) + 2, p
            assert p.message.strip(), p
            assert p.field.strip() or FILE_LEVEL.match(p.message), p
            assert str(p).startswith(f"fuzz.yaml:{p.line}:{p.column}: {p.severity}: "), p
        return None
    assert isinstance(scenario, Scenario)
    return scenario


# --- (a) mutations of the valid file ------------------------------------------------------

ODD_TEXT = st.text(
    st.characters(codec="utf-8") | st.sampled_from(list("\t\n:-[]{}&*!|>'\"#%@`,?~ ")),
    max_size=12,
)


@st.composite
def mutated_tiny(draw: st.DrawFn) -> bytes:
    lines = list(TINY_LINES)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(
            st.sampled_from(["delete", "duplicate", "swap", "char", "text", "bytes", "truncate"])
        )
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op in ("char", "text"):
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            new = draw(st.characters(codec="utf-8")) if op == "char" else draw(ODD_TEXT)
            lines[i] = line[:k] + new + line[k + (op == "char") :]
        else:
            break  # byte-level edits end the line edits
        if not lines:
            return b""
    raw = "".join(lines).encode("utf-8")
    if op == "bytes":
        k = draw(st.integers(0, len(raw)))
        raw = raw[:k] + draw(st.binary(min_size=1, max_size=8)) + raw[k:]
    elif op == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    return raw


@settings(FUZZ, max_examples=120)
@given(mutated_tiny())
def test_mutated_tiny_never_crashes(raw: bytes) -> None:
    check(raw)


# --- (b) random bytes -------------------------------------------------------------------


@settings(FUZZ, max_examples=40)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(raw: bytes) -> None:
    check(raw)


@settings(FUZZ, max_examples=30)
@given(st.lists(st.sampled_from(TINY_LINES[:40]) | ODD_TEXT.map(lambda s: s + "\n"), max_size=12))
def test_shuffled_lines_never_crash(lines: list[str]) -> None:
    check("".join(lines).encode("utf-8"))


# --- (c) random YAML structures -----------------------------------------------------------

KEYS = sorted(
    {"meta", "company", "levels", "roles", "kpis", "objectives", "id", "label", "week", "band"}
    | {"low", "high", "target", "effects", "advocates", "reports_to", "level", "<<", "1", ""}
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=50)
    | st.sampled_from(["tiny", "owner", "lead", "no", "1.0", "2024-01-01", "~", "0x1F", ".inf"])
)
KEY = st.sampled_from(KEYS) | st.text(max_size=10)
STRUCTURES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(KEY, inner, max_size=6),
    max_leaves=30,
)


def dump(data: Any, flow: bool | None) -> bytes:
    return yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True).encode("utf-8")


@settings(FUZZ, max_examples=50)
@given(STRUCTURES, st.sampled_from([None, True, False]))
def test_random_structures_never_crash(data: Any, flow: bool | None) -> None:
    check(dump(data, flow))


def pick(draw: st.DrawFn, data: Any) -> tuple[Any, Any]:
    """A random place in nested data: its container and its key or index."""
    node, key = data, None
    while True:
        children = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not children:
            return node, key
        key = draw(st.sampled_from(children))
        if not isinstance(node[key], dict | list) or draw(st.integers(0, 3)) == 0:
            return node, key
        node = node[key]


@st.composite
def grafted_tiny(draw: st.DrawFn) -> Any:
    """tiny.yaml's data with one value, anywhere in it, replaced by a random structure, or by
    another part of the same data (which yaml dumps as an anchor and an alias)."""
    data = copy.deepcopy(TINY_DATA)
    node, key = pick(draw, data)
    if key is not None:
        if draw(st.booleans()):
            node[key] = draw(STRUCTURES | SCALARS)
        else:
            other, other_key = pick(draw, data)
            node[key] = other if other_key is None else other[other_key]
    return data


@settings(FUZZ, max_examples=60)
@given(grafted_tiny(), st.sampled_from([None, False]))
def test_grafted_tiny_never_crashes(data: Any, flow: bool | None) -> None:
    check(dump(data, flow))


# --- the valid file -----------------------------------------------------------------------


def test_tiny_parses() -> None:
    scenario, source = parse_scenario(TINY, "tiny.yaml")
    assert scenario.meta.id == "tiny"
    assert scenario.meta.language == "en"
    assert [lv.id for lv in scenario.levels] == ["owner", "lead"]
    assert len(scenario.kpis) == 5 and len(scenario.objectives) == 4
    assert scenario.key_result("bake_plan").objective.id == "cut_waste"
    assert scenario.quarter.weeks == 12 and scenario.scoring.focus == 0.25
    assert source.values[("objectives", 0, "label")] == (48, 12)
    assert source.keys[("objectives", 0, "label")] == (48, 5)
    assert source.values[("kpis", 1, "band", "high")] == (42, 104)
    assert source.values[()] == (3, 1)


def test_tiny_is_frozen() -> None:
    scenario, _ = parse_scenario(TINY, "tiny.yaml")
    with pytest.raises(ValueError):
        scenario.meta.id = "other"  # type: ignore[misc]


def relaid(text: str) -> list[str]:
    """The same scenario with different comments, blank lines, spaces and line endings."""
    no_comments = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    commented = "".join(
        line.rstrip("\n") + "   # a comment\n\n" if line.startswith(("  - id:", "meta:")) else line
        for line in text.splitlines(keepends=True)
    )
    return [
        no_comments,
        commented,
        text.replace("\n", "\r\n"),
        "\ufeff" + text,
        text.replace(", ", ",   ").replace(": ", ":    "),
        "---\n" + text + "...\n",
        yaml.safe_dump(TINY_DATA, sort_keys=True),  # a completely different layout
        yaml.safe_dump(TINY_DATA, default_flow_style=True, width=10_000),
    ]


def test_hash_ignores_comments_and_layout() -> None:
    original = scenario_hash(parse_scenario(TINY, "tiny.yaml")[0])
    assert re.fullmatch(r"[0-9a-f]{64}", original)
    for text in relaid(TINY_TEXT):
        scenario, _ = parse_scenario(text.encode("utf-8"), "relaid.yaml")
        assert scenario_hash(scenario) == original


def test_hash_changes_with_content() -> None:
    original = scenario_hash(parse_scenario(TINY, "tiny.yaml")[0])
    changed = TINY.replace(b"impact: 9", b"impact: 8")
    assert scenario_hash(parse_scenario(changed, "tiny.yaml")[0]) != original
    # A default written out is the same scenario.
    explicit = TINY.replace(b'  version: "1.0"\n', b'  version: "1.0"\n  language: en\n')
    assert scenario_hash(parse_scenario(explicit, "tiny.yaml")[0]) == original


# --- SourceMap.locate -----------------------------------------------------------------------


@pytest.fixture
def source() -> SourceMap:
    return SourceMap(
        values={
            (): (1, 1),
            ("roles",): (5, 3),
            ("roles", 0): (5, 5),
            ("roles", 0, "title"): (6, 12),
            ("roles", 0, "band"): (7, 11),
        },
        keys={("roles",): (4, 1), ("roles", 0, "title"): (6, 5), ("roles", 0, "band"): (7, 5)},
    )


def test_locate_exact_value(source: SourceMap) -> None:
    assert source.locate(("roles", 0, "title")) == (("roles", 0, "title"), (6, 12))


def test_locate_key(source: SourceMap) -> None:
    assert source.locate(("roles", 0, "title"), at_key=True) == (("roles", 0, "title"), (6, 5))
    assert source.locate(("roles",), at_key=True) == (("roles",), (4, 1))


def test_locate_list_item_has_no_key(source: SourceMap) -> None:
    assert source.locate(("roles", 0), at_key=True) == (("roles", 0), (5, 5))


def test_locate_missing_field_points_at_parent(source: SourceMap) -> None:
    assert source.locate(("roles", 0, "vocabulary")) == (("roles", 0), (5, 5))
    assert source.locate(("roles", 3, "title")) == (("roles",), (5, 3))


def test_locate_skips_parts_the_file_lacks(source: SourceMap) -> None:
    # A validator's name in pydantic's location is skipped, the field after it still found.
    assert source.locate(("roles", 0, "function-after", "band")) == (
        ("roles", 0, "band"),
        (7, 11),
    )


def test_locate_in_empty_map() -> None:
    assert SourceMap().locate(("meta", "id")) == ((), (1, 1))
    assert SourceMap().locate((), at_key=True) == ((), (1, 1))


def test_locate_agrees_with_the_file() -> None:
    _, source = parse_scenario(TINY, "tiny.yaml")
    lines = TINY_TEXT.splitlines()
    for path, (line, column) in source.keys.items():
        assert lines[line - 1][column - 1 :].startswith(f"{path[-1]}:"), path
    for path in [("meta", "title"), ("kpis", 3, "unit"), ("events", 1, "probability")]:
        value: Any = TINY_DATA
        for part in path:
            value = value[part]
        _, (line, column) = source.locate(path)
        assert lines[line - 1][column - 1 :].lstrip('"').startswith(str(value)), path
