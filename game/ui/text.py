"""Text on the projector: wrapped to a box, never shrunk below the scale, never cut silently.

When text does not fit its box, the last visible line ends with "…" and the box is recorded
in `OVERFLOWS`, so a test can fail on it and the focus panel can show the full sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pygame

OVERFLOWS: list[str] = []  # texts cut this frame (cleared by the app at each frame)
MISSING_GLYPHS: set[str] = set()  # characters drawn that the font has no glyph for (shown as ▯)


@lru_cache(maxsize=4096)
def _render(font: pygame.font.Font, text: str, colour: tuple[int, int, int]) -> pygame.Surface:
    try:
        return font.render(text, True, colour)
    except pygame.error:  # only zero-width characters: nothing to see
        return font.render("", True, colour)


def render(font: pygame.font.Font, text: str, colour: tuple[int, int, int]) -> pygame.Surface:
    """A rendered line, cached (the same words are drawn every frame)."""
    for ch in text:
        if ord(ch) > 127 and not has_glyph(font, ch):
            MISSING_GLYPHS.add(ch)
    return _render(font, text, colour)


@lru_cache(maxsize=2048)
def glyph(font: pygame.font.Font, ch: str) -> bool | None:
    """Whether the font draws this character (rather than its empty 'missing' box); None when
    it cannot be measured (a zero-width character renders nothing at all)."""
    try:
        missing = pygame.image.tobytes(font.render("\ue000", True, (0, 0, 0)), "RGBA")
        return pygame.image.tobytes(font.render(ch, True, (0, 0, 0)), "RGBA") != missing
    except pygame.error:  # "Text has zero width"
        return None


def has_glyph(font: pygame.font.Font, ch: str) -> bool:
    """Whether the font draws this character; False for one it cannot measure."""
    return bool(glyph(font, ch))


@lru_cache(maxsize=4096)
def wrap(font: pygame.font.Font, text: str, width: int) -> tuple[str, ...]:
    """Split text into lines no wider than `width` (a word longer than the width is split)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if font.size(candidate)[0] <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while font.size(word)[0] > width and len(word) > 1:
                cut = len(word)
                while cut > 1 and font.size(word[:cut])[0] > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return tuple(lines)


def fits(font: pygame.font.Font, text: str, rect: pygame.Rect) -> bool:
    """Whether the text fits the box at this font size."""
    lines = wrap(font, text, rect.width)
    return len(lines) * font.get_linesize() <= rect.height


def draw_text(
    surface: pygame.Surface,
    text: str,
    font: pygame.font.Font,
    colour: tuple[int, int, int],
    rect: pygame.Rect,
    align: str = "left",
    valign: str = "top",
) -> int:
    """Draw wrapped text inside `rect`; return the height used. Overflow is marked and recorded."""
    lines = list(wrap(font, text, rect.width))
    step = font.get_linesize()
    room = max(rect.height // step, 1)
    if len(lines) > room:
        OVERFLOWS.append(text)
        lines = lines[:room]
        last = lines[-1]
        while last and font.size(last + " …")[0] > rect.width:
            last = last[:-1]
        lines[-1] = last.rstrip() + " …"
    used = len(lines) * step
    y = rect.y + (rect.height - used) // 2 if valign == "middle" else rect.y
    if valign == "bottom":
        y = rect.bottom - used
    for line in lines:
        image = render(font, line, colour)
        if align == "center":
            x = rect.x + (rect.width - image.get_width()) // 2
        elif align == "right":
            x = rect.right - image.get_width()
        else:
            x = rect.x
        surface.blit(image, (x, y))
        y += step
    return used


def text_height(font: pygame.font.Font, text: str, width: int) -> int:
    """The height wrapped text needs at this width."""
    return len(wrap(font, text, width)) * font.get_linesize()


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def paginate(font: pygame.font.Font, text: str, rect: pygame.Rect) -> list[str]:
    """Split text into pages that each fit the box (long briefings turn pages, never shrink).
    A page turns between paragraphs or between sentences, never inside a sentence (unless
    one sentence alone is longer than a page)."""
    per_page = max(rect.height // font.get_linesize(), 1)

    def height(paragraphs: list[list[str]]) -> int:
        return len(wrap(font, "\n\n".join(" ".join(p) for p in paragraphs), rect.width))

    def page(paragraphs: list[list[str]]) -> str:
        return "\n\n".join(" ".join(p) for p in paragraphs if p)

    pages: list[str] = []
    current: list[list[str]] = []
    for paragraph in text.split("\n\n"):
        current.append([])
        for sentence in SENTENCE_END.split(paragraph.strip()):
            current[-1].append(sentence)
            if height(current) <= per_page:
                continue
            current[-1].pop()
            if any(current):
                pages.append(page(current))
            current = [[sentence]]
            lines = list(wrap(font, sentence, rect.width))
            while len(lines) > per_page:  # one sentence longer than a page: turn by lines
                pages.append("\n".join(lines[:per_page]))
                lines = lines[per_page:]
            current = [[" ".join(lines)]]
    if any(current):
        pages.append(page(current))
    return [p for p in pages if p.strip()] or [""]
