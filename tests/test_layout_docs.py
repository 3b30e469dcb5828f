"""README's layout table and docs/architecture.md name every package as it is (issue: the
README's table matches the architecture page, and both match game/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.test_architecture import GAME, LAYER

ROOT = GAME.parent
PACKAGES = sorted(p.name for p in GAME.iterdir() if (p / "__init__.py").exists())


def table_paths(page: Path) -> set[str]:
    """The `game/…/` packages named in the first column of a page's tables."""
    found: set[str] = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `game/"):
            first = line.split("|")[1]
            found |= set(re.findall(r"`game/(\w+)/`", first))
    return found


def test_every_package_has_a_layer() -> None:
    assert set(PACKAGES) == set(LAYER), "tests/test_architecture.py LAYER must list every package"


@pytest.mark.parametrize("page", ["README.md", "docs/architecture.md"])
def test_the_layout_tables_name_every_package(page: str) -> None:
    named, packages = table_paths(ROOT / page), set(PACKAGES)
    assert named == packages, (
        f"{page}: missing {sorted(packages - named)}, not a package {sorted(named - packages)}"
    )


@pytest.mark.parametrize("page", ["README.md", "docs/architecture.md"])
def test_the_drawn_direction_names_every_package(page: str) -> None:
    text = (ROOT / page).read_text(encoding="utf-8")
    arrows = [line for line in text.splitlines() if line.count("←") >= 5]
    assert arrows, f"{page} draws no dependency direction"
    words = set(re.findall(r"\w+", " ".join(arrows)))
    assert set(PACKAGES) <= words, f"{page}: the direction omits {sorted(set(PACKAGES) - words)}"
