"""One definition of a watermelon (game.engine.review.is_watermelon): the projector's debrief
page and the report give every key result the same verdict, and say what a watermelon is in the
same words — including for a key result reported green over a red truth at an earlier check-in
that the owner later named (not a watermelon: the old in-game legend called any such cell one,
while the report said there were none)."""

from __future__ import annotations

import json

import pytest

from game.cli.main import main
from game.engine.review import WATERMELON_MEANS
from game.session.debrief import WATERMELON_SAID, debrief
from game.session.resume import resume
from game.session.table import Table
from game.ui import charts
from game.ui.app import App
from game.ui.scenes import ending
from tests.report.helpers import TINY, autoplay


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """The tiny bakery, policy 'late', seed 5: 'preorders' is a watermelon, and 'bakers_hired'
    and 'waste_5' were reported on track over an off-track truth, then named."""
    folder = tmp_path_factory.mktemp("melons")
    path = autoplay(folder, "late.jsonl", str(TINY), "--policy", "late", "--seed", "5")
    out = folder / "report"
    assert main(["report", str(path), "--scenario", str(TINY), "-o", str(out)]) == 0
    return resume(path, TINY).replayed.state, out


def green_over_red(k, weeks) -> bool:
    return any(k.cell(w).reported == "on track" and k.cell(w).true == "off track" for w in weeks)


def debrief_page_words(final, monkeypatch) -> list[str]:
    """Every text the projector draws on the debrief's watermelon page, its legend included."""
    drawn: list[str] = []
    real = ending.draw_text

    def recording(surface, text, *args, **kw):
        drawn.append(text)
        return real(surface, text, *args, **kw)

    monkeypatch.setattr(ending, "draw_text", recording)
    app = App(final, size=(1280, 720))
    app.reset(Table(final), started=True)
    app.scene.show("watermelon")
    app.draw()
    return [*drawn, app.scene.news()]


def test_the_debrief_page_and_the_report_give_the_same_verdicts(played, monkeypatch) -> None:
    final, out = played
    made = debrief(final)
    lied = [k for k in made.key_results if green_over_red(k, made.checkins)]
    assert {k.watermelon for k in lied} == {True, False}, "the game should hold both cases"
    page = debrief_page_words(final, monkeypatch)
    markdown = (out / "report.md").read_text(encoding="utf-8")
    rows = {line.split(" | ")[0].lstrip("| "): line for line in markdown.splitlines()}
    written = json.loads((out / "report.json").read_text(encoding="utf-8"))["sessions"][0]
    for k in made.key_results:
        verdict = "MISSED" if not k.hit else "HIT"
        assert k.verdict.startswith(verdict)
        assert k.verdict in page, k.label  # the debrief page's result column
        assert rows[k.label].endswith(f" {k.verdict} |"), k.label  # report.md's grid table
        (kr,) = [x for x in written["key_results"] if x["id"] == k.id]
        assert kr["watermelon"] == k.watermelon == ("WATERMELON" in k.verdict)
    assert written["watermelons"] == sum(k.watermelon for k in made.key_results) == 1


def test_the_legends_say_the_same_thing(played, monkeypatch) -> None:
    final, out = played
    assert WATERMELON_MEANS in WATERMELON_SAID
    page = " ".join(debrief_page_words(final, monkeypatch))
    assert WATERMELON_SAID in page
    assert "Green outside and red inside is a watermelon" not in page
    assert WATERMELON_SAID in (out / "report.md").read_text(encoding="utf-8")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert WATERMELON_SAID in html
    assert WATERMELON_MEANS in debrief(final).headline()
    drawn: list[str] = []
    real = charts.draw_text
    monkeypatch.setattr(
        charts, "draw_text", lambda s, text, *a, **kw: drawn.append(text) or real(s, text, *a, **kw)
    )
    made = debrief(final)
    charts.watermelon_png(made.key_results, made.grid_weeks)
    assert any(WATERMELON_SAID in text for text in drawn)  # the report's chart
