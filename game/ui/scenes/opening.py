"""The title screen, the briefing with its KPI dashboard, and the KPI-or-OKR warm-up."""

from __future__ import annotations

import pygame

from game.engine.actions import SortCard
from game.ui.scenes.base import GAP, Scene
from game.ui.text import draw_text
from game.ui.widgets import Choice, draw_shape, grid


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
    """The company's story, its strategy in one sentence, and the KPI dashboard with bands."""

    name = "briefing"
    phase_title = "Briefing"

    def hint(self) -> str:
        return "PgDn: to the warm-up" if self.app.state.warmup_on else "PgDn: to the priorities"

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t, s = self.app.theme, self.app.state.scenario
        left = pygame.Rect(board.x, board.y, int(board.width * 0.48), board.height)
        used = draw_text(
            surface, f"Strategy: {s.company.strategy}", t.font("body", bold=True), t.c("text"), left
        )
        story = pygame.Rect(
            left.x, left.y + used + t.px(20), left.width, left.height - used - t.px(20)
        )
        draw_text(surface, s.company.story, t.font("caption"), t.c("text"), story)
        right = pygame.Rect(
            left.right + t.px(GAP * 2),
            board.y,
            board.right - left.right - t.px(GAP * 2),
            board.height,
        )
        draw_text(surface, "KPI dashboard", t.font("card_title", bold=True), t.c("text"), right)
        rows = grid(
            pygame.Rect(right.x, right.y + t.px(70), right.width, right.height - t.px(70)),
            len(s.kpis),
            1,
            t.px(10),
        )
        values = {k.id: k.value for k in self.app.state.kpis} or {k.id: k.current for k in s.kpis}
        for rect, kpi in zip(rows, s.kpis, strict=True):
            value = values.get(kpi.id, kpi.current)
            inside = kpi.band.low <= value <= kpi.band.high
            pygame.draw.rect(surface, t.c("surface"), rect, border_radius=t.px(10))
            h = rect.height
            draw_shape(
                surface,
                t,
                "on track" if inside else "off track",
                (rect.x + h // 2, rect.centery),
                int(h * 0.45),
            )
            text_rect = pygame.Rect(
                rect.x + h, rect.y + t.px(4), rect.width - h - t.px(10), rect.height - t.px(8)
            )
            word = "in band" if inside else "OUT OF BAND"
            draw_text(
                surface,
                f"{kpi.name}: {value:g} {kpi.unit}",
                t.font("caption", bold=True),
                t.c("text"),
                text_rect,
            )
            draw_text(
                surface,
                f"band {kpi.band.low:g}–{kpi.band.high:g}  ·  {word}",
                t.font("caption"),
                t.c("muted"),
                text_rect,
                valign="bottom",
            )


class WarmupScene(Scene):
    """Rapid sort: is this card a KPI or an OKR?"""

    name = "warmup"
    phase_title = "Warm-up: KPI or OKR?"

    def card(self) -> int | None:
        done = {c for c, _, _ in self.app.state.warmup_answers}
        return next((i for i in range(len(self.app.state.scenario.warmup)) if i not in done), None)

    def hint(self) -> str:
        return "K: KPI   O: OKR   PgDn: to the priorities"

    def layout(self, board: pygame.Rect) -> None:
        t = self.app.theme
        index = self.card()
        self.identity = index
        if index is None:
            self.choices = []
            return
        row = pygame.Rect(
            board.x + board.width // 6, board.bottom - t.px(300), board.width * 2 // 3, t.px(140)
        )
        rects = grid(row, 2, 2, t.px(GAP * 2))
        self.choices = [
            Choice(
                "kpi",
                "KPI — a health band we run",
                rect=rects[0],
                button=True,
                on_activate=lambda: self.app.act(SortCard(card=index, answer="kpi")),
            ),
            Choice(
                "okr",
                "OKR — a change we make",
                rect=rects[1],
                button=True,
                on_activate=lambda: self.app.act(SortCard(card=index, answer="okr")),
            ),
        ]

    def key(self, event: pygame.event.Event) -> bool:
        index = self.card()
        if index is None or event.key not in (pygame.K_k, pygame.K_o):
            return False
        self.app.act(SortCard(card=index, answer="kpi" if event.key == pygame.K_k else "okr"))
        return True

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t, s = self.app.theme, self.app.state.scenario
        index = self.card()
        answers = self.app.state.warmup_answers
        right = sum(1 for _, _, ok in answers if ok)
        head = pygame.Rect(board.x, board.y, board.width, t.px(50))
        draw_text(
            surface,
            f"Card {len(answers) + 1 if index is not None else len(answers)} of {len(s.warmup)}"
            f"   ·   {right} right so far",
            t.font("caption", bold=True),
            t.c("muted"),
            head,
        )
        statement = pygame.Rect(
            board.x + board.width // 8, board.y + t.px(80), board.width * 3 // 4, t.px(300)
        )
        text = (
            f"“{s.warmup[index].statement}”"
            if index is not None
            else f"Done: {right} of {len(s.warmup)} right."
        )
        self.panel(surface, statement, text, "card_title")
        verdict = next((e.text for e in reversed(self.app.news) if e.kind == "warmup_sorted"), "")
        if verdict:
            draw_text(
                surface,
                verdict,
                t.font("body"),
                t.c("text"),
                pygame.Rect(statement.x, statement.bottom + t.px(20), statement.width, t.px(150)),
            )
