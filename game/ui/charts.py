"""The debrief report's charts, drawn headless on pygame surfaces and returned as PNG bytes.

Same look as the projector (light theme, Noto Sans, the status shapes of `widgets.py`): the
watermelon chart, the scores per behaviour, and when each problem was first named against when
it became certain to miss. No display is needed; the CLI passes plain data, so the report
package never imports pygame.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence

import pygame

from game.engine.words import COMPONENTS, SCORE_TITLES, STATUSES
from game.session.debrief import WATERMELON_SAID, KeyResultWeeks
from game.ui.text import draw_text, render
from game.ui.theme import Theme, make_theme
from game.ui.widgets import STATUS, draw_shape

WIDTH, PAD = 1600, 32  # drawn at 1080p sizes, shown at about 60% in the page: crisp text
LABEL_W, RESULT_W, ROW_H = 560, 300, 84
BARS = tuple((name, SCORE_TITLES[name]) for name in (*COMPONENTS, "total"))  # the scores chart
Marker = Callable[[tuple[int, int]], None]  # draws a legend marker at its centre
SERIES = ("accent", "neutral", "highlight", "at_risk", "on_track", "off_track")


def theme() -> Theme:
    """The light projector theme at its reference size."""
    return make_theme("light", 1080)


def png(surface: pygame.Surface) -> bytes:
    """The surface as PNG bytes."""
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "chart.png")
    return buffer.getvalue()


def canvas(t: Theme, height: int) -> pygame.Surface:
    """A white chart of the standard width."""
    surface = pygame.Surface((WIDTH, height))
    surface.fill(t.c("surface"))
    return surface


def text(
    surface: pygame.Surface,
    t: Theme,
    words: str,
    rect: pygame.Rect,
    bold: bool = False,
    colour: str = "text",
    **kw: str,
) -> int:
    """Caption-size text wrapped into a box."""
    return draw_text(surface, words, t.font("caption", bold=bold), t.c(colour), rect, **kw)


def legend(surface: pygame.Surface, t: Theme, y: int, items: Sequence[tuple[Marker, str]]) -> None:
    """A row of (marker drawer, words) pairs; each drawer gets the marker's centre."""
    font = t.font("caption")
    x = PAD
    for draw, words in items:
        draw((x + 18, y + font.get_linesize() // 2))
        image = render(font, words, t.c("text"))
        surface.blit(image, (x + 44, y))
        x += 44 + image.get_width() + 36


def status_legend(surface: pygame.Surface, t: Theme, y: int) -> None:
    """● ON TRACK  ▲ AT RISK  ■ OFF TRACK, drawn as the projector draws them."""
    legend(
        surface,
        t,
        y,
        [(lambda c, s=s: draw_shape(surface, t, s, c, 30), STATUS[s][2]) for s in STATUSES],
    )


def watermelon_png(rows: Sequence[KeyResultWeeks], weeks: Sequence[int]) -> bytes:
    """Rows of key results, columns of the debrief's grid weeks (the check-ins and the quarter's
    end): outer ring reported, inside the truth."""
    t = theme()
    line = t.font("caption").get_linesize()
    top = PAD + line + 12
    height = top + len(rows) * ROW_H + 4 * line + 2 * PAD
    surface = canvas(t, height)
    col_w = (WIDTH - 2 * PAD - LABEL_W - RESULT_W) // max(len(weeks), 1)
    x0 = PAD + LABEL_W
    for j, week in enumerate(weeks):
        head = pygame.Rect(x0 + j * col_w, PAD, col_w, line)
        text(surface, t, f"wk {week}", head, bold=True, colour="muted", align="center")
    result_x = x0 + col_w * len(weeks) + 16
    text(surface, t, "Result", pygame.Rect(result_x, PAD, RESULT_W, line), True, "muted")
    for i, row in enumerate(rows):
        band = pygame.Rect(PAD // 2, top + i * ROW_H, WIDTH - PAD, ROW_H)
        if i % 2 == 0:
            pygame.draw.rect(surface, t.c("background"), band)
        if row.watermelon:
            pygame.draw.rect(surface, t.c("highlight"), band.inflate(-4, -4), width=5)
        label = pygame.Rect(PAD, band.y, LABEL_W - 16, ROW_H)
        text(surface, t, row.label, label, valign="middle")
        size = int(ROW_H * 0.7)
        for j, week in enumerate(weeks):
            centre = (x0 + j * col_w + col_w // 2, band.centery)
            cell = row.cell(week)
            if cell.true is not None:
                draw_shape(surface, t, cell.true, centre, int(size * 0.55))
            if cell.reported is not None:
                draw_shape(surface, t, cell.reported, centre, size, hollow=True)
        words = row.verdict.replace(" · ", "\n")
        result = pygame.Rect(result_x, band.y, RESULT_W - 16, ROW_H)
        text(surface, t, words, result, bold=row.watermelon, valign="middle")
    y = top + len(rows) * ROW_H + PAD // 2

    def ring(c: tuple[int, int]) -> None:
        draw_shape(surface, t, "on track", c, 34, hollow=True)

    def fill(c: tuple[int, int]) -> None:
        draw_shape(surface, t, "off track", c, 20)

    legend(
        surface, t, y, [(ring, "outer ring: what was reported"), (fill, "inside: what was true")]
    )
    status_legend(surface, t, y + line + 8)
    text(
        surface,
        t,
        f"{WATERMELON_SAID} Its row has a pink frame.",
        pygame.Rect(PAD, y + 2 * line + 16, WIDTH - 2 * PAD, 2 * line),
        colour="muted",
    )
    return png(surface)


def scores_png(series: Sequence[tuple[str, Mapping[str, float]]]) -> bytes:
    """Horizontal bars, 0–100, for the four components and the total; one bar per series."""
    t = theme()
    font = t.font("caption")
    line = font.get_linesize()
    several = len(series) > 1
    bar_h = 40 if several else 52
    group = bar_h * len(series) + 28
    top = PAD
    height = top + group * len(BARS) + line + 2 * PAD
    surface = canvas(t, height)
    label_w, value_w = 320, 480 if several else 120
    x0, x1 = PAD + label_w, WIDTH - PAD - value_w
    bottom = top + group * len(BARS)
    for tick in range(0, 101, 25):
        x = x0 + (x1 - x0) * tick // 100
        pygame.draw.line(surface, t.c("background"), (x, top), (x, bottom), 2)
        image = render(font, str(tick), t.c("muted"))
        surface.blit(image, (x - image.get_width() // 2, bottom + 8))
    for g, (key, title) in enumerate(BARS):
        y = top + g * group + 14
        box = pygame.Rect(PAD, y, label_w - 16, bar_h * len(series))
        text(surface, t, title, box, bold=key == "total", valign="middle")
        for n, (name, values) in enumerate(series):
            value = max(0.0, min(float(values.get(key, 0.0)), 100.0))
            colour = "text" if key == "total" and not several else SERIES[n % len(SERIES)]
            bar = pygame.Rect(x0, y + n * bar_h + 4, int((x1 - x0) * value / 100), bar_h - 8)
            pygame.draw.rect(surface, t.c(colour), bar, border_radius=6)
            words = f"{value:.1f}" + (f"  {name}" if several else "")
            room = pygame.Rect(bar.right + 12, bar.y, WIDTH - PAD - bar.right - 12, bar.height)
            text(surface, t, shorten(t, words, room.width), room, bold=True, valign="middle")
    pygame.draw.line(surface, t.c("border"), (x0, top), (x0, bottom), 2)
    return png(surface)


def timeline_png(rows: Sequence[KeyResultWeeks], weeks: int) -> bytes:
    """Per key result, over the quarter's weeks: when it could have been named (hollow circle),
    when it was named (diamond), and when it became certain to miss (vertical bar)."""
    t = theme()
    line = t.font("caption").get_linesize()
    top = PAD + line + 12
    height = top + len(rows) * ROW_H + 2 * line + 2 * PAD
    surface = canvas(t, height)
    x0, x1 = PAD + LABEL_W, WIDTH - PAD - RESULT_W

    def at(week: int) -> int:
        return x0 + (x1 - x0) * week // max(weeks, 1)

    for week in range(weeks + 1):
        head = pygame.Rect(at(week) - 40, PAD, 80, line)
        text(surface, t, str(week), head, colour="muted", align="center")
    text(surface, t, "Result", pygame.Rect(x1 + 48, PAD, RESULT_W, line), True, "muted")
    for i, row in enumerate(rows):
        band = pygame.Rect(PAD // 2, top + i * ROW_H, WIDTH - PAD, ROW_H)
        if i % 2 == 0:
            pygame.draw.rect(surface, t.c("background"), band)
        text(surface, t, row.label, pygame.Rect(PAD, band.y, LABEL_W - 16, ROW_H), valign="middle")
        mid = band.centery
        pygame.draw.line(surface, t.c("border"), (at(0), mid), (at(weeks), mid), 2)
        if row.warning is not None:
            end = row.named if row.named is not None else weeks
            span = pygame.Rect(at(row.warning), mid - 8, max(at(end) - at(row.warning), 4), 16)
            pygame.draw.rect(surface, t.c("at_risk"), span, border_radius=8)
        if row.certain is not None:
            pygame.draw.rect(surface, t.c("off_track"), (at(row.certain) - 4, band.y + 10, 9, 64))
        if row.warning is not None:
            pygame.draw.circle(surface, t.c("accent"), (at(row.warning), mid), 20, 6)
        if row.named is not None:
            diamond(surface, t, (at(row.named), mid), 17)
        elif row.warning is not None:
            box = pygame.Rect(x0, mid - line - 6, x1 - x0, line)
            text(surface, t, "never named", box, bold=True, align="right")
        text(
            surface,
            t,
            row.result,
            pygame.Rect(x1 + 48, band.y, RESULT_W - 48, ROW_H),
            valign="middle",
        )
    y = top + len(rows) * ROW_H + PAD // 2

    def could(c: tuple[int, int]) -> None:
        pygame.draw.circle(surface, t.c("accent"), c, 16, 5)

    def certain(c: tuple[int, int]) -> None:
        pygame.draw.rect(surface, t.c("off_track"), (c[0] - 4, c[1] - 18, 9, 36))

    def late(c: tuple[int, int]) -> None:
        pygame.draw.rect(surface, t.c("at_risk"), (c[0] - 18, c[1] - 7, 36, 14), border_radius=7)

    legend(
        surface,
        t,
        y,
        [
            (could, "could have been named (forecast under 65%)"),
            (lambda c: diamond(surface, t, c, 15), "named"),
            (certain, "certain to miss (under 5%)"),
        ],
    )
    legend(surface, t, y + line + 8, [(late, "weeks it went unnamed")])
    return png(surface)


def shorten(t: Theme, words: str, width: int) -> str:
    """The words cut with "…" to fit one bold caption line of this width."""
    font = t.font("caption", bold=True)
    if font.size(words)[0] <= width:
        return words
    while words and font.size(words + "…")[0] > width:
        words = words[:-1]
    return words.rstrip() + "…"


def diamond(surface: pygame.Surface, t: Theme, centre: tuple[int, int], r: int) -> None:
    """A filled dark diamond: the week a problem was named."""
    x, y = centre
    pygame.draw.polygon(surface, t.c("text"), [(x, y - r), (x + r, y), (x, y + r), (x - r, y)])
