"""`offsite report`: the same scores as autoplay, a self-contained page, comparisons, bad input."""

from __future__ import annotations

import base64
import json
import re
from html import escape
from pathlib import Path

import pytest

from game.session.questions import QUESTIONS
from tests.report.helpers import TINY, autoplay, offsite


@pytest.fixture(scope="module")
def games(tmp_path_factory) -> dict[str, Path]:
    """Finished tiny games (hider and good, seed 5) and an unfinished one."""
    folder = tmp_path_factory.mktemp("games")
    tiny = str(TINY)
    return {
        "hider": autoplay(folder, "hider.jsonl", tiny, "--policy", "hider", "--seed", "5"),
        "good": autoplay(folder, "good.jsonl", tiny, "--policy", "good", "--seed", "5"),
    }


def test_scores_equal_those_autoplay_reports(tmp_path, capsys) -> None:
    """report.json's scores and reasons are autoplay --json's, for the same (built-in) game."""
    session = tmp_path / "northwind.jsonl"
    code, out, _ = offsite(
        capsys, "autoplay", "--policy", "hider", "--seed", "5", "--json", "--session", str(session)
    )
    assert code == 0
    played = json.loads(out)
    code, out, err = offsite(capsys, "report", str(session), "-o", str(tmp_path / "r"), "--json")
    assert code == 0, err
    (reported,) = json.loads(out)["sessions"]
    assert reported["scores"] == played["scores"]
    assert reported["reasons"] == played["reasons"]
    assert reported["state_hash"] == played["state_hash"]
    on_disk = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert on_disk["sessions"][0]["scores"] == played["scores"]
    assert str(tmp_path / "r" / "report.html") in err  # --json: the files are listed on stderr


def test_html_is_self_contained(games, tmp_path, capsys) -> None:
    out = tmp_path / "r"
    code, _, err = offsite(
        capsys, "report", str(games["hider"]), "--scenario", str(TINY), "-o", str(out)
    )
    assert code == 0, err
    page = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "<script" not in page.lower() and "<link" not in page.lower()
    assert "url(" not in page and "@import" not in page
    sources = re.findall(r"""<img[^>]*\ssrc="([^"]*)\"""", page)
    assert len(sources) == 3
    for src in sources:
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1]).startswith(b"\x89PNG")
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    for kr in data["sessions"][0]["key_results"]:
        assert escape(kr["label"]) in page
    for question in QUESTIONS:
        assert page.count(escape(question)) == 3  # once per chosen objective
    for word in ("ON TRACK", "WATERMELON", "Had '"):
        assert word in page or escape(word) in page


def test_two_sessions_are_compared(games, tmp_path, capsys) -> None:
    out = tmp_path / "r"
    code, stdout, err = offsite(
        capsys,
        "report",
        str(games["hider"]),
        str(games["good"]),
        "--scenario",
        str(TINY),
        "-o",
        str(out),
    )
    assert code == 0, err
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    names = [s["name"] for s in data["sessions"]]
    assert names == ["Team 1 (hider.jsonl)", "Team 1 (good.jsonl)"]
    rows = data["comparison"]["rows"]
    totals = [r["scores"]["total"] for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert rows[0]["name"] == "Team 1 (good.jsonl)"  # honest beats hiding
    for n in (1, 2):
        for chart in ("scores", "watermelon", "timeline"):
            assert (out / f"{n}-{chart}.png").exists()
            assert f"{n}-{chart}.png" in stdout
    assert (out / "comparison.png").exists()
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "## Comparison" in markdown and "![Scores side by side](comparison.png)" in markdown
    assert markdown.count("\n## Team 1 (") == 2
    assert "Comparison" in (out / "report.html").read_text(encoding="utf-8")


def test_one_session_has_no_comparison(games, tmp_path, capsys) -> None:
    out = tmp_path / "r"
    code, _, _ = offsite(
        capsys, "report", str(games["good"]), "--scenario", str(TINY), "-o", str(out)
    )
    assert code == 0
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["comparison"] is None
    assert "## Comparison" not in (out / "report.md").read_text(encoding="utf-8")


def one_error(code: int, out: str, err: str) -> str:
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_a_missing_file(tmp_path, capsys) -> None:
    missing = tmp_path / "nope.jsonl"
    line = one_error(*offsite(capsys, "report", str(missing), "-o", str(tmp_path / "r")))
    assert line.startswith(f"{missing}: error: cannot read")
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    "content",
    ["name,score\nTeam 1,80\n", '{"format": "something-else"}\n', "\x89PNG\r\n\x1a\n"],
    ids=["csv", "other-json", "picture"],
)
def test_a_foreign_file(tmp_path, capsys, content) -> None:
    foreign = tmp_path / "notes.jsonl"
    foreign.write_text(content, encoding="utf-8")
    line = one_error(*offsite(capsys, "report", str(foreign), "-o", str(tmp_path / "r")))
    assert line.startswith(f"{foreign}:1: error: not an Offsite session")
    assert not (tmp_path / "r").exists()


def test_an_unfinished_game(tmp_path, capsys) -> None:
    session = tmp_path / "half.jsonl"
    assert (
        offsite(capsys, "autoplay", str(TINY), "--session", str(session), "--stop-after", "40")[0]
        == 0
    )
    line = one_error(
        *offsite(capsys, "report", str(session), "--scenario", str(TINY), "-o", str(tmp_path / "r"))
    )
    assert "error: the game is not finished" in line and "--resume" in line


def test_a_scenario_that_is_not_built_in(games, tmp_path, capsys) -> None:
    line = one_error(*offsite(capsys, "report", str(games["good"]), "-o", str(tmp_path / "r")))
    assert "scenario 'tiny', which is not built in: give its file with --scenario FILE" in line


def test_one_bad_file_among_good_ones_writes_nothing(games, tmp_path, capsys) -> None:
    missing = tmp_path / "nope.jsonl"
    args = (str(games["good"]), str(missing), "--scenario", str(TINY), "-o", str(tmp_path / "r"))
    one_error(*offsite(capsys, "report", *args))
    assert not (tmp_path / "r").exists()


def test_usage_errors_exit_2(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        offsite(capsys, "report")
    assert exit_.value.code == 2
