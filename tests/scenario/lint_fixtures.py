"""The lint fixtures: the skeleton of `offsite new`, rendered, with one edit per rule.

`test_lint.py` checks that every file in tests/fixtures/lint/ is what `fixture_text` makes of
the current skeleton. After changing the skeleton, rewrite them and update the expected lines:

    .venv/bin/python -m tests.scenario.lint_fixtures
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from game.cli.new import render
from tests.conftest import FIXTURES

LINT = FIXTURES / "lint"
HEADER = "# yaml-language-server: $schema=schema.json\n"
FIXTURE_HEADER = "# yaml-language-server: $schema=../../../scenarios/schema.json\n"

Edit = Callable[[str], str]


def replace(old: str, new: str) -> Edit:
    """An edit that replaces text found exactly once."""

    def edit(text: str) -> str:
        assert text.count(old) == 1, f"not found exactly once in the skeleton: {old!r}"
        return text.replace(old, new)

    return edit


def chain(*edits: Edit) -> Edit:
    """Several small edits that make one change."""

    def edit(text: str) -> str:
        for each in edits:
            text = each(text)
        return text

    return edit


def drop_block(first: str, lines: int | None = None) -> Edit:
    """Remove the line starting with `first` and the `lines` after it (or its indented block)."""

    def edit(text: str) -> str:
        rows = text.splitlines(keepends=True)
        start = next(i for i, row in enumerate(rows) if row.startswith(first))
        end = start + 1
        if lines is None:
            while rows[end].startswith("    "):
                end += 1
        else:
            end = start + lines
        return "".join(rows[:start] + rows[end:])

    return edit


# The third level's engineer translates every objective (or check_translation_cards would fire).
ENGINEER_CARDS = {
    "fix_first_time": "Check the van before each visit",
    "save_renewals": "Close faults at renewing offices",
    "bean_subscription": "Drop off beans on my visits",
    "area_routes": "Visit my area in route order",
    "keep_engineers": "Mentor one new engineer",
    "paid_in_30": "Get the job sheet signed",
    "uptime_98": "Service old machines early",
    "every_kpi_green": "Log every fix the same day",
    "van_leases": "Report van faults at once",
    "first_choice": "Fix a second fault unasked",
}


def engineer_cards(text: str) -> str:
    """After each objective's last cards (the finance lead's), the engineer's two cards."""
    parts = re.split(r"(?m)^(?=  - id: )", text)
    for i, part in enumerate(parts):
        found = re.match(r"  - id: (\w+)\n", part)
        if not found or found.group(1) not in ENGINEER_CARDS:
            continue
        label = ENGINEER_CARDS[found.group(1)]
        cards = (
            "      engineer:\n"
            f'        - {{label: "{label}", sentence: "{label} on my own visits.", '
            "quality: translation}\n"
            '        - {label: "Do our best", sentence: "Do our best.", quality: vague}\n'
        )
        parts[i], n = re.subn(
            r"(      finance_lead:\n        - .*\n        - .*\n)",
            lambda m, cards=cards: m.group(1) + cards,
            part,
        )
        assert n == 1, found.group(1)
    return "".join(parts)


EDITS: dict[str, tuple[str, Edit]] = {
    "check_kpi_dashboard": (
        "two KPIs moved to 'operating', so the dashboard covers three categories",
        chain(
            replace("category: employee", "category: operating"),
            replace("category: financial", "category: operating"),
        ),
    ),
    "check_candidates": (
        "the vague candidate 'first_choice' is typed maintenance, so no vague decoy is left",
        replace("    type: vague\n", "    type: maintenance\n"),
    ),
    "check_key_result_pools": (
        "'training_hours' lost its kind: activity, so 'fix_first_time' has no decoy key result",
        replace(
            "kind: activity, owner: service_lead, baseline: 0, target: 200",
            "owner: service_lead, baseline: 0, target: 200",
        ),
    ),
    "check_translation_cards": (
        "the misaligned card 'Hire four more engineers' became a translation",
        replace(
            'second visits happen sooner.", quality: misaligned',
            'second visits happen sooner.", quality: translation',
        ),
    ),
    "check_events": (
        "the billing bug strikes in week 12, the last",
        replace('second invoice.", week: 9,', 'second invoice.", week: 12,'),
    ),
    "check_peers": (
        "the peer profile of finance_lead (played by the computer) is gone",
        drop_block("  - role: finance_lead\n"),
    ),
    "check_owners": (
        "a third level whose one role (with its translation cards) owns 'vans_stocked'",
        chain(
            replace(
                '  - {id: leads, title: "Leadership team"}\n',
                '  - {id: leads, title: "Leadership team"}\n  - {id: staff, title: "Engineers"}\n',
            ),
            replace(
                "    vocabulary: [cash, invoice, margin, cost, forecast, billing]\n",
                "    vocabulary: [cash, invoice, margin, cost, forecast, billing]\n"
                '  - id: engineer\n    title: "Field Engineer"\n    level: staff\n'
                "    reports_to: service_lead\n    played_by: person\n"
                "    vocabulary: [van, visit, fault, part, machine]\n",
            ),
            replace(
                'most second visits.", owner: service_lead, milestone: true',
                'most second visits.", owner: engineer, milestone: true',
            ),
            engineer_cards,
        ),
    ),
    "check_warmup": (
        "the last two warm-up cards are gone",
        drop_block('  - {statement: "Raise uptime', lines=2),
    ),
    "check_throwbacks": (
        "the sales lead's throwback names no key_result",
        replace("        key_result: renewals_signed\n", ""),
    ),
    "check_placeholders": (
        "a key result's sentence is still the TODO text of a slot",
        replace(
            'sentence: "Second visits to the same fault fall from 300 a month to 150."',
            'sentence: "TODO: the second visits, counted"',
        ),
    ),
    "check_split_values": (
        "the CEO's support line is unquoted, so its ', ' splits it into two lines",
        replace(
            'support: ["Thank you for saying it now. What do you need from me?"]',
            "support: [Thank you for saying it now, not in June. What do you need from me?]",
        ),
    ),
    "fit": (
        "the label of 'vans_stocked' is 40 characters that do not fit the check-in board",
        replace(
            'label: "Top 40 parts in every van",',
            'label: "Manufacturer-certified replenishment kit",',
        ),
    ),
}


def fixture_text(rule: str) -> str:
    """The fixture of one rule: the rendered skeleton, its edit, and a header saying which."""
    what, edit = EDITS[rule]
    text = edit(render(rule))
    assert text.startswith(HEADER)
    note = textwrap.wrap(
        f"Lint fixture for {rule}: the skeleton of `offsite new` with one edit: {what}.", 96
    )
    return FIXTURE_HEADER + "".join(f"# {line}\n" for line in note) + text[len(HEADER) :]


def main() -> None:
    """Rewrite every fixture from the current skeleton."""
    for rule in EDITS:
        (LINT / f"{rule}.yaml").write_text(fixture_text(rule), encoding="utf-8")
        print(f"wrote {LINT / rule}.yaml")


if __name__ == "__main__":
    main()
