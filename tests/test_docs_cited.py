"""Code cites the project's own pages: every `*.md` a module names is in the repository.

The design intent lives outside the repository, so a docstring that cites it sends the next
engineer to a file they do not have. Every Markdown file named in game/, tests/ and bench/ must
exist (as a path from the repository's root, or as a page in docs/), a citation of a section
(`docs/rules.md, "Randomness"`) must name a heading that page has, and neither the code nor the
docs may point into the design folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for top in ("game", "tests", "bench") for p in (ROOT / top).rglob("*.py"))
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
CITED = re.compile(r"(?<![\w/.-])((?:[\w.-]+/)*[\w-]+\.md)\b")
SECTION = re.compile(r"((?:docs/)?[\w-]+\.md),? [\"“]([^\"”\n]+)[\"”]")
DESIGN = ("shared/design", *(f"{name}.md" for name in ("GAME", "ARCHITECTURE", "SCREENS")))


def resolves(name: str) -> bool:
    """Whether a cited Markdown file is in the repository."""
    return (ROOT / name).is_file() or (ROOT / "docs" / Path(name).name).is_file()


def headings(page: Path) -> set[str]:
    """A page's headings, also without their numbers ("6. Reading a balance table")."""
    text = page.read_text(encoding="utf-8")
    found = {line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")}
    return found | {re.sub(r"^\d+\. ", "", h) for h in found}


def has_section(page: Path, cited: str) -> bool:
    """Whether the page has the cited heading (or one that starts with it)."""
    return any(h.startswith(cited) for h in headings(page))


def page_of(name: str) -> Path:
    return ROOT / name if (ROOT / name).is_file() else ROOT / "docs" / Path(name).name


def citations(path: Path) -> list[tuple[int, str]]:
    found = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        found += [(n, m) for m in CITED.findall(line)]
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cited_page_is_in_the_repository(path: Path) -> None:
    missing = [f"{path.relative_to(ROOT)}:{n}: {name}" for n, name in citations(path)]
    missing = [m for m in missing if not resolves(m.rsplit(": ", 1)[1])]
    assert not missing, "cites a page the repository does not have:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_cited_section_is_on_its_page(path: Path) -> None:
    text = " ".join(line.strip().lstrip("#").strip() for line in path.read_text().splitlines())
    wrong = []
    for name, heading in SECTION.findall(text):
        if resolves(name) and not has_section(page_of(name), heading):
            wrong.append(f"{path.relative_to(ROOT)}: {name} has no section {heading!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", SOURCES + PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_points_at_the_design_files(path: Path) -> None:
    if path == Path(__file__).resolve():
        return
    text = path.read_text(encoding="utf-8")
    named = [d for d in DESIGN if d in text]
    assert not named, f"{path.relative_to(ROOT)} names {named}: cite the docs/ page instead"


def test_the_checks_can_fail(tmp_path: Path) -> None:
    """The patterns find what they are for (so the tests above cannot pass by matching nothing)."""
    line = 'the forecast (docs/rules.md, "The simulation (numbers)"), and ' + DESIGN[1] + " §4"
    assert [m for m in CITED.findall(line)] == ["docs/rules.md", DESIGN[1]]
    assert not resolves(DESIGN[1]) and resolves("docs/rules.md") and resolves("report.md")
    assert SECTION.findall(line) == [("docs/rules.md", "The simulation (numbers)")]
    assert has_section(ROOT / "docs" / "rules.md", "The simulation (numbers)")
    assert not has_section(ROOT / "docs" / "rules.md", "The simulation (words)")
