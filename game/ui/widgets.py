"""Drawn pieces every screen uses: status marks, cards, buttons, bars and meters.

Status is always three things at once — colour, shape and word — with the confidence beside
it: circle ON TRACK, triangle AT RISK, square OFF TRACK. Shapes are drawn, not typed (the font
has no ● ▲ ■ glyphs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from game.engine.words import BAND_MARKS, NOT_YET, STATUS_MARKS, status
from game.session.moves import Move
from game.ui.text import draw_text, render, text_height, wrap
from game.ui.theme import Theme

STATUS = {
    "on track": ("on_track", "circle", STATUS_MARKS["on track"]),
    "at risk": ("at_risk", "triangle", STATUS_MARKS["at risk"]),
    "off track": ("off_track", "square", STATUS_MARKS["off track"]),
    "unknown": ("neutral", "diamond", NOT_YET),
}
# A KPI against its band: in it, the on-track circle; out of it, the off-track square.
BAND = {True: "on track", False: "off track"}


def status_of(confidence: int | None) -> str:
    """The status a confidence stands for (`game.engine.words.status`), or "unknown" for none."""
    return "unknown" if confidence is None else status(confidence)


def draw_shape(
    surface: pygame.Surface,
    theme: Theme,
    status: str,
    center: tuple[int, int],
    size: int,
    hollow: bool = False,
) -> None:
    """The status shape in its colour (hollow draws only the outline: what was reported)."""
    colour_key, shape, _ = STATUS[status]
    colour = theme.c(colour_key)
    x, y = center
    r = size // 2
    width = max(2, size // 7) if hollow else 0
    if shape == "circle":
        pygame.draw.circle(surface, colour, center, r, width)
    elif shape == "triangle":
        points = [(x, y - r), (x + r, y + r - r // 4), (x - r, y + r - r // 4)]
        pygame.draw.polygon(surface, colour, points, width)
    elif shape == "square":
        pygame.draw.rect(
            surface, colour, pygame.Rect(x - r + 2, y - r + 2, 2 * r - 4, 2 * r - 4), width
        )
    else:
        pygame.draw.polygon(
            surface, colour, [(x, y - r), (x + r, y), (x, y + r), (x - r, y)], width
        )


def draw_status(
    surface: pygame.Surface,
    theme: Theme,
    confidence: int | None,
    topleft: tuple[int, int],
    font_size: str = "caption",
) -> int:
    """Shape, word and confidence in one row; returns the width used."""
    status = status_of(confidence)
    font = theme.font(font_size, bold=True)
    h = font.get_linesize()
    draw_shape(surface, theme, status, (topleft[0] + h // 2, topleft[1] + h // 2), int(h * 0.8))
    word = STATUS[status][2] + (f"  {confidence}/10" if confidence is not None else "")
    image = render(font, word, theme.c("text"))
    surface.blit(image, (topleft[0] + h + theme.px(10), topleft[1]))
    return h + theme.px(10) + image.get_width()


def draw_band(
    surface: pygame.Surface,
    theme: Theme,
    inside: bool,
    topleft: tuple[int, int],
    font_size: str = "caption",
    colour: str = "text",
) -> int:
    """A KPI against its band in one row — shape, colour and word (IN BAND / OUT OF BAND), as
    every screen marks it; returns the width used."""
    font = theme.font(font_size, bold=True)
    h = font.get_linesize()
    draw_shape(
        surface, theme, BAND[inside], (topleft[0] + h // 2, topleft[1] + h // 2), int(h * 0.8)
    )
    image = render(font, BAND_MARKS[inside], theme.c(colour))
    surface.blit(image, (topleft[0] + h + theme.px(10), topleft[1]))
    return h + theme.px(10) + image.get_width()


@dataclass
class Choice:
    """Something the facilitator can focus and activate: a card or a button."""

    key: str
    label: str
    detail: str = ""
    full: str = ""  # the full sentence, shown in the focus panel
    on_activate: Callable[[], None] | None = None
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    selected: bool = False
    enabled: bool = True
    status: int | None = None
    band: bool | None = None  # a KPI's card: in its band or not (drawn where a status goes)
    marks: tuple[str, ...] = ()  # short tags under the label (VOTED, TESTED: KPI TARGET …)
    button: bool = False
    actions: tuple[tuple[str, Callable[[], None]], ...] = ()  # buttons on the grown card
    badge: str = ""  # a short count in a pill at the card's bottom right (votes)
    marks_on_card: bool = True  # False: marks show only on the grown card
    move: Move | None = None  # the table's move `on_activate` plays, if it plays one
    action_moves: tuple[Move | None, ...] = ()  # the move each of `actions` plays, if any
    reach: tuple[Move, ...] = ()  # moves on another view this choice opens (a tab)


def card_heights(theme: Theme, choice: Choice, width: int) -> int:
    """The height a card needs at this width to show its label, status and marks."""
    pad = theme.px(14)
    title = theme.font("card_title", bold=True)
    lines = len(wrap(title, choice.label, width - 2 * pad))
    caption = theme.font("caption").get_linesize()
    return 2 * pad + lines * title.get_linesize() + _rows(choice) * caption


def _rows(choice: Choice) -> int:
    """Caption rows under a card's label: the status, then marks (or a badge)."""
    marks = bool(choice.marks and choice.marks_on_card) or bool(choice.badge)
    shown = choice.status is not None or choice.band is not None
    return (1 if shown else 0) + (1 if marks else 0)


def draw_card(surface: pygame.Surface, theme: Theme, choice: Choice, focused: bool) -> None:
    """A card on the board: its short label, status and marks (the full text shows when focused)."""
    rect = choice.rect
    radius = theme.px(14)
    background = theme.c("surface_focus") if focused else theme.c("surface")
    if choice.button:
        background = theme.c("accent") if focused else theme.c("surface")
    pygame.draw.rect(surface, background, rect, border_radius=radius)
    border = theme.c("accent") if focused or choice.selected else theme.c("border")
    pygame.draw.rect(
        surface, border, rect, width=theme.px(6 if focused else 2), border_radius=radius
    )
    if choice.selected:
        draw_selected(surface, theme, rect)
    pad = theme.px(14)
    inner = rect.inflate(-2 * pad, -2 * pad)
    text_colour = theme.c("on_accent") if choice.button and focused else theme.c("text")
    if not choice.enabled:
        text_colour = theme.c("muted")
    if choice.button:
        draw_text(
            surface,
            choice.label,
            theme.font("caption", bold=True),
            text_colour,
            inner,
            "center",
            "middle",
        )
        return
    caption = theme.font("caption")
    reserved = caption.get_linesize() * _rows(choice)
    title_rect = pygame.Rect(inner.x, inner.y, inner.width, max(inner.height - reserved, 1))
    draw_text(surface, choice.label, theme.font("card_title", bold=True), text_colour, title_rect)
    y = inner.bottom - reserved
    if choice.status is not None:
        draw_status(surface, theme, choice.status, (inner.x, y))
        y += caption.get_linesize()
    elif choice.band is not None:
        draw_band(surface, theme, choice.band, (inner.x, y))
        y += caption.get_linesize()
    line = caption.get_linesize()
    right = inner.right
    if choice.badge:
        badge = render(theme.font("caption", bold=True), choice.badge, theme.c("on_accent"))
        pill = pygame.Rect(0, 0, badge.get_width() + line // 2, line - theme.px(4))
        pill.bottomright = (inner.right, inner.bottom)
        pygame.draw.rect(surface, theme.c("accent"), pill, border_radius=pill.height // 2)
        surface.blit(badge, badge.get_rect(center=pill.center))
        right = pill.x - theme.px(8)
    if choice.marks and choice.marks_on_card:
        draw_text(
            surface,
            "  ·  ".join(choice.marks),
            theme.font("caption", bold=True),
            theme.c("accent"),
            pygame.Rect(inner.x, y, right - inner.x, line),
        )


SELECTED = "SELECTED"


def draw_selected(surface: pygame.Surface, theme: Theme, rect: pygame.Rect) -> None:
    """A selected card, readable from the back of the room: a thick frame in the highlight
    colour, and a tab on its top edge with a tick and the word — colour, shape and word, never
    the focus's blue."""
    radius = theme.px(14)
    pygame.draw.rect(
        surface,
        theme.c("highlight"),
        rect.inflate(-theme.px(6), -theme.px(6)),
        width=theme.px(10),
        border_radius=radius,
    )
    font = theme.font("caption", bold=True)
    word = render(font, SELECTED, theme.c("on_highlight"))
    h = font.get_linesize() * 4 // 5
    tick = h * 3 // 5
    tab = pygame.Rect(0, 0, word.get_width() + tick + theme.px(36), h)
    tab.midtop = (rect.centerx, rect.y - h // 2)
    pygame.draw.rect(surface, theme.c("highlight"), tab, border_radius=h // 2)
    x, y = tab.x + theme.px(14), tab.centery
    ink = theme.c("on_highlight")
    points = [(x, y), (x + tick // 3, y + tick // 3), (x + tick, y - tick // 2)]
    pygame.draw.lines(surface, ink, False, points, max(2, theme.px(5)))
    surface.blit(word, word.get_rect(midleft=(x + tick + theme.px(8), y)))


def _grown_parts(theme: Theme, choice: Choice) -> list[tuple[str, pygame.font.Font, str]]:
    """What a grown card says, top to bottom: label, full sentence, who, marks."""
    parts = [
        (choice.label, theme.font("card_title", bold=True), "text"),
        (choice.full, theme.font("body"), "text"),
        (choice.detail, theme.font("caption"), "muted"),
        ("  ·  ".join(choice.marks), theme.font("caption", bold=True), "accent"),
    ]
    return [(text, font, colour) for text, font, colour in parts if text]


def grown_rect(theme: Theme, choice: Choice, bounds: pygame.Rect) -> pygame.Rect:
    """Where the focused card would grow to: centred on it, kept inside the board."""
    pad = theme.px(24)
    button_font = theme.font("caption", bold=True)
    buttons_w = sum(button_font.size(label)[0] + theme.px(40) for label, _ in choice.actions)
    buttons_w += theme.px(10) * max(len(choice.actions) - 1, 0)  # the gaps between them
    width = min(max(int(choice.rect.width * 1.9), theme.px(760), buttons_w + 2 * pad), bounds.width)
    inner_w = width - 2 * pad
    shown = choice.status is not None or choice.band is not None
    status_h = theme.font("caption").get_linesize() if shown else 0
    button_h = theme.px(64) if choice.actions else 0
    height = (
        2 * pad
        + status_h
        + button_h
        + sum(text_height(f, t, inner_w) + theme.px(8) for t, f, _ in _grown_parts(theme, choice))
    )
    rect = pygame.Rect(0, 0, width, min(height, bounds.height))
    rect.center = choice.rect.center
    rect.clamp_ip(bounds)
    return rect


def hides_a_neighbour(rect: pygame.Rect, choice: Choice, choices: list[Choice]) -> bool:
    """Whether a card grown to `rect` would lie over another card (its title, status or
    badge: issue 21 point 3 says a grown card must not hide them)."""
    return any(c is not choice and rect.colliderect(c.rect) for c in choices)


def focus_lines(choice: Choice) -> list[str]:
    """A focused card in one paragraph, for the news strip while it is not grown, from the
    fullest to the shortest: label, full sentence, who, and the marks not on the card; then
    without the label (the card is ringed on the board); then the sentence alone."""
    full = choice.full.replace("\n", " ")
    tail = [choice.detail] if choice.detail else []
    if choice.marks and not choice.marks_on_card:
        tail.extend(choice.marks)
    return [
        "  ·  ".join([choice.label + (" — " + full if full else ""), *tail]),
        "  ·  ".join([full, *tail]) if full else "",
        full,
    ]


def draw_grown(
    surface: pygame.Surface,
    theme: Theme,
    choice: Choice,
    bounds: pygame.Rect,
    lit: int | None = None,
) -> tuple[pygame.Rect, list[tuple[pygame.Rect, Callable[[], None]]]]:
    """The focused card, grown: label, full sentence, who, marks, and a row of the card's
    own actions. Returns the grown rectangle and each action's button."""
    pad = theme.px(24)
    button_font = theme.font("caption", bold=True)
    caption = theme.font("caption")
    rect = grown_rect(theme, choice, bounds)
    inner_w = rect.width - 2 * pad
    parts = _grown_parts(theme, choice)
    shown = choice.status is not None or choice.band is not None
    status_h = caption.get_linesize() if shown else 0
    button_h = theme.px(64) if choice.actions else 0
    pygame.draw.rect(
        surface, theme.c("border"), rect.move(theme.px(8), theme.px(8)), border_radius=theme.px(16)
    )
    pygame.draw.rect(surface, theme.c("surface_focus"), rect, border_radius=theme.px(16))
    pygame.draw.rect(
        surface, theme.c("accent"), rect, width=theme.px(6), border_radius=theme.px(16)
    )
    if choice.selected:
        draw_selected(surface, theme, rect)
    y = rect.y + pad
    for i, (text, font, colour) in enumerate(parts):
        area = pygame.Rect(rect.x + pad, y, inner_w, rect.bottom - pad - button_h - y)
        y += draw_text(surface, text, font, theme.c(colour), area) + theme.px(8)
        if i == 0 and choice.status is not None:
            draw_status(surface, theme, choice.status, (rect.x + pad, y))
            y += status_h
        elif i == 0 and choice.band is not None:
            draw_band(surface, theme, choice.band, (rect.x + pad, y))
            y += status_h
    buttons = []
    if choice.actions:
        row = pygame.Rect(
            rect.x + pad,
            rect.bottom - pad - button_h + theme.px(8),
            inner_w,
            button_h - theme.px(8),
        )
        widths = [button_font.size(label)[0] + theme.px(40) for label, _ in choice.actions]
        spare = max(row.width - sum(widths) - theme.px(10) * (len(widths) - 1), 0) // len(widths)
        x = row.x
        for width_, (label, fn) in zip(widths, choice.actions, strict=True):
            cell = pygame.Rect(x, row.y, width_ + spare, row.height)
            x = cell.right + theme.px(10)
            pygame.draw.rect(surface, theme.c("accent"), cell, border_radius=theme.px(10))
            if lit == len(buttons):
                pygame.draw.rect(
                    surface,
                    theme.c("highlight"),
                    cell.inflate(theme.px(8), theme.px(8)),
                    width=theme.px(5),
                    border_radius=theme.px(12),
                )
            draw_text(surface, label, button_font, theme.c("on_accent"), cell, "center", "middle")
            buttons.append((cell, fn))
    return rect, buttons


def fit_grid(
    theme: Theme, area: pygame.Rect, choices: list[Choice], gap: int, most: int = 6
) -> list[pygame.Rect]:
    """The grid with the fewest columns whose cards all fit their labels (text never shrinks);
    when none fits, the one that overflows least."""
    if not choices:
        return []
    best, best_total = None, None
    for columns in range(1, min(most, len(choices)) + 1):
        rows = (len(choices) + columns - 1) // columns
        width = (area.width - gap * (columns - 1)) // columns
        total = rows * max(card_heights(theme, c, width) for c in choices) + gap * (rows - 1)
        if total <= area.height:
            return grid(area, len(choices), columns, gap)
        if best_total is None or total < best_total:
            best, best_total = columns, total
    return grid(area, len(choices), best or 1, gap)


def grid(
    area: pygame.Rect, count: int, columns: int, gap: int, min_height: int = 0
) -> list[pygame.Rect]:
    """Lay `count` cells out in rows of `columns` inside `area`."""
    if count == 0:
        return []
    rows = (count + columns - 1) // columns
    width = (area.width - gap * (columns - 1)) // columns
    height = max((area.height - gap * (rows - 1)) // rows, min_height)
    return [
        pygame.Rect(
            area.x + (i % columns) * (width + gap),
            area.y + (i // columns) * (height + gap),
            width,
            height,
        )
        for i in range(count)
    ]


def meter(
    surface: pygame.Surface, theme: Theme, rect: pygame.Rect, share: float, colour_key: str
) -> None:
    """A horizontal bar filled to `share` (0–1)."""
    pygame.draw.rect(surface, theme.c("surface"), rect, border_radius=rect.height // 2)
    filled = rect.copy()
    filled.width = max(int(rect.width * min(max(share, 0.0), 1.0)), 0)
    if filled.width:
        pygame.draw.rect(surface, theme.c(colour_key), filled, border_radius=rect.height // 2)
    pygame.draw.rect(
        surface, theme.c("border"), rect, width=theme.px(2), border_radius=rect.height // 2
    )
