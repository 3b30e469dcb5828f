"""Random Unicode in every text field of a shipped scenario: `validate` and `describe` never
crash, end with 0 or 1, and never print a raw control, bidirectional or format character
(what the text rule refuses is named by its code point; what it allows is printed as is).

Each example puts one random string into one text field of the built-in northwind scenario
(PyYAML writes it, escapes included, as a designer's editor could), then runs both commands
in this process. The strings mix any code point (lone surrogates included) with the
characters that matter most, so the refused classes come up in every run.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli.main import main
from game.scenario import builtin_path
from game.scenario.text_rules import unsafe

DATA = yaml.safe_load(builtin_path("northwind").read_text(encoding="utf-8"))
# Keys whose values are ids or fixed words (the model's Literal and pattern fields), not text.
ID_KEYS = {
    *("id", "level", "reports_to", "owner", "role", "key_result", "overlaps_kpi", "target"),
    *("themes", "advocates", "pet_priorities", "category", "type", "kind", "difficulty"),
    *("quality", "played_by", "answer", "version", "language"),
}


def text_paths(data: object, path: tuple = (), key: str = "") -> list[tuple]:
    """The path of every text value (not ids, not fixed words) in the scenario's data."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in text_paths(v, (*path, k), str(k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in text_paths(v, (*path, i), key)]
    return [path] if isinstance(data, str) and key not in ID_KEYS else []


PATHS = text_paths(DATA)
TRICKY = list("\x00\x07\x1b\x7f\x85\x9b\x9d\u061c\u200b\u200c\u200d\u200e\u202a\u202e\u2066")
TRICKY += list("\u2069\u2028\u2029\ufeff\u00ad\ue000\ufdd0\ufffe\ud800\U000e0041\U000e007f")
TRICKY += list("\n\t\r 🏴👨👩שمé\u0301\ufe0f\u2065<>[]()`*")
CHARACTERS = st.one_of(st.characters(exclude_categories=()), st.sampled_from(TRICKY))


def with_text(data: object, path: tuple, text: str) -> object:
    if not path:
        return text
    head, rest = path[0], path[1:]
    if isinstance(data, list):
        return [with_text(v, rest, text) if i == head else v for i, v in enumerate(data)]
    return {k: with_text(v, rest, text) if k == head else v for k, v in data.items()}


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue() + err.getvalue()


def test_every_text_field_is_reached():
    assert len(PATHS) > 300 and ("company", "story") in PATHS and ("meta", "title") in PATHS


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), text=st.text(CHARACTERS, min_size=1, max_size=24))
def test_random_text_in_any_field_never_crashes_or_reaches_the_terminal_raw(path, text):
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "fuzzed.yaml"
        raw = yaml.safe_dump(with_text(DATA, path, text), allow_unicode=True, sort_keys=False)
        file.write_bytes(raw.encode("utf-8", "surrogatepass"))
        for args in (("describe",), ("validate", "--json", "--no-fit")):
            code, printed = run(*args, str(file))
            assert code in (0, 1), (args, printed)
            assert "Traceback" not in printed
            raw_chars = sorted({hex(ord(ch)) for ch in printed if unsafe(ch)})
            assert not raw_chars, (args, raw_chars, printed)
            if "--json" in args:
                json.loads(printed[: printed.rindex("}") + 1])
