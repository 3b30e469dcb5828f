"""Text from files and arguments reaches the terminal as data: control characters are shown
escaped, never obeyed, whatever their origin (a scenario, a tampered session, a path typed on
the command line); the font check reports what it cannot measure; play checks its seed."""

from __future__ import annotations

import json

import pytest

from game.cli.main import main
from game.cli.output import json_safe, shown
from tests.conftest import FIXTURES
from tests.session.helpers import lines, reseal_file

TINY = FIXTURES / "good" / "tiny.yaml"
HOSTILE = "Tiny \\e[2J\\e]0;owned\\a Bakery\\u202e\\x9b"  # YAML escapes: ESC, BEL, RLO, CSI
RAW = ("\x1b", "\x07", "\u202e", "\x9b", "\u2066", "\u200b")


def offsite(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def autoplayed(capsys, path, stop: int = 30):
    code, _, err = offsite(
        capsys, "autoplay", str(TINY), "--session", str(path), "--stop-after", str(stop)
    )
    assert code == 0, err
    return path


def nothing_raw(*texts: str) -> None:
    for text in texts:
        for ch in RAW:
            assert ch not in text, f"raw {ch!r} in {text!r}"


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "hostile.yaml"
    text = TINY.read_text(encoding="utf-8")
    text = text.replace("  name: Tiny Bakery", f'  name: "{HOSTILE}"', 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_shown_escapes_what_a_terminal_obeys_and_keeps_ordinary_text():
    assert shown("a\x1b[2Jb\x07\u202e\x9b") == "a\\x1b[2Jb\\x07\\u202e\\x9b"
    ordinary = "Grow — שלום مرحبا 👨\u200d👩\u200d👧 é\n\tend"
    assert shown(ordinary) == ordinary
    assert json.loads(json_safe(json.dumps({"k": "\u202e\x9b\U000e0001"}, ensure_ascii=False)))[
        "k"
    ] == ("\u202e\x9b\U000e0001")


@pytest.mark.parametrize(
    "command",
    [
        ["describe"],
        ["describe", "--json"],
        ["autoplay", "--stop-after", "60"],
        ["autoplay", "--stop-after", "60", "--json"],
        ["validate", "--no-fit"],
        ["validate", "--fit"],
        ["validate", "--json"],
        ["balance", "--runs", "2", "--jobs", "1"],
        ["screenshot", "--scene", "briefing"],
    ],
)
def test_a_hostile_scenario_is_refused_and_nothing_raw_is_written(
    hostile, capsys, command, tmp_path
):
    if command[0] == "screenshot":
        command = [*command, "-o", str(tmp_path / "shots")]
    code, out, err = offsite(capsys, *command, str(hostile))
    assert code == 1, err
    nothing_raw(out, err)
    assert "U+001B ESCAPE (character 6) is a control character" in out + err
    if "--json" in command and out:
        json.loads(out)  # still valid JSON


def test_a_path_typed_with_control_characters_is_shown_escaped(tmp_path, capsys):
    odd = tmp_path / "odd\x1b[2J\u202e.yaml"
    for args in (
        ["validate", str(odd)],
        ["describe", str(odd)],
        ["replay", str(odd)],
        ["report", str(odd), "-o", str(tmp_path / "r")],
        ["autoplay", "--resume", "--session", str(odd)],
    ):
        code, out, err = offsite(capsys, *args)
        assert code in (1, 2), (args, err)
        nothing_raw(out, err)
        assert "odd\\x1b[2J\\u202e.yaml" in out + err, (args, out, err)


def test_a_tampered_session_is_shown_escaped(tmp_path, capsys):
    """A session file edited (and resealed) to carry control characters in its actions: replay
    and report name the problem with the characters escaped."""
    path = autoplayed(capsys, tmp_path / "game.jsonl")
    rows = lines(path)
    record = json.loads(rows[3])
    record["action"]["role"] = "\x1b]0;owned\x07\u202e"
    rows[3] = json.dumps(record, ensure_ascii=False) + "\n"
    path.write_text("".join(rows), encoding="utf-8")
    reseal_file(path)
    for args in (
        ["replay", str(path), "--scenario", str(TINY)],
        ["replay", str(path), "--scenario", str(TINY), "--json"],
        ["report", str(path), "--scenario", str(TINY), "-o", str(tmp_path / "r")],
        ["autoplay", "--resume", "--session", str(path), str(TINY)],
    ):
        code, out, err = offsite(capsys, *args)
        assert code == 1, (args, out, err)
        nothing_raw(out, err)
        if "--json" in args:
            json.loads(out)


def test_a_folder_with_an_invisible_character_in_a_file_is_validated(tmp_path, capsys):
    """The font check used to crash on zero-width characters (pygame's "Text has zero width");
    now the text rule names them, and allowed sequences (emoji joined with U+200D) pass the
    font check without a finding for the joiner."""
    folder = tmp_path / "folder"
    folder.mkdir()
    text = TINY.read_text(encoding="utf-8")
    (folder / "zero.yaml").write_text(
        text.replace("  name: Tiny Bakery", '  name: "Tiny\\u200b Bakery\\u2066"', 1),
        encoding="utf-8",
    )
    family = '  name: "Tiny Bakery \\U0001f468\\u200d\\U0001f469\\u200d\\U0001f467\\ufe0f"'
    (folder / "emoji.yaml").write_text(text.replace("  name: Tiny Bakery", family, 1), "utf-8")
    code, out, err = offsite(capsys, "validate", "--fit", str(folder))
    assert code == 1
    assert "Traceback" not in err
    nothing_raw(out, err)
    assert "zero.yaml:10:9: error: company.name: U+200B ZERO WIDTH SPACE (character 5)" in out
    emoji = [line for line in out.splitlines() if "emoji.yaml" in line]
    assert emoji and not any("error" in line or "U+200D" in line for line in emoji), emoji


def test_the_font_check_reports_a_character_it_cannot_measure(tmp_path, capsys):
    """U+2065 is unassigned (so the text rule lets it pass: it may be a newer character) and
    has no width in the projector's font: a warning naming it, never a crash."""
    path = tmp_path / "unassigned.yaml"
    text = TINY.read_text(encoding="utf-8")
    path.write_text(text.replace("  name: Tiny Bakery", '  name: "Tiny\\u2065 Bakery"', 1), "utf-8")
    code, out, err = offsite(capsys, "validate", "--fit", str(path))
    assert code == 0, out + err
    assert (
        f"{path}:10:9: warning: company.name: the projector's font cannot measure U+2065 (it "
        "has no width): delete it"
    ) in out
    nothing_raw(out, err)


def test_play_checks_its_seed_like_autoplay(capsys):
    code, out, err = offsite(capsys, "play", "--seed", "-1")
    assert (code, out) == (2, "")
    assert err == "offsite play: error: --seed must be 0 or more\n"
