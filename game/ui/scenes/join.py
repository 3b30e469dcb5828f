"""The join screen: the room's address as a QR code and the short room code, and who has joined.

Shown after the title screen when the game is played with phones (`offsite play --room`), and
again with J at any time. It offers no move: phones join through the room's server, which the
app knows only through its `RoomFace` (game/ui/room.py). See docs/facilitation.md.
"""

from __future__ import annotations

import pygame

from game.ui.room import qr_surface
from game.ui.scenes.overlays import OverlayScene
from game.ui.text import draw_text


class JoinScene(OverlayScene):
    """'Join on your phone': QR, address, code, the seats and who holds them."""

    name = "join"

    def headline(self) -> str:
        return "Join on your phone"

    def hint(self) -> str:
        return (
            "Enter or PgDn: to the game  ·  J: this screen again later  ·  "
            "A: reactions anonymous / named"
        )

    def next(self) -> None:
        self.app.show_join(False)

    def key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_j):
            self.app.show_join(False)
            return True
        return False

    def news(self) -> str:
        return self.app.message

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        room, t = self.app.room, self.app.theme
        if room is None:
            return
        side = min(board.height, board.width * 2 // 5)
        qr = qr_surface(room.url, side)
        left = pygame.Rect(board.x, board.y, side, board.height)
        surface.blit(qr, qr.get_rect(midtop=(left.centerx, board.y)))
        right = pygame.Rect(
            left.right + t.px(60), board.y, board.right - left.right - t.px(60), board.height
        )
        y = right.y
        y += draw_text(
            surface,
            "Same Wi-Fi as this laptop: scan the code, or open",
            t.font("body"),
            t.c("text"),
            pygame.Rect(right.x, y, right.width, t.px(60)),
        )
        y += draw_text(
            surface,
            room.shown,
            t.font("title", bold=True),
            t.c("accent"),
            pygame.Rect(right.x, y, right.width, t.px(90)),
        )
        y += t.px(10)
        y += draw_text(
            surface,
            "Room code",
            t.font("body"),
            t.c("text"),
            pygame.Rect(right.x, y, right.width, t.px(60)),
        )
        y += draw_text(
            surface,
            " ".join(room.code),
            t.font("timer", bold=True),
            t.c("accent"),
            pygame.Rect(right.x, y, right.width, t.px(150)),
        )
        y += t.px(20)
        lines = room.seats()
        several = len({line.team for line in lines}) > 1
        rows = []
        for line in lines:
            who = f"{line.team} · {line.title}" if several else line.title
            if line.holder is None:
                rows.append(f"{who} — free")
            else:
                name = f" ({line.holder})" if line.holder else ""
                state = "joined" if line.connected else "joined, phone away"
                rows.append(f"{who}{name} — {state}")
        joined = sum(1 for line in lines if line.holder is not None)
        rows.insert(0, f"{joined} of {len(lines)} seats taken · reactions {room.reactions}")
        draw_text(
            surface,
            "\n".join(rows),
            t.font("caption"),
            t.c("text"),
            pygame.Rect(right.x, y, right.width, board.bottom - y),
        )
