"""Every mistake a scenario designer really makes, and the exact line the loader prints for it.

Each file in tests/fixtures/bad/ is tiny.yaml with one mistake (a '# Bad:' line says which),
or a minimal file for mistakes YAML itself refuses. The table holds every problem each file
must produce, in order, as `file:line:column: error: field: message` with the path as passed.
Two files hold several mistakes each, to show that one run reports all of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import ScenarioError, load_scenario, parse_scenario
from game.scenario.yamlsafe import MAX_BYTES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAD = FIXTURES / "bad"
TINY = (FIXTURES / "good" / "tiny.yaml").read_bytes()

# Fixture name (without .yaml) -> every problem it must produce, as "line:col: error: ...".
EXPECTED: dict[str, list[str]] = {
    "alias_bomb": [
        "7:8: error: more than 200,000 values once aliases are expanded (an alias bomb?)",
    ],
    "band_low_high": [
        "42:88: error: kpis.1.band: low (80) must be below high (40)",
    ],
    "bool_as_text": [
        (
            "7:13: error: meta.language: expected text, got false: YAML reads a bare yes, no, "
            "on, off, true or false as true or false, so put the text in quotes"
        ),
    ],
    "comment_only": [
        "1:1: error: the file holds only comments: a scenario starts with 'meta:'",
    ],
    "control_character": [
        "56:75: error: the invisible character U+000B is not allowed in a YAML file: delete it",
    ],
    "custom_tag": [
        "11:10: error: the tag '!include' is not allowed: a scenario is plain data",
    ],
    "deep_nesting": [
        "3:74: error: nesting deeper than 64 levels",
    ],
    "duplicate_key": [
        "37:5: error: roles.2.title: duplicate key 'title' (first at line 36): keep one",
    ],
    "duplicate_objective_id": [
        (
            "88:9: error: objectives.2.id: the objective id 'third_shop' is used twice (first at "
            "objectives.0.id)"
        ),
    ],
    "empty": [
        "1:1: error: the file is empty: a scenario starts with 'meta:'",
    ],
    "event_week_after_quarter": [
        "122:11: error: events.0.week: week 13 is after the quarter's last week (12)",
    ],
    "event_week_and_probability": [
        ("119:5: error: events.0: give exactly one of week (scripted) or probability (per week)"),
    ],
    "indented_too_deep": [
        (
            "37:11: error: indentation: this line is indented deeper than the key above, so YAML "
            "reads it as more of that value, where ': ' is not allowed: line the key up with the "
            "others, or quote the value"
        ),
    ],
    "indented_one_short": [
        (
            "33:4: error: indentation: this line is indented 3 spaces, which lines up with no "
            "line above it (the nearest, 'reports_to' on line 32, is indented 4): YAML reads what "
            "belongs together from the indentation alone, so indent it like the key it belongs "
            "with"
        ),
    ],
    "inf_value": [
        "45:79: error: kpis.4.current: expected a finite number, got inf",
    ],
    "invalid_id": [
        (
            "88:9: error: objectives.2.id: 'Cut-Waste' is not a valid id: use lower-case "
            "letters, digits and _, starting with a letter (48 characters at most)"
        ),
    ],
    "invalid_utf8": [
        "10:26: error: invalid UTF-8 (byte 0xe9): save the file as UTF-8",
    ],
    "kpis_too_short": [
        "41:3: error: kpis: needs at least 5 entries, has 4",
    ],
    "label_too_long": [
        (
            "48:12: error: objectives.0.label: 'Open a profitable third shop in the station "
            "district' is 52 characters long; at most 40 fit (the full text goes in 'sentence')"
        ),
    ],
    "literal_case": [
        (
            "144:60: error: warmup.1.answer: expected one of 'kpi', 'okr', got 'OKR' (did you "
            "mean 'okr'?)"
        ),
    ],
    "literal_typo": [
        (
            "91:11: error: objectives.2.type: expected one of 'change', 'kpi_target', "
            "'kpi_bundle', 'maintenance', 'vague', got 'changes' (did you mean 'change'?)"
        ),
    ],
    "merge_key": [
        "36:5: error: roles.2: merge keys (<<) are not supported: write the fields out",
    ],
    "milestone_with_target": [
        (
            "56:9: error: objectives.0.key_results.0: a milestone key result has no baseline or "
            "target"
        ),
    ],
    "missing_required": [
        "10:3: error: company.strategy: missing required field 'strategy'",
    ],
    "nan_value": [
        "43:120: error: kpis.2.drift: expected a finite number, got nan",
    ],
    "python_tag": [
        (
            "5:10: error: the tag '!!python/object/apply:os.system' is not allowed: a scenario "
            "is plain data"
        ),
    ],
    "reports_to_same_level": [
        (
            "38:17: error: roles.2.reports_to: 'head_baker' is on level 'lead': name a role on "
            "'owner', the level directly above 'lead'"
        ),
    ],
    "several_reference_mistakes": [
        (
            "77:17: error: objectives.1.advocates.0: unknown role 'shop_leed' (did you mean "
            "'shop_lead'?)"
        ),
        (
            "80:118: error: objectives.1.key_results.0.overlaps_kpi: unknown KPI 'nsp' (did you "
            "mean 'nps'?)"
        ),
        "122:11: error: events.0.week: week 13 is after the quarter's last week (12)",
        (
            "134:33: error: peers.0.pet_priorities.1: unknown objective 'cut_wast' (did you mean "
            "'cut_waste'?)"
        ),
    ],
    "several_structure_mistakes": [
        "7:22: error: meta.estimated_minutes: expected a whole number, got 'thirty'",
        "18:7: error: company.themes.1.nme: unknown field 'nme' (did you mean 'name'?)",
        (
            "43:66: error: kpis.2.category: expected one of 'revenue', 'customer', 'employee', "
            "'operating', 'financial', got 'staff'"
        ),
        (
            "89:12: error: objectives.2.label: 'Cut the unsold bread from nine percent to five' "
            "is 46 characters long; at most 40 fit (the full text goes in 'sentence')"
        ),
        "127:18: error: events.1.probability: expected a number, got '10%'",
    ],
    "syntax_colon_in_value": [
        "12:21: error: a ': ' inside a value: put the whole value in quotes",
    ],
    "syntax_unclosed_bracket": [
        (
            "8:12: error: this [ is never closed: end the list with ] after its last entry (and "
            "quote any entry that holds a bracket)"
        ),
    ],
    "syntax_unclosed_mapping": [
        (
            "22:5: error: this { is never closed: end the mapping with } after its last entry "
            "(and quote any entry that holds a bracket)"
        ),
    ],
    "syntax_unclosed_quote": [
        (
            '44:43: error: this " is never closed on its line, so YAML reads all up to the next " '
            '(line 81) as one text: end the text with "'
        ),
    ],
    "comma_in_mapping_value": [
        (
            "56:83: error: objectives.0.key_results.0.then fit it out.: unknown field 'then fit "
            "it out.': that is text, not a field name — probably the rest of the value before "
            "it, cut off by an unquoted `,` or `: ` inside a {…} mapping: put that whole value "
            "in quotes"
        ),
    ],
    "comma_in_number": [
        (
            "59:40: error: objectives.0.key_results.3.000 flyers: unknown field '000 flyers': "
            "that is text, not a field name — probably the rest of the value before it, cut off "
            "by an unquoted `,` or `: ` inside a {…} mapping: put that whole value in quotes"
        ),
    ],
    "tab_indent": [
        "30:1: error: a tab character here: YAML indentation must use spaces",
    ],
    "top_level_list": [
        (
            "2:1: error: the top level must be a mapping of sections (meta:, company:, …), not a "
            "list"
        ),
    ],
    "top_level_scalar": [
        (
            "2:1: error: the top level must be a mapping of sections (meta:, company:, …), not "
            "the value 'scenarios/tiny.yaml'"
        ),
    ],
    "two_documents": [
        "146:1: error: a scenario file holds one YAML document, not several",
    ],
    "undefined_alias": [
        (
            "39:17: error: the alias *owner_word refers to no anchor &owner_word above it (did "
            "you mean *owner_words?)"
        ),
    ],
    "unknown_advocate": [
        (
            "93:17: error: objectives.2.advocates.0: unknown role 'head_bakr' (did you mean "
            "'head_baker'?)"
        ),
    ],
    "unknown_effect_target": [
        (
            "128:24: error: events.1.effects.0.target: unknown KPI or key result 'station_sale' "
            "(did you mean 'station_sales'?)"
        ),
    ],
    "unknown_field_typo": [
        ("38:5: error: roles.2.report_to: unknown field 'report_to' (did you mean 'reports_to'?)"),
    ],
    "version_as_number": [
        "6:12: error: meta.version: expected text, got 1.0 (put it in quotes)",
    ],
    "weights_sum": [
        (
            "146:10: error: scoring: the weights (focus 0.3, translation 0.3, candour 0.3, "
            "outcome 0.3) sum to 1.2, not 1: lower focus to 0.1 (over by 0.2)"
        ),
    ],
    "wrong_type_number": [
        "80:86: error: objectives.1.key_results.0.target: expected a number, got 'sixty'",
    ],
}


def problems_of(raw: bytes, file: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(raw, file)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_reports_exactly_its_problems(name: str) -> None:
    file = f"tests/fixtures/bad/{name}.yaml"
    got = problems_of((BAD / f"{name}.yaml").read_bytes(), file)
    assert got == [f"{file}:{line}" for line in EXPECTED[name]]


def test_every_bad_fixture_is_in_the_table() -> None:
    on_disk = {p.stem for p in BAD.glob("*.yaml")}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 24


def test_bad_fixtures_state_their_one_mistake() -> None:
    """Edits of tiny.yaml keep its layout: the second line names the mistake."""
    for path in BAD.glob("*.yaml"):
        lines = path.read_bytes().splitlines()
        if len(lines) > 100:
            assert lines[1].startswith(b"# Bad: "), path.name


def test_load_scenario_reports_the_path_it_was_given() -> None:
    path = BAD / "unknown_advocate.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert str(problem).startswith(f"{path}:93:17: error: objectives.2.advocates.0: ")


def test_several_mistakes_are_all_reported_in_one_run() -> None:
    got = problems_of((BAD / "several_structure_mistakes.yaml").read_bytes(), "x.yaml")
    sections = {line.split(": ")[2].split(".")[0] for line in got}
    assert sections == {"meta", "company", "kpis", "objectives", "events"}
    got = problems_of((BAD / "several_reference_mistakes.yaml").read_bytes(), "x.yaml")
    sections = {line.split(": ")[2].split(".")[0] for line in got}
    assert sections == {"objectives", "events", "peers"}
    assert len(got) == 4


def test_file_over_two_mebibytes(tmp_path: Path) -> None:
    # tiny.yaml padded with comments: valid YAML, refused before it is parsed.
    path = tmp_path / "huge.yaml"
    padding = b"# " + b"x" * 98 + b"\n"
    path.write_bytes(TINY + padding * ((MAX_BYTES - len(TINY)) // len(padding) + 1))
    size = path.stat().st_size
    assert size > MAX_BYTES
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1:1: error: the file is {size:,} bytes; a scenario may be at most "
        "2,097,152 (2 MiB)"
    ]


def test_file_of_exactly_two_mebibytes_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(TINY + b"#" * (MAX_BYTES - len(TINY)))
    assert load_scenario(path).meta.id == "tiny"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column, problem.field) == (1, 1, "")
    assert problem.message.startswith("cannot read: ")


# Small inputs for the loader bugs and reworded messages found while writing the table above.
INLINE = [
    # Explicit tags on values they cannot read raised KeyError / IndexError (tracebacks).
    (b"meta: !!bool maybe\n", "1:7: error: meta: cannot read 'maybe' as !!bool"),
    (
        b"meta:\n  estimated_minutes: !!int ''\n",
        "2:22: error: meta.estimated_minutes: cannot read '' as !!int",
    ),
    (b"meta: !!float _\n", "1:7: error: meta: cannot read '_' as !!float"),
    # A control character was reported at 1:1 with PyYAML's raw text; libyaml counts bytes.
    (
        b"meta:\n  title: Caf\xc3\xa9 cr\xc3\xa8me\x07\n",
        "2:20: error: the invisible character U+0007 is not allowed in a YAML file: delete it",
    ),
    # Invalid UTF-8 was placed by byte, not by character, after other accented letters.
    (
        b"meta:\n  title: Caf\xc3\xa9 Cr\xe8me\n",
        "2:17: error: invalid UTF-8 (byte 0xe8): save the file as UTF-8",
    ),
    (
        b"meta:\r  title: Cr\xe8me\r",
        "2:12: error: invalid UTF-8 (byte 0xe8): save the file as UTF-8",
    ),
    # libyaml's tab errors do not contain the tab, so the tab hint never showed.
    (b"\tmeta: {}\n", "1:1: error: a tab character here: YAML indentation must use spaces"),
    (b"meta:\n  id: x\n\t\n", "3:1: error: a tab character here: YAML indentation must use spaces"),
    # A lone document marker was "not the value ''".
    (b"---\n", "1:1: error: the file holds no data: a scenario starts with 'meta:'"),
    (
        b"a: 1\nb: [1, {c: 2}\n",
        "2:4: error: this [ is never closed: end the list with ] after its last entry (and "
        "quote any entry that holds a bracket)",
    ),
    # One line's flow mapping that YAML cannot read to its end: a ': ' inside a value.
    (
        b"a: {b: c: d, e: f}\n",
        "1:9: error: YAML cannot read this {...} mapping past here: inside it, a value that "
        "holds ': ', ', ', '#' or a bracket must be in quotes: quote the value (or, if the { "
        "of column 4 should end here, close it with })",
    ),
    (b"? [a, b]\n: c\n", "1:3: error: a key must be plain text"),
    (b"meta: &m\n  id: *m\n", "2:7: error: meta.id: an alias refers to the value that contains it"),
]


@pytest.mark.parametrize(("raw", "expected"), INLINE, ids=[repr(raw) for raw, _ in INLINE])
def test_inline_problem(raw: bytes, expected: str) -> None:
    assert problems_of(raw, "x.yaml") == [f"x.yaml:{expected}"]


def test_literal_of_numbers_lists_the_numbers() -> None:
    raw = TINY.replace(b"quarter: {weeks: 12,", b"quarter: {weeks: 10,")
    assert problems_of(raw, "x.yaml") == [
        "x.yaml:145:18: error: quarter.weeks: expected one of 12, 13, got 10"
    ]


def test_long_title_without_a_sentence_gets_no_sentence_hint() -> None:
    raw = TINY.replace(
        b"title: Head Baker\n", b"title: Head Baker and Keeper of the Morning Oven\n"
    )
    assert problems_of(raw, "x.yaml") == [
        "x.yaml:30:12: error: roles.1.title: 'Head Baker and Keeper of the Morning Oven' is 41 "
        "characters long; at most 40 fit"
    ]


def test_crlf_line_endings_keep_lines_and_columns() -> None:
    raw = (BAD / "unknown_advocate.yaml").read_bytes().replace(b"\n", b"\r\n")
    (line,) = problems_of(raw, "x.yaml")
    assert line.startswith("x.yaml:93:17: error: objectives.2.advocates.0: unknown role")


def test_a_huge_number_is_quoted_short() -> None:
    raw = TINY.replace(b"current: 7,", b"current: 1" + b"0" * 400 + b",")
    (line,) = problems_of(raw, "x.yaml")
    assert line.startswith("x.yaml:45:79: error: kpis.4.current: expected a number, got 1000")
    assert len(line) < 150


def test_a_value_reached_through_an_alias_points_at_the_alias() -> None:
    # Composed nodes only know their anchor: both roles pointed at line 28.
    raw = TINY.replace(b"vocabulary: [budget, bank, lease]", b"vocabulary: &few [budget, bank]")
    raw = raw.replace(b"vocabulary: [till, queue, customer, shop, counter]", b"vocabulary: *few")
    assert problems_of(raw, "x.yaml") == [
        "x.yaml:28:17: error: roles.0.vocabulary: needs at least 3 entries, has 2",
        "x.yaml:39:17: error: roles.2.vocabulary: needs at least 3 entries, has 2",
    ]
    raw = TINY.replace(b"  - {id: owner, title: Owner}", b"  - &level {id: owner, title: Owner}")
    raw = raw.replace(b"  - {id: lead, title: Leads}", b"  - *level")
    assert problems_of(raw, "x.yaml")[0] == (
        "x.yaml:22:5: error: levels.1.id: the level id 'owner' is used twice (first at levels.0.id)"
    )


def test_aliases_keep_the_scenario_valid() -> None:
    raw = TINY.replace(
        b"vocabulary: [budget, bank, lease]", b"vocabulary: &words [budget, bank, lease]"
    )
    raw = raw.replace(b"vocabulary: [till, queue, customer, shop, counter]", b"vocabulary: *words")
    scenario, source = parse_scenario(raw, "x.yaml")
    assert scenario.roles[2].vocabulary == ["budget", "bank", "lease"]
    assert source.values[("roles", 2, "vocabulary")] == (39, 17)
    assert source.values[("roles", 2, "vocabulary", 1)] == (39, 17)
    assert source.values[("roles", 0, "vocabulary", 1)] == (28, 33)


def test_a_key_that_is_text_says_to_quote_the_value() -> None:
    # Keys of a {role: cards} mapping are ids; text there is a value cut off at ', ' or ': '.
    raw = TINY.replace(
        b"      head_baker:\n        - {label: Bake for three",
        b"      bakes, then sells.:\n        - {label: Bake for three",
    )
    (line,) = problems_of(raw, "x.yaml")
    assert line.endswith(
        "key 'bakes, then sells.' is not a valid id: use lower-case letters, digits and _, "
        "starting with a letter (48 characters at most) (if it is text, an unquoted `,` or `: ` "
        "cut it off: quote the value)"
    )
    plain = TINY.replace(
        b"      head_baker:\n        - {label: Bake for three",
        b"      HeadBaker:\n        - {label: Bake",
    )
    assert "quote" not in problems_of(plain, "x.yaml")[0]
