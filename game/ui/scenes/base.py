"""What every screen shares: a top bar, a board of choices, a focus panel and a bottom bar."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from game.engine import ROOM
from game.session.moves import Move, Moves, Seat
from game.ui.text import draw_text, render, text_height
from game.ui.widgets import (
    Choice,
    draw_card,
    draw_grown,
    focus_lines,
    grid,
    grown_rect,
    hides_a_neighbour,
)

if TYPE_CHECKING:
    from game.ui.app import App

# At the 1920×1080 reference. The news strip holds three caption lines: a focused card in
# full (Scene.news) without growing over its neighbours.
TOP, BOTTOM, NEWS, MARGIN, GAP = 112, 72, 130, 40, 16


class Scene:
    """One screen. Subclasses build their choices from the table's moves in `layout` and may
    draw more in `draw_board`.

    A scene lives as long as its `place` matches what `scene_for` wants, keeping its own view
    state (the page, the cards selected, …) in typed attributes; `identity` says what it
    shows now (the focus goes back to the first card when it changes). Every move it offers
    comes from `Table.moves` and goes through `bind` (a control plays it) or `reach` (a tab or
    page opens it): `offered()` lists them, and the offered-moves test checks them against the
    engine's legal actions for `seats()`."""

    name = "scene"
    phase_title = ""
    place: tuple = ()
    private = False  # a person's own screen: drawn in the private window when there is one
    news_below = 0  # lines the news strip says under a focused card in full (`focus_news`)

    def __init__(self, app: App):
        self.app = app
        self.choices: list[Choice] = []
        self.grown: pygame.Rect | None = None  # the focused card, grown (drawn last frame)
        self.card_buttons: list = []  # (rect, action) of the grown card's own buttons
        self.offers: list[Move] = []  # every move this screen offers (see `offered`)
        self.next_move: Move | None = None  # what the next click (PgDn) plays, if a move
        self.strip: list[tuple] = []  # buttons of the news strip, built in `layout`

    @property
    def identity(self) -> tuple:
        """What the screen shows now (a change sends the focus back to the first card)."""
        return self.place

    # ---- the table ---------------------------------------------------------------------
    def seats(self) -> list[Seat]:
        """The seats whose moves this screen offers (none: it offers no move)."""
        return []

    def seat(self, role: str = ROOM) -> Seat:
        """A seat of the team on the projector."""
        return Seat(role, self.app.table.team)

    def moves(self, role: str = ROOM) -> Moves:
        """What a role (or the room) of the team on the projector may do now."""
        return self.app.table.moves(self.seat(role))

    def bind(self, move: Move) -> Callable[[], None]:
        """A control that plays `move` (the screen offers it)."""
        self.offers.append(move)
        return lambda: self.app.play(move)

    def reach(self, moves) -> tuple[Move, ...]:
        """Moves on another view of this screen that a tab or page control opens."""
        moves = tuple(moves)
        self.offers.extend(moves)
        return moves

    def offered(self) -> list[Move]:
        """Every move the screen offers now, for `seats()` (after `layout`)."""
        return list(self.offers)

    def relayout(self, board: pygame.Rect) -> None:
        """Forget the last layout's moves and lay the screen out again."""
        self.offers, self.next_move, self.strip = [], None, []
        self.choices = []
        self.layout(board)

    # ---- what subclasses provide ------------------------------------------------------
    def headline(self) -> str:
        """The title in the top bar."""
        return self.phase_title

    def hint(self) -> str:
        """What the next click does, for the bottom bar."""
        return "PgDn: next"

    def layout(self, board: pygame.Rect) -> None:
        """Build `self.choices` with their rectangles inside the board."""

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        """Draw anything beyond the choices (panels, charts)."""

    def next(self) -> None:
        """PgDn: the next click (the room's next move, when the screen offers one)."""
        if self.next_move is not None:
            self.app.play(self.next_move)

    def key(self, event: pygame.event.Event) -> bool:
        """Scene-specific keys; return True when handled."""
        return False

    # ---- shared drawing ---------------------------------------------------------------
    def board_rect(self, size: tuple[int, int]) -> pygame.Rect:
        """The centre of the screen, between the bars."""
        t = self.app.theme
        height = size[1] - t.px(TOP) - t.px(BOTTOM) - t.px(NEWS) - 2 * t.px(GAP)
        return pygame.Rect(t.px(MARGIN), t.px(TOP), size[0] - 2 * t.px(MARGIN), height)

    def grows(self) -> Choice | None:
        """The focused card when it is drawn grown. A card grows while its own moves are open
        (Enter on it), or on focus alone when grown it lies over no other card; otherwise it
        stays in place, ringed, and the news strip says it in full (`news`), so every card's
        title, status and badge stay in sight (issue 21 point 3)."""
        focused = self.app.focused_choice()
        if not focused or focused.button:
            return None
        if focused.actions and self.app.card_menu is not None:
            return focused  # its buttons are drawn on the grown card
        if not focused.full:
            return None
        t, board = self.app.theme, self.board_rect(self.app.size)
        if not hides_a_neighbour(grown_rect(t, focused, board), focused, self.choices):
            return focused
        # Text is never cut: a card too long for the strip grows, as before.
        return None if self.focus_line(focused) else focused

    def focus_line(self, focused: Choice) -> str:
        """The fullest of the card's strip lines (`focus_lines`) that fits the news strip
        with `news_below` lines left under it; empty when none fits."""
        t = self.app.theme
        room = self.strip_text_rect(self.strip_rect(self.board_rect(self.app.size)))
        caption = t.font("caption")
        free = room.height - self.news_below * caption.get_linesize()
        for line in focus_lines(focused):
            if line and text_height(caption, line, room.width) <= free:
                return line
        return ""

    def news(self) -> str:
        """Up to three lines under the board: a rejection; what just happened, until the
        facilitator moves the focus; the focused card in full while it is not grown."""
        if self.app.message:
            return self.app.message
        happened = "  ".join(e.text for e in self.app.news[-2:] if e.kind != "voted")
        return self.focus_news(happened) or happened

    def focus_news(self, happened: str = "") -> str:
        """The focused card in full for the news strip, when it is not grown and the
        facilitator moved the focus since the last move (or nothing else is to be said)."""
        focused = self.app.focused_choice()
        in_place = focused is not None and focused.full and not focused.button
        if in_place and self.grows() is None and (self.app.browsing or not happened):
            return self.focus_line(focused)
        return ""

    def draw_public(self, surface: pygame.Surface) -> None:
        """What the projector shows while this (private) screen is in the private window."""
        self.draw(surface)

    def draw(self, surface: pygame.Surface) -> None:
        """The whole screen."""
        t = self.app.theme
        surface.fill(t.c("background"))
        board = self.board_rect(surface.get_size())
        self.draw_board(surface, board)
        focus = self.app.focus
        for i, choice in enumerate(self.choices):
            draw_card(surface, t, choice, i == focus)
        self.grown, self.card_buttons = None, []
        focused = self.grows()
        if focused is not None:
            self.grown, self.card_buttons = draw_grown(
                surface, t, focused, board, self.app.card_menu
            )
        self.draw_news(surface, board)
        self.draw_top(surface)
        self.draw_bottom(surface)

    def strip_actions(self) -> list[tuple]:
        """Buttons at the right end of the news strip (the scene's collective moves): each
        (label, function), the moves it plays or opens coming from `bind` / `reach`."""
        return self.strip

    def strip_rect(self, board: pygame.Rect) -> pygame.Rect:
        """The news strip under the board, left of the scene's collective buttons."""
        t = self.app.theme
        strip = pygame.Rect(board.x, board.bottom + t.px(GAP), board.width, t.px(NEWS))
        actions = self.strip_actions()
        if actions:
            strip.width -= t.px(250) * len(actions) + t.px(GAP)
        return strip

    def strip_text_rect(self, strip: pygame.Rect) -> pygame.Rect:
        """Where the news strip's text goes."""
        t = self.app.theme
        return strip.inflate(-t.px(24), -t.px(8))

    def draw_news(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        """The news strip under the board, with the scene's collective buttons at its right."""
        t = self.app.theme
        strip = self.strip_rect(board)
        actions = self.strip_actions()
        if actions:
            width = t.px(250) * len(actions)
            row = pygame.Rect(strip.right + t.px(GAP), strip.y, width, strip.height)
            for cell, (label, fn, *_) in zip(
                grid(row, len(actions), len(actions), t.px(10)), actions, strict=True
            ):
                pygame.draw.rect(surface, t.c("accent"), cell, border_radius=t.px(10))
                draw_text(
                    surface,
                    label,
                    t.font("caption", bold=True),
                    t.c("on_accent"),
                    cell.inflate(-t.px(12), 0),
                    "center",
                    "middle",
                )
                self.card_buttons.append((cell, fn))
        text = self.news()
        if text:
            colour = t.c("off_track") if self.app.message else t.c("border")
            pygame.draw.rect(surface, t.c("surface"), strip, border_radius=t.px(10))
            draw_text(
                surface,
                text,
                t.font("caption"),
                t.c("text"),
                self.strip_text_rect(strip),
                valign="middle",
            )
            pygame.draw.rect(surface, colour, strip, width=t.px(3), border_radius=t.px(10))

    def draw_top(self, surface: pygame.Surface) -> None:
        """Phase name, the week, the capacity left."""
        t = self.app.theme
        w = surface.get_width()
        top = pygame.Rect(0, 0, w, t.px(TOP - 12))
        pygame.draw.rect(surface, t.c("background"), top)
        pygame.draw.line(
            surface,
            t.c("border"),
            (t.px(MARGIN), top.bottom),
            (w - t.px(MARGIN), top.bottom),
            t.px(2),
        )
        title_w = int(w * 0.56)
        headline = self.headline()
        font = t.font("title", bold=True)
        if font.size(headline)[0] > title_w:  # a long name: the card-title size, not a cut
            font = t.font("card_title", bold=True)
        draw_text(
            surface,
            headline,
            font,
            t.c("text"),
            pygame.Rect(t.px(MARGIN), t.px(14), title_w, t.px(TOP - 24)),
            valign="middle",
        )
        timer_w = t.px(230)
        timer = self.app.timer
        if self.app.started and timer.budget_s:
            colour = t.c("off_track") if timer.left_s < 60 else t.c("accent")
            label = timer.text() + (" ‖" if timer.paused else "")
            draw_text(
                surface,
                label,
                t.font("title", bold=True),
                colour,
                pygame.Rect(w - t.px(MARGIN) - timer_w, t.px(14), timer_w, t.px(90)),
                "right",
            )
        info = self.app.status_lines()
        if info:
            box = pygame.Rect(
                t.px(MARGIN) + title_w,
                t.px(16),
                w - 2 * t.px(MARGIN) - title_w - timer_w - t.px(20),
                t.px(84),
            )
            draw_text(
                surface,
                "\n".join(info),
                t.font("caption", bold=True),
                t.c("text"),
                box,
                "right",
                "middle",
            )

    def draw_bottom(self, surface: pygame.Surface) -> None:
        """The next click and the help key."""
        t = self.app.theme
        w, h = surface.get_size()
        bar = pygame.Rect(0, h - t.px(BOTTOM), w, t.px(BOTTOM))
        pygame.draw.rect(surface, t.c("bar"), bar)
        font = t.font("caption", bold=True)
        y = bar.y + (bar.height - font.get_linesize()) // 2
        surface.blit(render(font, self.hint(), t.c("on_bar")), (t.px(MARGIN), y))
        help_text = render(font, "F1: help", t.c("on_bar"))
        surface.blit(help_text, (w - t.px(MARGIN) - help_text.get_width(), y))

    def panel(
        self, surface: pygame.Surface, rect: pygame.Rect, text: str, size: str = "body"
    ) -> None:
        """A framed panel of text (the focus panel, the news)."""
        t = self.app.theme
        pygame.draw.rect(surface, t.c("surface"), rect, border_radius=t.px(14))
        pygame.draw.rect(surface, t.c("border"), rect, width=t.px(2), border_radius=t.px(14))
        pad = t.px(20)
        draw_text(surface, text, t.font(size), t.c("text"), rect.inflate(-2 * pad, -2 * pad))
