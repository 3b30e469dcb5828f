"""Every lint rule, triggered by its own fixture, with the exact line it prints and how to fix it.

Each file in tests/fixtures/lint/ is the skeleton of `offsite new` with one edit (its header
says which) that triggers exactly one rule: `<rule>.yaml` for each `check_*` rule of
game/scenario/lint.py, and `fit.yaml` for the label-fit rule of `validate --fit`. The edits live
in lint_fixtures.py, which rewrites the files when the skeleton changes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.cli.main import main
from game.cli.new import render
from game.cli.validate import check_file, fit_available
from game.scenario import lint
from tests.scenario.lint_fixtures import EDITS, LINT, fixture_text

FIT = "fit"

# Fixture name -> every problem it must produce, as "line:col: warning: field: message".
EXPECTED: dict[str, list[str]] = {
    "check_kpi_dashboard": [
        (
            "97:3: warning: kpis: the KPIs cover 3 of the five categories (no employee, "
            "financial): change a KPI's category or add one, so the dashboard covers at least four"
        ),
    ],
    "check_candidates": [
        (
            "113:3: warning: objectives: no candidate of type 'vague': add one — every decoy "
            "teaches something (a tempting one, not an obviously wrong one)"
        ),
    ],
    "check_key_result_pools": [
        (
            "130:7: warning: objectives.0.key_results: 'Fix machines on the first visit' has no "
            "decoy key result: add an activity (an output, not an outcome) or a kpi_copy (a KPI "
            "already tracked) to pick around"
        ),
    ],
    "check_translation_cards": [
        (
            "152:9: warning: objectives.0.translations.service_lead: no 'vague' or 'misaligned' "
            "card for 'service_lead' on 'Fix machines on the first visit': add a tempting weaker "
            "one, or the choice is too easy (`offsite cards {file} --objective fix_first_time "
            "--role service_lead` writes a TODO one)"
        ),
    ],
    "check_events": [
        (
            "396:140: warning: events.5.week: 'The billing system double-bills' strikes in week "
            "12, after the last check-in (week 10): nobody can react; move it to week 10 or earlier"
        ),
    ],
    "check_peers": [
        (
            "88:16: warning: roles.3.played_by: 'finance_lead' is played by the computer but has "
            "no entry in peers: add one with its candour, status sensitivity, influence and lines"
        ),
    ],
    "check_owners": [
        (
            "146:146: warning: objectives.0.key_results.1.owner: 'Top 40 parts in every van' is "
            "owned by 'engineer', who is not at the table (the top two levels): give it an owner "
            "who reports at the check-ins"
        ),
    ],
    "check_warmup": [
        (
            "459:3: warning: warmup: 4 warm-up cards: add at least 5 'KPI or OKR?' statements "
            "from this business"
        ),
    ],
    "check_throwbacks": [
        (
            "192:9: warning: objectives.1.throwbacks.0: 'Only if Service goes first' names no "
            "key_result: add key_result: with the id of a key result of this objective, so an "
            "accepted risk strikes something"
        ),
    ],
    "check_placeholders": [
        (
            "140:79: warning: objectives.0.key_results.2.sentence: 'TODO: the second visits, "
            "counted' is a placeholder: write the real text (the room would see it as it stands)"
        ),
    ],
    "check_split_values": [
        (
            "414:46: warning: peers.0.lines.support.1: 'Thank you for saying it now' and 'not in "
            "June. What do you need from me?' look like one value cut in two — a `,` inside an "
            'unquoted value split it: quote the value, as "Thank you for saying it now, not in '
            'June. What do you need from me?"'
        ),
    ],
    FIT: [
        (
            "139:35: warning: objectives.0.key_results.1.label: 'Manufacturer-certified "
            "replenishment kit' is cut on the check-in board: shorten the label"
        ),
    ],
}

# A message says how to fix it when it tells the designer what to do: an imperative after a
# colon, a semicolon or a dash ("add one", "move it earlier", "shorten the label").
FIX = re.compile(
    r"[:;—] (?:\w+ )?(add|move|give|shorten|mix|use|remove|name|lower|raise|change|write|quote)\b"
)
# Rules whose message (in game/scenario/lint.py) states the problem but not the fix yet.
NO_FIX_YET: dict[str, str] = {}  # rules whose message does not say how to fix it yet

needs_fit = pytest.mark.skipif(not fit_available(), reason="pygame fonts are not available")


def problems(name: str) -> list[str]:
    """What `offsite validate` prints for a fixture (fit measured for the fit fixture only)."""
    path = LINT / f"{name}.yaml"
    return [str(p) for p in check_file(path, fit=name == FIT)]


def cases() -> list:
    return [pytest.param(name, marks=needs_fit if name == FIT else ()) for name in sorted(EXPECTED)]


@pytest.mark.parametrize("name", cases())
def test_fixture_prints_exactly_its_warnings(name: str) -> None:
    path = LINT / f"{name}.yaml"
    assert problems(name) == [
        f"{path}:{line}".replace("{file}", str(path)) for line in EXPECTED[name]
    ]


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(strict=True, reason=NO_FIX_YET[name])
            if name in NO_FIX_YET
            else (),
        )
        for name in sorted(EXPECTED)
    ],
)
def test_each_message_says_how_to_fix_it(name: str) -> None:
    for line in EXPECTED[name]:
        message = line.split(": ", 3)[-1]
        assert FIX.search(message), message


def test_every_rule_has_a_fixture() -> None:
    rules = {rule.__name__ for rule in lint.RULES} | {FIT}
    fixtures = {path.stem for path in LINT.glob("*.yaml")}
    assert rules == set(EXPECTED) == set(EDITS) == fixtures


@pytest.mark.parametrize("name", sorted(EDITS))
def test_fixture_is_the_current_skeleton_with_its_edit(name: str) -> None:
    assert (LINT / f"{name}.yaml").read_text(encoding="utf-8") == fixture_text(name), (
        "the skeleton changed: run .venv/bin/python -m tests.scenario.lint_fixtures, then "
        "update EXPECTED"
    )


@pytest.mark.parametrize("name", cases())
def test_fixture_triggers_only_its_own_rule(name: str) -> None:
    """Each check_* fixture trips its rule and no other (the fit fixture trips none of them)."""
    from game.scenario import load_scenario

    scenario = load_scenario(LINT / f"{name}.yaml")
    tripped = {rule.__name__ for rule in lint.RULES if list(rule(scenario))}
    assert tripped == ({name} if name != FIT else set())


@needs_fit
def test_the_skeleton_has_no_warnings_at_all(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(render("example"), encoding="utf-8")
    assert check_file(path, fit=True) == []


def test_strict_turns_the_warnings_into_errors(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(LINT / f"{name}.yaml") for name in sorted(EXPECTED) if name != FIT]
    assert main(["validate", "--no-fit", *files]) == 0
    relaxed = capsys.readouterr().out
    assert main(["validate", "--no-fit", "--strict", *files]) == 1
    strict = capsys.readouterr().out
    assert relaxed.count(": warning: ") == len(files)
    assert strict.count(": error: ") == len(files) and ": warning: " not in strict
    assert f"{len(files)} files checked: 0 valid, {len(files)} invalid" in strict


def test_strict_passes_the_skeleton(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(render("example"), encoding="utf-8")
    assert main(["validate", "--strict", "--no-fit", str(path)]) == 0
    assert "1 valid, 0 invalid" in capsys.readouterr().out


def _split_warnings(text: str) -> list[str]:
    from game.scenario import parse_scenario

    scenario, _ = parse_scenario(text.encode("utf-8"), "x.yaml")
    return [f.message for f in lint.check_split_values(scenario)]


def test_a_number_cut_at_its_thousands_comma_is_flagged_in_any_list() -> None:
    skeleton = render("example")
    old = "keywords: [fix, repair, engineer, parts, visit, van]"
    assert skeleton.count(old) == 1
    (message,) = _split_warnings(skeleton.replace(old, "keywords: [fix, over 12,000 repairs, van]"))
    assert message.startswith("'over 12' and '000 repairs' look like one value cut in two")
    assert message.endswith('quote the value, as "over 12,000 repairs"')


def test_word_lists_and_whole_sentences_are_not_flagged() -> None:
    skeleton = render("example")
    edits = {
        # Lower-case keywords after one another are separate words, not a cut sentence.
        "keywords: [fix, repair, engineer, parts, visit, van]": (
            "keywords: [first visit, second visit, 12 vans, Q4 2024]"
        ),
        # Peer lines that each end their sentence may start in lower case.
        'support: ["Thank you for saying it now. What do you need from me?"]': (
            'support: ["Thank you.", "what do you need?", "Go on"]'
        ),
    }
    for old, new in edits.items():
        assert skeleton.count(old) == 1
        skeleton = skeleton.replace(old, new)
    assert _split_warnings(skeleton) == []


def test_no_shipped_scenario_has_a_split_value() -> None:
    from game.scenario import load_scenario
    from tests.conftest import ROOT

    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        assert list(lint.check_split_values(load_scenario(path))) == [], path.name
