"""Colours, fonts and sizes from assets/theme.json, scaled from the 1920×1080 reference."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pygame
import pygame_gui

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
FONT_DIR = Path(pygame_gui.__file__).resolve().parent / "data"
REFERENCE_HEIGHT = 1080
REFERENCE_WIDTH = 1920


def load_theme_file() -> dict:
    """The theme file's contents."""
    return json.loads((ASSETS / "theme.json").read_text(encoding="utf-8"))


def hex_rgb(value: str) -> tuple[int, int, int]:
    """'#RRGGBB' -> (r, g, b)."""
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG 2)."""

    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio between two colours."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass(frozen=True)
class Theme:
    """One palette plus the scale of the current screen."""

    name: str
    colours: dict[str, tuple[int, int, int]]
    scale: float
    sizes: dict[str, int]
    font_files: dict[str, str]

    def c(self, key: str) -> tuple[int, int, int]:
        """A colour by role."""
        return self.colours[key]

    def px(self, value: float) -> int:
        """A length at the reference size, scaled to this screen."""
        return max(1, round(value * self.scale))

    def font(self, size: str, bold: bool = False) -> pygame.font.Font:
        """The font for a named size (timer, title, card_title, body, caption)."""
        return _font(self.font_files["bold" if bold else "regular"], self.px(self.sizes[size]))


@lru_cache(maxsize=64)
def _font(file: str, pixels: int) -> pygame.font.Font:
    if not pygame.font.get_init():
        pygame.font.init()
    return pygame.font.Font(str(FONT_DIR / file), pixels)


def make_theme(name: str, height: int, width: int | None = None) -> Theme:
    """The named theme for a screen of this size: lengths scale with the height, or with the
    width on screens narrower than 16:9, so layouts keep their proportions."""
    data = load_theme_file()
    colours = {k: hex_rgb(v) for k, v in data["themes"][name].items()}
    return Theme(
        name=name,
        colours=colours,
        scale=min(height / REFERENCE_HEIGHT, (width or height * 16 / 9) / REFERENCE_WIDTH),
        sizes=data["sizes_at_1080p"],
        font_files=data["fonts"],
    )


THEMES = ("light", "dark")
