"""The programme view's charts (docs/cohort.md), drawn headless like the debrief's.

Same look and helpers as `charts.py` (light projector theme, Noto Sans at caption size, drawn
1600 px wide so the text stays readable on a projector at about 60%): score distributions as
box plots, shares as 100% stacked bars, rates as bars, candour over the quarter as lines, and the
before/after changes with their confidence intervals. The CLI passes plain data; PNG bytes out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pygame

from game.ui.charts import PAD, WIDTH, canvas, legend, png, shorten, text, theme
from game.ui.text import render

LABEL_W, VALUE_W, ROW_H = 480, 260, 64


@dataclass(frozen=True)
class Box:
    """One group's distribution: 10th, 25th, 50th, 75th, 90th percentiles and the mean."""

    label: str
    quantiles: Sequence[float]
    mean: float
    n: int


@dataclass(frozen=True)
class Stack:
    """One group's shares (summing to 1) of the parts named by the chart, and its count."""

    label: str
    shares: Sequence[float]
    n: int


@dataclass(frozen=True)
class Change:
    """One measure's change (after − before) and its confidence interval."""

    title: str
    change: float | None
    low: float | None
    high: float | None
    words: str  # the numbers, as the table says them


def _height(rows: int, extra_lines: int, line: int) -> int:
    return PAD + line + 12 + rows * ROW_H + extra_lines * (line + 8) + 2 * PAD


def _axis(
    surface: pygame.Surface, t, x0: int, x1: int, top: int, bottom: int, ticks: Sequence[float]
) -> None:
    """Vertical grid lines with their values under the last row."""
    font = t.font("caption")
    for tick, words in ticks:
        x = x0 + int((x1 - x0) * tick)
        pygame.draw.line(surface, t.c("border"), (x, top), (x, bottom), 1)
        image = render(font, words, t.c("muted"))
        surface.blit(image, (x - image.get_width() // 2, bottom + 6))


def _band(surface: pygame.Surface, t, i: int, top: int) -> pygame.Rect:
    """Row i's band (drawn beforehand by `_bands`)."""
    return pygame.Rect(PAD // 2, top + i * ROW_H, WIDTH - PAD, ROW_H)


def _bands(surface: pygame.Surface, t, rows: int, top: int) -> None:
    """Every other row shaded, drawn before the grid so the grid shows across them."""
    for i in range(0, rows, 2):
        pygame.draw.rect(surface, t.c("background"), _band(surface, t, i, top))


def boxes_png(rows: Sequence[Box], axis_max: float = 100.0, unit: str = "") -> bytes:
    """A box plot per group, 0–`axis_max`: whiskers 10th–90th percentile, box 25th–75th,
    a bar at the median, a diamond at the mean; the median and n written beside it."""
    t = theme()
    line = t.font("caption").get_linesize()
    top = PAD + line + 12
    surface = canvas(t, _height(len(rows), 2, line))
    x0, x1 = PAD + LABEL_W, WIDTH - PAD - VALUE_W
    bottom = top + len(rows) * ROW_H
    ticks = [(f / 4, f"{axis_max * f / 4:g}") for f in range(5)]
    _bands(surface, t, len(rows), top)
    _axis(surface, t, x0, x1, top, bottom, ticks)
    text(surface, t, f"median{unit}  (n)", pygame.Rect(x1 + 24, PAD, VALUE_W, line), True, "muted")

    def at(value: float) -> int:
        return x0 + int((x1 - x0) * max(0.0, min(value / axis_max, 1.0)))

    for i, row in enumerate(rows):
        band = _band(surface, t, i, top)
        label = pygame.Rect(PAD, band.y, LABEL_W - 16, ROW_H)
        text(surface, t, shorten(t, row.label, label.width), label, valign="middle")
        mid = band.centery
        p10, p25, p50, p75, p90 = (float(q) for q in row.quantiles)
        pygame.draw.line(surface, t.c("text"), (at(p10), mid), (at(p90), mid), 3)
        for end in (p10, p90):
            pygame.draw.line(surface, t.c("text"), (at(end), mid - 12), (at(end), mid + 12), 3)
        box = pygame.Rect(at(p25), mid - 20, max(at(p75) - at(p25), 3), 40)
        pygame.draw.rect(surface, t.c("neutral"), box, border_radius=4)
        pygame.draw.rect(surface, t.c("accent"), box, width=3, border_radius=4)
        pygame.draw.rect(surface, t.c("text"), (at(p50) - 3, mid - 24, 6, 48))
        _diamond(surface, t, (at(row.mean), mid), 11, "highlight")
        words = f"{p50:.1f}  ({row.n})"
        text(surface, t, words, pygame.Rect(x1 + 24, band.y, VALUE_W, ROW_H), True, valign="middle")
    y = bottom + line + 16

    def whisker(c: tuple[int, int]) -> None:
        pygame.draw.line(surface, t.c("text"), (c[0] - 18, c[1]), (c[0] + 18, c[1]), 3)

    def box_marker(c: tuple[int, int]) -> None:
        pygame.draw.rect(surface, t.c("neutral"), (c[0] - 18, c[1] - 12, 36, 24))
        pygame.draw.rect(surface, t.c("text"), (c[0] - 3, c[1] - 14, 6, 28))

    legend(
        surface,
        t,
        y,
        [
            (whisker, "10th–90th percentile"),
            (box_marker, "25th–75th, bar at the median"),
            (lambda c: _diamond(surface, t, c, 11, "highlight"), "mean"),
        ],
    )
    return png(surface)


def stacks_png(rows: Sequence[Stack], parts: Sequence[tuple[str, str]]) -> bytes:
    """A 100% bar per group, split into `parts` ((title, colour role) each), with the share
    written in every part wide enough to hold it, and n beside the bar."""
    t = theme()
    line = t.font("caption").get_linesize()
    top = PAD + line + 12
    surface = canvas(t, _height(len(rows), 1, line))
    x0, x1 = PAD + LABEL_W, WIDTH - PAD - 140
    bottom = top + len(rows) * ROW_H
    _bands(surface, t, len(rows), top)
    _axis(surface, t, x0, x1, top, bottom, [(f / 4, f"{f * 25}%") for f in range(5)])
    text(surface, t, "n", pygame.Rect(x1 + 24, PAD, 120, line), True, "muted")
    font = t.font("caption", bold=True)
    for i, row in enumerate(rows):
        band = _band(surface, t, i, top)
        label = pygame.Rect(PAD, band.y, LABEL_W - 16, ROW_H)
        text(surface, t, shorten(t, row.label, label.width), label, valign="middle")
        x = float(x0)
        for share, (_title, colour) in zip(row.shares, parts, strict=True):
            width = (x1 - x0) * max(float(share), 0.0)
            rect = pygame.Rect(int(x), band.y + 10, max(int(x + width) - int(x), 0), ROW_H - 20)
            if rect.width:
                pygame.draw.rect(surface, t.c(colour), rect)
                words = f"{share:.0%}"
                image = render(font, words, t.c("text"))
                if image.get_width() + 12 <= rect.width:
                    surface.blit(image, image.get_rect(center=rect.center))
            x += width
        text(
            surface, t, str(row.n), pygame.Rect(x1 + 24, band.y, 120, ROW_H), True, valign="middle"
        )
    items = []
    for title, colour in parts:

        def swatch(c: tuple[int, int], colour: str = colour) -> None:
            pygame.draw.rect(surface, t.c(colour), (c[0] - 18, c[1] - 12, 36, 24))

        items.append((swatch, title))
    legend(surface, t, bottom + line + 16, items)
    return png(surface)


def bars_png(rows: Sequence[tuple[str, float, str]], axis_max: float = 1.0) -> bytes:
    """One bar per row (label, value, words written after the bar), 0–`axis_max` as percent."""
    t = theme()
    line = t.font("caption").get_linesize()
    top = PAD + line + 12
    surface = canvas(t, _height(len(rows), 0, line))
    x0, x1 = PAD + LABEL_W, WIDTH - PAD - VALUE_W - 60
    bottom = top + len(rows) * ROW_H
    ticks = [(f / 4, f"{axis_max * f / 4:.0%}") for f in range(5)]  # axis_max: a multiple of 20%
    _bands(surface, t, len(rows), top)
    _axis(surface, t, x0, x1, top, bottom, ticks)
    for i, (label, value, words) in enumerate(rows):
        band = _band(surface, t, i, top)
        box = pygame.Rect(PAD, band.y, LABEL_W - 16, ROW_H)
        text(surface, t, shorten(t, label, box.width), box, valign="middle")
        share = max(0.0, min(float(value) / axis_max, 1.0)) if axis_max else 0.0
        bar = pygame.Rect(x0, band.y + 12, int((x1 - x0) * share), ROW_H - 24)
        pygame.draw.rect(surface, t.c("highlight"), bar, border_radius=6)
        room = pygame.Rect(bar.right + 12, band.y, WIDTH - PAD - bar.right - 12, ROW_H)
        text(surface, t, shorten(t, words, room.width), room, bold=True, valign="middle")
    return png(surface)


def lines_png(
    weeks: Sequence[int], series: Sequence[tuple[str, Mapping[int, float], str]]
) -> bytes:
    """Lines over the quarter's check-in weeks, 0–100%: one per (title, week → value, colour)."""
    t = theme()
    font = t.font("caption")
    line = font.get_linesize()
    plot_h = 560
    top = PAD + 8
    surface = canvas(t, top + plot_h + 2 * line + 2 * (line + 8) + 2 * PAD)
    x0, x1 = PAD + 120, WIDTH - PAD - 40
    y0, y1 = top + plot_h, top

    def xy(i: int, value: float) -> tuple[int, int]:
        x = x0 + (x1 - x0) * i // max(len(weeks) - 1, 1) if len(weeks) > 1 else (x0 + x1) // 2
        return x, y0 - int((y0 - y1) * max(0.0, min(value, 1.0)))

    for f in range(5):
        y = y0 - (y0 - y1) * f // 4
        pygame.draw.line(surface, t.c("background"), (x0, y), (x1, y), 2)
        image = render(font, f"{f * 25}%", t.c("muted"))
        surface.blit(image, (x0 - image.get_width() - 16, y - image.get_height() // 2))
    for i, week in enumerate(weeks):
        image = render(font, f"wk {week}", t.c("muted"))
        x = xy(i, 0)[0]
        surface.blit(image, (x - image.get_width() // 2, y0 + 10))
    pygame.draw.line(surface, t.c("border"), (x0, y0), (x1, y0), 2)
    for n, (_title, values, colour) in enumerate(series):
        points = [xy(i, values[w]) for i, w in enumerate(weeks) if w in values]
        if len(points) > 1:
            pygame.draw.lines(surface, t.c(colour), False, points, 6)
        for p in points:
            _marker(surface, t, n, p, colour)
    items = []
    for n, (title, _values, colour) in enumerate(series):

        def mark(c: tuple[int, int], n: int = n, colour: str = colour) -> None:
            pygame.draw.line(surface, t.c(colour), (c[0] - 18, c[1]), (c[0] + 18, c[1]), 6)
            _marker(surface, t, n, c, colour)

        items.append((mark, title))
    legend(surface, t, y0 + line + 24, items)
    return png(surface)


def changes_png(rows: Sequence[Change]) -> bytes:
    """Each measure's change after − before on its own scale centred on no change: a dot at
    the change, a bar across its confidence interval; an interval that crosses the centre line
    is drawn hollow (no clear change)."""
    t = theme()
    line = t.font("caption").get_linesize()
    top = PAD + line + 12
    surface = canvas(t, _height(len(rows), 1, line))
    label_w, words_w = 560, 440
    x0, x1 = PAD + label_w, WIDTH - PAD - words_w
    centre = (x0 + x1) // 2
    bottom = top + len(rows) * ROW_H
    _bands(surface, t, len(rows), top)
    for words, align in (("less", "left"), ("no change", "center"), ("more", "right")):
        head = pygame.Rect(x0, PAD, x1 - x0, line)
        text(surface, t, words, head, colour="muted", align=align)
    for i, row in enumerate(rows):
        band = _band(surface, t, i, top)
        box = pygame.Rect(PAD, band.y, label_w - 16, ROW_H)
        text(surface, t, shorten(t, row.title, box.width), box, valign="middle")
        mid = band.centery
        pygame.draw.line(surface, t.c("border"), (centre, band.y + 6), (centre, band.bottom - 6), 2)
        values = [abs(v) for v in (row.change, row.low, row.high) if v is not None]
        reach = max(values) if values and max(values) > 0 else 1.0

        def at(v: float, reach: float = reach) -> int:
            return centre + int((x1 - x0) / 2 * 0.9 * v / reach)

        if row.low is not None and row.high is not None:
            clear = row.low > 0 or row.high < 0
            span = pygame.Rect(at(row.low), mid - 9, max(at(row.high) - at(row.low), 4), 18)
            if clear:
                pygame.draw.rect(surface, t.c("accent"), span, border_radius=9)
            else:
                pygame.draw.rect(surface, t.c("accent"), span, width=4, border_radius=9)
        if row.change is not None:
            pygame.draw.circle(surface, t.c("text"), (at(row.change), mid), 13)
        room = pygame.Rect(x1 + 24, band.y, words_w - 24, ROW_H)
        text(surface, t, shorten(t, row.words, room.width), room, bold=True, valign="middle")

    def dot(c: tuple[int, int]) -> None:
        pygame.draw.circle(surface, t.c("text"), c, 12)

    def clear(c: tuple[int, int]) -> None:
        pygame.draw.rect(surface, t.c("accent"), (c[0] - 20, c[1] - 8, 40, 16), border_radius=8)

    def unclear(c: tuple[int, int]) -> None:
        pygame.draw.rect(
            surface, t.c("accent"), (c[0] - 20, c[1] - 8, 40, 16), width=4, border_radius=8
        )

    legend(
        surface,
        t,
        bottom + 16,
        [
            (dot, "change"),
            (clear, "95% interval, clear of 0"),
            (unclear, "interval includes no change"),
        ],
    )
    return png(surface)


def _diamond(surface: pygame.Surface, t, centre: tuple[int, int], r: int, colour: str) -> None:
    x, y = centre
    points = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    pygame.draw.polygon(surface, t.c(colour), points)
    pygame.draw.polygon(surface, t.c("text"), points, 2)


def _marker(surface: pygame.Surface, t, n: int, c: tuple[int, int], colour: str) -> None:
    """A different shape per series, so the lines read without colour too."""
    if n % 3 == 0:
        pygame.draw.circle(surface, t.c(colour), c, 11)
    elif n % 3 == 1:
        pygame.draw.rect(surface, t.c(colour), (c[0] - 10, c[1] - 10, 20, 20))
    else:
        _diamond(surface, t, c, 13, colour)
