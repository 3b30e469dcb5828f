"""The title screen, the briefing with its KPI dashboard, and the KPI-or-OKR warm-up."""

from __future__ import annotations

import pygame

from game.engine.words import BAND_MARKS
from game.session.facts import band_holds
from game.session.moves import Seat
from game.ui.scenes.base import GAP, Scene
from game.ui.text import draw_text, paginate, text_height
from game.ui.widgets import BAND, Choice, draw_shape, fit_grid, grid


class TitleScene(Scene):
    """New game: the scenario, who holds which role, the seed."""

    name = "title"

    def headline(self) -> str:
        return f"Offsite — {self.app.state.scenario.meta.title}"

    def hint(self) -> str:
        return "PgDn or Enter: start the briefing"

    def layout(self, board: pygame.Rect) -> None:
        t = self.app.theme
        button = pygame.Rect(0, 0, t.px(520), t.px(110))
        button.midbottom = (board.centerx, board.bottom)
        self.choices = [
            Choice(
                "start", "Start the briefing", on_activate=self.app.start, rect=button, button=True
            )
        ]

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t, s = self.app.theme, self.app.state.scenario
        left = pygame.Rect(board.x, board.y, board.width // 2 - t.px(GAP), board.height - t.px(140))
        right = pygame.Rect(
            board.centerx + t.px(GAP), board.y, board.width // 2 - t.px(GAP), left.height
        )
        y = left.y + draw_text(
            surface, s.company.name, t.font("card_title", bold=True), t.c("text"), left
        )
        draw_text(
            surface,
            s.company.strategy,
            t.font("body"),
            t.c("text"),
            pygame.Rect(left.x, y + t.px(16), left.width, left.bottom - y - t.px(16)),
        )
        lines = [f"Seed {self.app.state.seed}   ·   pressure {self.app.state.pressure}", ""]
        for role in s.roles:
            who = "a person" if self.app.state.seat(role.id) == "person" else "the computer"
            lines.append(f"{role.title}: {who}")
        draw_text(surface, "\n".join(lines), t.font("caption"), t.c("text"), right)

    def next(self) -> None:
        self.app.start()


class BriefingScene(Scene):
    """The company's story (in pages that fit), its strategy, then the KPI dashboard with bands."""

    name = "briefing"
    phase_title = "Briefing"

    def __init__(self, app):
        super().__init__(app)
        self.page = 0  # the story's pages, then the KPI dashboard

    @property
    def identity(self) -> tuple:
        return (*self.place, self.page)

    def seats(self) -> list[Seat]:
        return [self.seat()]

    def layout(self, board: pygame.Rect) -> None:
        advance = self.moves().find("advance")
        if advance is not None and advance.allowed:
            self.reach([advance])  # the next click, on the dashboard page

    def pages(self, board: pygame.Rect) -> list[str]:
        t, s = self.app.theme, self.app.state.scenario
        strategy_h = self.strategy_height(board)
        story = pygame.Rect(board.x, board.y + strategy_h, board.width, board.height - strategy_h)
        return paginate(t.font("body"), s.company.story, story)

    def strategy_height(self, board: pygame.Rect) -> int:
        t, s = self.app.theme, self.app.state.scenario
        font = t.font("card_title", bold=True)
        return text_height(font, f"Strategy: {s.company.strategy}", board.width) + t.px(24)

    def headline(self) -> str:
        board = self.board_rect(self.app.size)
        total = len(self.pages(board)) + 1
        which = "the KPI dashboard" if self.page >= total - 1 else "the company"
        return f"Briefing: {which} ({self.page + 1}/{total})"

    def hint(self) -> str:
        board = self.board_rect(self.app.size)
        if self.page < len(self.pages(board)):
            return "PgDn: next page"
        advance = self.moves().find("advance")
        return f"PgDn: {advance.label.lower()}" if advance else ""

    def next(self) -> None:
        if self.page < len(self.pages(self.board_rect(self.app.size))):
            self.page += 1
            self.app.go(self)
        elif self.offers:
            self.app.play(self.offers[0])

    def key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_PAGEUP and self.page > 0:
            self.page -= 1
            self.app.go(self)
            return True
        return False

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t, s = self.app.theme, self.app.state.scenario
        pages = self.pages(board)
        if self.page < len(pages):
            font = t.font("card_title", bold=True)
            draw_text(surface, f"Strategy: {s.company.strategy}", font, t.c("accent"), board)
            h = self.strategy_height(board)
            story = pygame.Rect(board.x, board.y + h, board.width, board.height - h)
            draw_text(surface, pages[self.page], t.font("body"), t.c("text"), story)
            return
        self.draw_dashboard(surface, board)

    def draw_dashboard(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t, s = self.app.theme, self.app.state.scenario
        values = {k.id: k.value for k in self.app.state.kpis} or {k.id: k.current for k in s.kpis}
        rows = grid(board, len(s.kpis), 2, t.px(GAP))
        for rect, kpi in zip(rows, s.kpis, strict=True):
            value = values.get(kpi.id, kpi.current)
            inside = band_holds(self.app.state, kpi.id, value)
            pygame.draw.rect(surface, t.c("surface"), rect, border_radius=t.px(12))
            pygame.draw.rect(surface, t.c("border"), rect, width=t.px(2), border_radius=t.px(12))
            size = t.px(60)
            draw_shape(
                surface,
                t,
                BAND[inside],
                (rect.x + t.px(20) + size // 2, rect.centery),
                size,
            )
            inner = pygame.Rect(
                rect.x + size + t.px(40),
                rect.y + t.px(14),
                rect.width - size - t.px(60),
                rect.height - t.px(28),
            )
            used = draw_text(surface, kpi.name, t.font("card_title", bold=True), t.c("text"), inner)
            word = BAND_MARKS[inside]
            line = (
                f"{value:g} {kpi.unit}   ·   band {kpi.band.low:g}–{kpi.band.high:g}   ·   {word}"
            )
            draw_text(
                surface,
                line,
                t.font("body"),
                t.c("text"),
                pygame.Rect(inner.x, inner.y + used, inner.width, inner.height - used),
            )


class WarmupScene(Scene):
    """Rapid sort: is each card a KPI or an OKR? Every card not yet sorted is on the board."""

    name = "warmup"
    phase_title = "Warm-up: KPI or OKR?"

    def seats(self) -> list[Seat]:
        return [self.seat()]

    def hint(self) -> str:
        return "Enter: the card's answers   K: KPI   O: OKR   PgDn: to the priorities"

    def layout(self, board: pygame.Rect) -> None:
        t, s = self.app.theme, self.app.state.scenario
        moves = self.moves()
        sorts: dict[int, list] = {}
        for move in moves.of("sort_card"):
            sorts.setdefault(move.action.card, []).append(move)
        answers = {c: (a, ok) for c, a, ok in self.app.state.warmup_answers}
        for i, card in enumerate(s.warmup):
            mine = [m for m in sorts.get(i, []) if m.allowed]
            marks = ()
            if i in answers:
                answer, ok = answers[i]
                marks = (f"{answer.upper()} — {'RIGHT' if ok else 'NOT QUITE'}",)
            self.choices.append(
                Choice(
                    f"card:{i}",
                    f"Card {i + 1}",
                    full=f"“{card.statement}”" + (f"\n\n{card.why}" if i in answers else ""),
                    marks=marks,
                    actions=tuple((m.label, self.bind(m)) for m in mine),
                    action_moves=tuple(mine),
                    enabled=bool(mine) or i in answers,
                )
            )
        head = t.px(50)
        area = pygame.Rect(board.x, board.y + head, board.width, board.height - head)
        for rect, choice in zip(
            fit_grid(t, area, self.choices, t.px(GAP)), self.choices, strict=True
        ):
            choice.rect = rect
        advance = moves.find("advance")
        if advance is not None and advance.allowed:
            self.next_move = advance
            self.bind(advance)
        if self.app.focus < len(self.choices) and not self.choices[self.app.focus].actions:
            self.app.focus = next((i for i, c in enumerate(self.choices) if c.actions), 0)

    def key(self, event: pygame.event.Event) -> bool:
        if event.key not in (pygame.K_k, pygame.K_o):
            return False
        choice = self.app.focused_choice()
        answer = "kpi" if event.key == pygame.K_k else "okr"
        for move in choice.action_moves if choice else ():
            if move is not None and move.action.answer == answer:
                self.app.play(move)
        return True

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t, s = self.app.theme, self.app.state.scenario
        answers = self.app.state.warmup_answers
        right = sum(1 for _, _, ok in answers if ok)
        head = pygame.Rect(board.x, board.y, board.width, t.px(50))
        draw_text(
            surface,
            f"{len(answers)} of {len(s.warmup)} sorted   ·   {right} right so far",
            t.font("caption", bold=True),
            t.c("muted"),
            head,
        )

    def news(self) -> str:
        """The verdict on the card just sorted until the focus moves; then the focused card's
        statement (never the last card's verdict under the next card)."""
        if self.app.message:
            return self.app.message
        verdict = next((e.text for e in reversed(self.app.news) if e.kind == "warmup_sorted"), "")
        return self.focus_news(verdict) or verdict
