"""What text may hold: one fixture per class of refused character, with the exact message the
loader prints for it, and the ordinary text (right-to-left scripts, emoji sequences, line
breaks in long text) that stays allowed. Each case is tiny.yaml with one value replaced by a
double-quoted YAML string whose escapes make the character (a raw one is refused by YAML)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import yaml

from game.bots.random_bot import random_action
from game.engine.actions import ROOM, Translate
from game.engine.errors import Rejection
from game.engine.rules import apply, legal_actions, whose_turn
from game.engine.setup import new_game
from game.scenario import ScenarioError, parse_scenario
from game.scenario.text_rules import offences, text_problem, unsafe
from game.session.table import Seat, Table
from tests.conftest import FIXTURES

TINY = (FIXTURES / "good" / "tiny.yaml").read_text(encoding="utf-8")
NAME = "  name: Tiny Bakery"  # company.name, line 10, value at column 9
STORY = next(line for line in TINY.splitlines() if line.startswith("  story: "))  # line 11
LABEL = "    label: Open the third shop"  # objectives.0.label, line 48, column 12

BIDI = (
    "is a bidirectional control: it reorders the text around it, and each screen, report and "
    "terminal shows that differently: delete it (right-to-left words display correctly without "
    "it)"
)
CONTROL = "is a control character: invisible, and a terminal obeys it: delete it"
INVISIBLE = (
    "is an invisible format character: no one can see it, yet text that holds it differs from "
    "text that looks the same: delete it"
)

# class -> (line replaced, its replacement, the one problem the file must produce)
CASES = {
    "c0_escape": (
        NAME,
        '  name: "Tiny \\e[2J Bakery"',
        f"10:9: error: company.name: U+001B ESCAPE (character 6) {CONTROL}",
    ),
    "c0_bell_osc_title": (
        NAME,
        '  name: "Tiny \\e]0;owned\\a Bakery"',
        f"10:9: error: company.name: U+001B ESCAPE (character 6) {CONTROL} (1 more such character)",
    ),
    "c0_in_long_text": (
        STORY,
        '  story: "A neighbourhood\\x08 bakery"',
        "11:10: error: company.story: U+0008 BACKSPACE (character 16) is a control character: "
        "invisible, and a terminal obeys it: delete it (long text may break lines with an "
        "ordinary line break)",
    ),
    "carriage_return": (
        NAME,
        '  name: "Tiny\\r Bakery"',
        "10:9: error: company.name: U+000D CARRIAGE RETURN (character 5) is a carriage return: "
        "delete it",
    ),
    "delete": (
        NAME,
        '  name: "Tiny\\x7f Bakery"',
        f"10:9: error: company.name: U+007F DELETE (character 5) {CONTROL}",
    ),
    "c1_csi": (
        NAME,
        '  name: "Tiny \\x9b2J Bakery"',
        f"10:9: error: company.name: U+009B CONTROL SEQUENCE INTRODUCER (character 6) {CONTROL}",
    ),
    "c1_next_line": (
        NAME,
        '  name: "Tiny\\N Bakery"',
        f"10:9: error: company.name: U+0085 NEXT LINE (character 5) {CONTROL}",
    ),
    "line_break_in_one_line_text": (
        LABEL,
        '    label: "Open the\\nthird shop"',
        "48:12: error: objectives.0.label: U+000A LINE FEED (character 9) is a line break, and "
        "this text is one line: join the lines",
    ),
    "tab_in_one_line_text": (
        LABEL,
        '    label: "Open the\\tthird shop"',
        "48:12: error: objectives.0.label: U+0009 CHARACTER TABULATION (character 9) is a tab, "
        "and this text is one line: use a space",
    ),
    "bidi_override": (
        NAME,
        '  name: "Tiny \\u202eyrekab"',
        f"10:9: error: company.name: U+202E RIGHT-TO-LEFT OVERRIDE (character 6) {BIDI}",
    ),
    "bidi_embedding": (
        NAME,
        '  name: "Tiny \\u202aBakery"',
        f"10:9: error: company.name: U+202A LEFT-TO-RIGHT EMBEDDING (character 6) {BIDI}",
    ),
    "bidi_isolate": (
        NAME,
        '  name: "Tiny \\u2066Bakery\\u2069"',
        f"10:9: error: company.name: U+2066 LEFT-TO-RIGHT ISOLATE (character 6) {BIDI} (1 more "
        "such character)",
    ),
    "bidi_mark": (
        NAME,
        '  name: "Tiny\\u200f Bakery"',
        f"10:9: error: company.name: U+200F RIGHT-TO-LEFT MARK (character 5) {BIDI}",
    ),
    "zero_width_space": (
        NAME,
        '  name: "Tiny\\u200bBakery"',
        f"10:9: error: company.name: U+200B ZERO WIDTH SPACE (character 5) {INVISIBLE}",
    ),
    "joiner_out_of_place": (
        NAME,
        '  name: "Tiny Bakery\\u200d"',
        f"10:9: error: company.name: U+200D ZERO WIDTH JOINER (character 12) {INVISIBLE}",
    ),
    "byte_order_mark": (
        NAME,
        '  name: "Tiny\\ufeffBakery"',
        f"10:9: error: company.name: U+FEFF ZERO WIDTH NO-BREAK SPACE (character 5) {INVISIBLE}",
    ),
    "soft_hyphen": (
        NAME,
        '  name: "Tiny Bak\\u00adery"',
        f"10:9: error: company.name: U+00AD SOFT HYPHEN (character 9) {INVISIBLE}",
    ),
    "line_separator": (
        NAME,
        '  name: "Tiny\\L Bakery"',
        "10:9: error: company.name: U+2028 LINE SEPARATOR (character 5) is a Unicode line "
        "separator that screens break differently: use a space (this text is one line)",
    ),
    "private_use": (
        NAME,
        '  name: "Tiny \\ue000 Bakery"',
        "10:9: error: company.name: U+E000 (character 6) is a private-use character that no "
        "standard font draws (it shows as a box): use a standard character",
    ),
    "noncharacter": (
        NAME,
        '  name: "Tiny \\ufdd0 Bakery"',
        "10:9: error: company.name: U+FDD0 (character 6) is a noncharacter, never meant to be "
        "shown: delete it",
    ),
    "in_a_list_of_words": (
        "      keywords: [shop, open, lease, location]",
        '      keywords: [shop, "op\\u200ben", lease, location]',
        f"16:24: error: company.themes.0.keywords.1: U+200B ZERO WIDTH SPACE (character 3) "
        f"{INVISIBLE}",
    ),
    "in_an_author": (
        "  authors: [Offsite tests]",
        '  authors: ["Offsite\\e tests"]',
        f"8:13: error: meta.authors.0: U+001B ESCAPE (character 8) {CONTROL}",
    ),
}


def variant(line: str, replacement: str) -> bytes:
    assert TINY.count(line) >= 1, line
    return TINY.replace(line, replacement, 1).encode("utf-8")


@pytest.mark.parametrize("case", list(CASES))
def test_each_class_of_character_is_refused_with_its_message(case):
    line, replacement, expected = CASES[case]
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(variant(line, replacement), "tiny.yaml")
    assert [str(p) for p in caught.value.problems] == [f"tiny.yaml:{expected}"]


ALLOWED = {
    "hebrew": '  name: "מאפייה קטנה"',
    "arabic_with_latin": '  name: "Tiny مخبز Bakery"',
    "emoji_zwj_family": '  name: "Tiny Bakery \\U0001f468\\u200d\\U0001f469\\u200d\\U0001f467"',
    "emoji_skin_tone_and_flag": '  name: "Tiny \\U0001f44d\\U0001f3fd \\U0001f1ec\\U0001f1e7"',
    "tag_flag_scotland": (
        '  name: "Tiny \\U0001f3f4\\U000e0067\\U000e0062\\U000e0073\\U000e0063\\U000e0074'
        '\\U000e007f"'
    ),
    "zwnj_in_persian": '  name: "نان\\u200cها"',
    "combining_accents": '  name: "Tiny Bake\\u0301ry"',
    "arabic_number_sign": '  name: "Tiny \\u0600\\u0661\\u0662"',
}


@pytest.mark.parametrize("case", list(ALLOWED))
def test_ordinary_text_of_any_script_stays_allowed(case):
    scenario, _ = parse_scenario(variant(NAME, ALLOWED[case]), "tiny.yaml")
    assert scenario.company.name == yaml.safe_load(ALLOWED[case])["name"]


def test_long_text_keeps_its_line_breaks_and_tabs():
    story = '  story: "A neighbourhood bakery.\\n\\nTwo shops,\\ta third wanted."'
    scenario, _ = parse_scenario(variant(STORY, story), "x")
    assert scenario.company.story == "A neighbourhood bakery.\n\nTwo shops,\ta third wanted."


def test_the_rule_and_the_terminal_escape_agree():
    for ch in "\x1b\x07\x9b\u202e\u2066\u200b\ufeff\u2028":
        assert offences(ch) and unsafe(ch)
    for ch in "aé ש😀\n\t":
        assert not unsafe(ch)
    assert text_problem("plain") is None


def cascade_turn(tiny):
    """A state in the cascade, the role whose turn it is, and its typed-text template."""
    state = new_game(tiny, 2, warmup=False)
    rng = np.random.default_rng(0)
    while state.phase != "cascade":
        state, _ = apply(state, random_action(state, rng))
    role = next(r for r in whose_turn(state) if r != ROOM)
    template = next(
        a for a in legal_actions(state, role) if isinstance(a, Translate) and a.choice == "typed"
    )
    return state, role, template


def test_typed_translations_follow_the_same_rule(tiny):
    """The engine refuses a typed translation holding a refused character, naming it; ordinary
    text of any script is judged as usual."""
    state, _, template = cascade_turn(tiny)
    with pytest.raises(Rejection) as caught:
        apply(state, replace(template, text="Open the \x1b]0;owned\x07 station shop"))
    assert caught.value.code == "bad_text"
    assert caught.value.message == (
        "U+001B ESCAPE (character 10) is a control character: invisible, and a terminal obeys "
        "it: delete it (1 more such character)"
    )
    with pytest.raises(Rejection, match="U\\+202E RIGHT-TO-LEFT OVERRIDE \\(character 23\\)"):
        apply(state, replace(template, text="Open the station shop \u202egnikab"))
    fine = "Open the station shop: فتح المتجر 👩\u200d🍳"
    after, _ = apply(state, replace(template, text=fine))
    assert after.translations[-1].text == fine


def test_the_table_records_no_refused_typed_text(tiny):
    """What the table refuses never reaches the session file."""
    state, role, _ = cascade_turn(tiny)
    table = Table(state)
    typed = next(m for m in table.moves(Seat(role)).of("translate") if m.action.choice == "typed")
    refused = table.act(Seat(role), typed.fill(text="Open \u2066the shop"), 10)
    assert not refused.ok and "U+2066 LEFT-TO-RIGHT ISOLATE" in refused.message
    assert table.teams[0].actions == []
