"""Hostile text in every field that reaches the report: the HTML escapes it (and isolates
right-to-left text), the Markdown neutralises it (checked by rendering report.md with an
independent CommonMark renderer, raw HTML allowed, as a viewer would), and writing the report
is atomic: a full disk leaves the old report, a report folder is replaced only with --force.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

import game.cli.report as report_cli
from game.scenario import parse_scenario
from tests.report.helpers import TINY, autoplay, offsite
from tests.session.helpers import edit_header

# Payloads short enough for a 20-character unit; each field gets one (rotating), before its text.
PAYLOADS = (
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "<img src=x onerror=a()>",
    "![i](http://evil/i.png)",
    "<a href=//evil>l</a>",
    "`c` **b** | d _e_",
    "שלום <b>x</b>",
    "&lt;script&gt;",
    "<https://evil.example>",
)
SHORT = ("<b>u</b>", "[u](//e)", "<i>u</i>")  # for units (20 characters)
# Keys whose values are ids or fixed words (the model's Literal and pattern fields), not text.
ID_KEYS = {
    "id",
    "level",
    "reports_to",
    "owner",
    "role",
    "key_result",
    "overlaps_kpi",
    "target",
    "themes",
    "advocates",
    "pet_priorities",
    "category",
    "type",
    "kind",
    "difficulty",
    "quality",
    "played_by",
    "answer",
    "version",
    "language",
}
LIMITS = {"label": 40, "name": 40, "title": 40, "unit": 20, "authors": 80}
WORD_LISTS = {"keywords", "vocabulary", "vague"}


@pytest.fixture(autouse=True, scope="module")
def _glyphs_left_as_found():
    """The charts draw Hebrew the projector's font lacks; the screens' tests read the set of
    characters drawn without a glyph, so leave it as it was."""
    from game.ui import text

    before = set(text.MISSING_GLYPHS)
    yield
    text.MISSING_GLYPHS.clear()
    text.MISSING_GLYPHS.update(before)


def hostile_data(data: object, key: str = "", counter: list[int] | None = None) -> object:
    """The scenario's data with a payload in front of every text value."""
    counter = counter if counter is not None else [0]
    if isinstance(data, dict):
        return {k: hostile_data(v, str(k), counter) for k, v in data.items()}
    if isinstance(data, list):
        return [hostile_data(v, key, counter) for v in data]
    if isinstance(data, str) and key not in ID_KEYS:
        counter[0] += 1
        if key == "unit":
            return SHORT[counter[0] % len(SHORT)]
        payload = PAYLOADS[counter[0] % len(PAYLOADS)]
        limit = 40 if key in WORD_LISTS else LIMITS.get(key, 400)
        return f"{payload} {data}"[:limit].strip()
    return data


@pytest.fixture(scope="module")
def hostile_game(tmp_path_factory) -> tuple[Path, Path]:
    """A finished game on tiny.yaml with a payload in every text field, and a hostile team
    name and policy-free header (resealed, as a writer would have)."""
    folder = tmp_path_factory.mktemp("hostile")
    data = yaml.safe_load(TINY.read_text(encoding="utf-8"))
    scenario_file = folder / "hostile.yaml"
    scenario_file.write_text(yaml.safe_dump(hostile_data(data), allow_unicode=True), "utf-8")
    parse_scenario(scenario_file.read_bytes(), str(scenario_file))  # it is a valid scenario
    session = autoplay(folder, "hostile <b>[g](x).jsonl", str(scenario_file), "--seed", "5")
    edit_header(
        session, teams=[{"name": "<script>x()</script> [t](javascript:x) مرحبا", "policy": "good"}]
    )
    return scenario_file, session


class Tags(HTMLParser):
    """Every tag and attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def no_injected_markup(html: str, images: str) -> None:
    """No script, no link, no image but the report's own charts, no event handler."""
    for tag, attrs in tags_of(html):
        assert tag not in ("script", "a", "iframe", "object", "embed", "b", "i"), (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "img":
            assert (attrs.get("src") or "").startswith(images), attrs


def test_every_hostile_field_is_escaped_in_html_and_markdown(hostile_game, tmp_path, capsys):
    scenario_file, session = hostile_game
    out = tmp_path / "r"
    code, _, err = offsite(
        capsys, "report", str(session), "--scenario", str(scenario_file), "-o", str(out)
    )
    assert code == 0, err
    page = (out / "report.html").read_text(encoding="utf-8")
    no_injected_markup(page, "data:image/png;base64,")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as written
    assert "&lt;script&gt;x()&lt;/script&gt; [t](javascript:x)" in page  # the team name
    assert "<bdi>" in page  # right-to-left text isolated ...
    for part in page.split("<bdi>")[1:]:
        inside = part.split("</bdi>")[0]
        assert any("\u0590" <= ch <= "\u06ff" for ch in inside), inside  # ... only there
    markdown = (out / "report.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    no_injected_markup(rendered, "")  # images: only the chart files named below
    images = [attrs["src"] for tag, attrs in tags_of(rendered) if tag == "img"]
    assert images and all(src.endswith(".png") and "/" not in src for src in images), images
    assert "<script>alert(1)</script>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # shown, not run
    assert "[x](javascript:alert(1))" in rendered  # shown as written, not a link
    assert "hostile &lt;b&gt;[g](x).jsonl" in rendered  # the file name, not a link


def test_right_to_left_text_is_isolated_in_html():
    from game.report.html import text

    assert text("Grow <fast>") == "Grow &lt;fast&gt;"
    assert text("מאפייה <b>") == "<bdi>מאפייה &lt;b&gt;</bdi>"
    assert text("Tiny مخبز") == "<bdi>Tiny مخبز</bdi>"


def test_markdown_text_is_inert():
    from game.report.markdown import md

    assert md("<script>x</script>") == "\\<script\\>x\\</script\\>"
    assert md("[x](javascript:y)") == "\\[x\\](javascript:y)"
    assert md("a\n# b\n- c") == "a \\# b - c"
    assert md("- item") == "\\- item" and md("1. one") == "1\\. one"
    assert md("see https://evil.example") == "see https\\://evil.example"
    assert md("R&D &amp;") == "R&D &amp;amp;"
    assert md("Plain words, 40% (two) — fine.") == "Plain words, 40% (two) — fine."


# --- atomic writes -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    return autoplay(tmp_path_factory.mktemp("finished"), "game.jsonl", str(TINY), "--seed", "5")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_report_folder_is_replaced_only_with_force(finished, tmp_path, capsys):
    out = tmp_path / "r"
    code, _, err = offsite(capsys, "report", str(finished), "--scenario", str(TINY), "-o", str(out))
    assert code == 0, err
    before = snapshot(out)
    code, out_text, err = offsite(
        capsys, "report", str(finished), "--scenario", str(TINY), "-o", str(out)
    )
    assert code == 1
    assert err == (
        f"{out}: error: the folder already holds a report (report.html, report.json, "
        "report.md, scores.png, timeline.png, watermelon.png): pass --force to replace it, or "
        "choose another -o DIR\n"
    )
    assert snapshot(out) == before
    code, out_text, err = offsite(
        capsys, "report", str(finished), "--scenario", str(TINY), "-o", str(out), "--force"
    )
    assert code == 0, err
    assert out_text.startswith(f"replaced the report in {out} (report.html, report.json, ")
    assert sorted(snapshot(out)) == sorted(before)
    assert [p.name for p in tmp_path.iterdir()] == ["r"]  # no temporary folder left


def test_a_folder_with_other_files_is_never_replaced(finished, tmp_path, capsys):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    for force in ((), ("--force",)):
        code, _, err = offsite(
            capsys, "report", str(finished), "--scenario", str(TINY), "-o", str(out), *force
        )
        assert code == 1
        assert "holds files a report does not write (notes.txt)" in err
    assert snapshot(out) == {"notes.txt": b"mine"}
    code, _, err = offsite(
        capsys, "report", str(finished), "--scenario", str(TINY), "-o", str(out / "notes.txt")
    )
    assert code == 1 and "not a folder" in err


def test_a_write_error_midway_leaves_the_old_report(finished, tmp_path, capsys, monkeypatch):
    """The injected full disk: the third file is cut short by ENOSPC."""
    out = tmp_path / "r"
    assert offsite(capsys, "report", str(finished), "--scenario", str(TINY), "-o", str(out))[0] == 0
    before = snapshot(out)
    written = []
    real = report_cli.write_bytes

    def full(path: Path, data: bytes) -> None:
        written.append(path.name)
        if len(written) == 3:
            real(path, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    monkeypatch.setattr(report_cli, "write_bytes", full)
    code, out_text, err = offsite(
        capsys, "report", str(finished), "--scenario", str(TINY), "-o", str(out), "--force"
    )
    assert code == 1 and out_text == ""
    assert err.endswith(
        "report.json: error: cannot write: No space left on device (the report already there "
        "is as it was)\n"
    )
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["r"]
    fresh = tmp_path / "fresh"
    written.clear()
    code, _, err = offsite(
        capsys, "report", str(finished), "--scenario", str(TINY), "-o", str(fresh)
    )
    assert code == 1 and "(nothing was written)" in err
    assert not fresh.exists()


def mount_tmpfs(folder: Path, size: int) -> bool:
    """A small tmpfs at `folder`, when this process may mount one (root in CI)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
    )
    return done.returncode == 0


def test_a_full_disk_during_report_leaves_the_old_report(finished, tmp_path, capsys):
    """A real full disk: a tmpfs with room for one report, not for two."""
    probe = tmp_path / "probe"
    assert (
        offsite(capsys, "report", str(finished), "--scenario", str(TINY), "-o", str(probe))[0] == 0
    )
    size = sum(len(data) for data in snapshot(probe).values())
    disk = tmp_path / "disk"
    if not mount_tmpfs(disk, (size * 3 // 2 // 4096 + 2) * 4096):
        pytest.skip("cannot mount a tmpfs here (the injected write error test covers it)")
    try:
        out = disk / "r"
        shutil.copytree(probe, out)
        before = snapshot(out)
        code, _, err = offsite(
            capsys, "report", str(finished), "--scenario", str(TINY), "-o", str(out), "--force"
        )
        assert code == 1, err
        assert "error: cannot write: No space left on device (the report already there" in err
        assert snapshot(out) == before
        assert [p.name for p in disk.iterdir()] == ["r"]  # the temporary folder is gone
    finally:
        subprocess.run(["umount", str(disk)], check=False)
