"""What the projector knows of the room on phones, and the QR code it shows.

The projector never talks to the room's server itself: the command that starts both
(game/cli/play.py) hands the app a `RoomFace`, which says where phones join, who holds which
seat, and releases a seat when the facilitator asks. The QR code is drawn by segno (a
well-kept QR library) module by module onto a pygame surface. See docs/facilitation.md,
"Running the room with phones".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import segno

from game.session.moves import Seat

if TYPE_CHECKING:
    import pygame


@dataclass(frozen=True)
class SeatLine:
    """One seat a phone may take, as the join screen lists it."""

    seat: Seat
    team: str  # the team's name
    title: str  # the role's title
    holder: str | None  # the name its leader typed ('' none given); None: no phone holds it
    connected: bool  # the phone is connected now (a held seat whose phone sleeps is not)


class RoomFace(Protocol):
    """The room as the projector sees it (built by the command that starts the server)."""

    url: str  # what the QR code holds: the phone page with the room code filled in
    shown: str  # the address as the projector writes it (host:port)
    code: str  # the short room code
    reactions: str  # "anonymous" or "attributed"

    def seats(self) -> list[SeatLine]:
        """Every seat a phone may take, in team and scenario order."""
        ...

    def held(self, seat: Seat) -> bool:
        """Whether a phone holds the seat (the laptop then leaves its private screens alone)."""
        ...

    def release(self, seat: Seat) -> None:
        """Free a seat: its phone is disconnected, another phone may take it."""
        ...

    def set_reactions(self, mode: str) -> None:
        """Show reactions as room counts ("anonymous") or with names ("attributed"); the
        session records the switch."""
        ...


def qr_surface(
    text: str,
    side: int,
    dark: tuple[int, int, int] = (0, 0, 0),
    light: tuple[int, int, int] = (255, 255, 255),
) -> pygame.Surface:
    """`text` as a QR code on a square surface of at most `side` pixels, whole pixels per
    module and the quiet zone of four modules the standard asks for (phones read it from the
    back of the room)."""
    import pygame  # here: the room's command reads this module's SeatLine without pygame

    code = segno.make(text, error="m", micro=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=4)]
    modules = len(rows)
    scale = max(1, side // modules)
    surface = pygame.Surface((modules * scale, modules * scale))
    surface.fill(light)
    for y, row in enumerate(rows):
        for x, on in enumerate(row):
            if on:
                surface.fill(dark, pygame.Rect(x * scale, y * scale, scale, scale))
    return surface
