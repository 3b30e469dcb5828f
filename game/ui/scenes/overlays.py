"""Full-screen cards between decisions: a team's turn, and the coach's reading in solo practice."""

from __future__ import annotations

import pygame

from game.ui.scenes.base import Scene
from game.ui.text import draw_text


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
        t = self.app.theme
        if not self.reading:
            return
        used = draw_text(
            surface, self.reading.question, t.font("card_title", bold=True), t.c("accent"), board
        )
        body = pygame.Rect(
            board.x, board.y + used + t.px(20), board.width, board.height - used - t.px(20)
        )
        draw_text(
            surface,
            "\n".join("• " + line for line in self.reading.lines),
            t.font("body"),
            t.c("text"),
            body,
        )
