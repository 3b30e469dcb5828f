"""Full-screen cards between decisions: a team's turn, and the coach's reading in solo practice."""

from __future__ import annotations

import pygame

from game.ui.scenes.base import GAP, Scene
from game.ui.text import draw_text, fits, text_height
from game.ui.widgets import draw_band


class OverlayScene(Scene):
    """A full-screen card that Enter (or the next click) closes."""

    def hint(self) -> str:
        return "Enter or PgDn: go on"

    def next(self) -> None:
        self.app.close_overlay()

    def key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.app.close_overlay()
            return True
        return False

    def news(self) -> str:
        return ""


class TeamTurnScene(OverlayScene):
    """'Team 2 — your turn': whose game is on the projector now."""

    name = "team_turn"

    def headline(self) -> str:
        return f"{self.app.team_names[self.app.team]} — your turn"

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        name = self.app.team_names[self.app.team]
        draw_text(
            surface, name, t.font("timer", bold=True), t.c("accent"), board, "center", "middle"
        )
        where = state.phase if state.phase != "quarter" else f"the week {state.week} check-in"
        draw_text(
            surface,
            f"Next: {where}",
            t.font("body"),
            t.c("text"),
            pygame.Rect(board.x, board.bottom - t.px(80), board.width, t.px(60)),
            "center",
        )


class CoachScene(OverlayScene):
    """The coach's reading after a phase: what the choices did, and the question to ask."""

    name = "coach"

    def __init__(self, app):
        super().__init__(app)
        self.reading = app.coach

    def headline(self) -> str:
        return self.reading.title if self.reading else "Coach"

    def hint(self) -> str:
        return "Enter or PgDn: back to the game"

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        """The reading's lines, then the question it ends on, in the accent colour."""
        t = self.app.theme
        if not self.reading:
            return
        ask = t.font("card_title", bold=True)
        gap = t.px(28)
        asked = text_height(ask, self.reading.question, board.width)
        body = pygame.Rect(board.x, board.y, board.width, board.height - asked - gap)
        used = draw_text(
            surface,
            "\n".join("• " + line for line in self.reading.lines),
            t.font("body"),
            t.c("text"),
            body,
        )
        question = pygame.Rect(board.x, board.y + used + gap, board.width, asked)
        draw_text(surface, self.reading.question, ask, t.c("accent"), question)


class WeeksScene(OverlayScene):
    """What happened in the weeks that just ran (the table's recap, `game.session.weeks`):
    what struck, how the KPIs moved, what the room had paid for; then the stop."""

    name = "weeks"

    def __init__(self, app):
        super().__init__(app)
        self.run = app.weeks

    def headline(self) -> str:
        return self.run.title if self.run else "The weeks"

    def hint(self) -> str:
        state = self.app.state
        if state.phase == "review":
            return "PgDn or Enter: on to the quarterly review"
        return "PgDn or Enter: on to the " + (
            "check-in" if state.step == "report" else "KPI review"
        )

    def news(self) -> str:
        state, week = self.app.state, self.app.state.week
        if state.phase == "review":
            return "Next: the quarterly review — the truth on every key result."
        if state.step == "report":
            return f"Next: the week {week} check-in — each owner reports on their key results."
        return f"Next: the week {week} KPI review."

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t = self.app.theme
        if not self.run:
            return
        gap = t.px(GAP)
        left = pygame.Rect(board.x, board.y, (board.width - gap) // 2, board.height)
        right = pygame.Rect(left.right + gap, board.y, board.width - left.width - gap, 0)
        struck, room = (bullets(lines) for lines in (self.run.struck(), self.run.room_lines()))
        # The larger type when everything fits in it; at the last, in-band KPIs only counted.
        for size, brief in (("body", False), ("caption", False), ("caption", True)):
            kpis = self.run.kpi_groups(brief)  # each group under its band's mark
            font = t.font(size)
            chrome = t.px(24) + t.font(size, bold=True).get_linesize() + t.px(8)
            need = text_height(font, room, right.width - t.px(32)) + chrome
            room_h = min(need + font.get_linesize() // 2, board.height * 3 // 5)
            right.height = board.height - room_h - gap
            below = pygame.Rect(right.x, right.bottom + gap, right.width, room_h)
            boxes = [self.inner(rect, size) for rect in (left, right, below)]
            if (
                fits(font, struck, boxes[0])
                and self.kpis_height(kpis, size, boxes[1].width) <= boxes[1].height
                and fits(font, room, boxes[2])
            ):
                break
        for rect, title in zip(
            (left, right, below), ("What struck", "The KPIs", "Since the last stop"), strict=True
        ):
            pygame.draw.rect(surface, t.c("surface"), rect, border_radius=t.px(14))
            pad = rect.inflate(-t.px(32), -t.px(24))
            draw_text(surface, title, t.font(size, bold=True), t.c("accent"), pad)
        draw_text(surface, struck, font, t.c("text"), boxes[0])
        self.draw_kpis(surface, kpis, size, boxes[1])
        draw_text(surface, room, font, t.c("text"), boxes[2])

    def kpis_height(self, groups: list[tuple[bool, list[str]]], size: str, width: int) -> int:
        """The height the KPI groups take: each band's mark, then its lines."""
        t = self.app.theme
        mark = t.font(size, bold=True).get_linesize()
        return sum(
            mark + text_height(t.font(size), bullets(lines), width) + t.px(8) for _, lines in groups
        )

    def draw_kpis(
        self, surface: pygame.Surface, groups: list[tuple[bool, list[str]]], size: str, box
    ) -> None:
        """Out of band, then in band: the band's mark (colour, shape and word, as the KPI
        review draws it), and under it the KPIs with how they moved."""
        t = self.app.theme
        y = box.y
        for inside, lines in groups:
            draw_band(surface, t, inside, (box.x, y), size)
            y += t.font(size, bold=True).get_linesize()
            area = pygame.Rect(box.x, y, box.width, max(box.bottom - y, 1))
            y += draw_text(surface, bullets(lines), t.font(size), t.c("text"), area) + t.px(8)

    def inner(self, rect: pygame.Rect, size: str) -> pygame.Rect:
        """Where a panel's lines go: under its title, inside its padding."""
        t = self.app.theme
        pad = rect.inflate(-t.px(32), -t.px(24))
        top = t.font(size, bold=True).get_linesize() + t.px(8)
        return pygame.Rect(pad.x, pad.y + top, pad.width, max(pad.height - top, 0))


def bullets(lines: list[str]) -> str:
    """Lines as a bulleted list."""
    return "\n".join("• " + line for line in lines)
