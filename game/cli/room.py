"""`offsite play --room`: the room's server beside the projector, on the same table.

The command takes the address first (a taken port is said before any window opens), then,
once the games are open, starts the hub and the server on the table the projector drives and
hands the projector a `RoomFace` (game/ui/room.py). Seat tokens live beside the session file
(`<session>.room.json`), so `--room --resume` lets the phones rejoin with their tokens. See
docs/facilitation.md, "Running the room with phones".
"""

from __future__ import annotations

from pathlib import Path

from game.room.hub import Hub
from game.room.keys import RoomKeys
from game.room.server import RoomServer
from game.session.log import read_header, seal_of
from game.session.moves import Seat
from game.session.table import Table
from game.ui.room import SeatLine


class PhoneRoom:
    """The room as the projector sees it: where phones join, who holds what (a RoomFace)."""

    def __init__(self, server: RoomServer, hub: Hub, reactions: str = "anonymous") -> None:
        assert server.address is not None
        self.server, self.hub = server, hub
        self.url = server.join_url()
        self.shown = server.address.shown
        self.code = hub.keys.code
        self.reactions = reactions

    def seats(self) -> list[SeatLine]:
        """Every seat a phone may take, with who holds it and whether the phone is there."""
        table, hub = self.hub.table, self.hub
        lines = []
        for seat in hub.seats:
            state = table.state_of(seat.team)
            lines.append(
                SeatLine(
                    seat,
                    hub.team_names[seat.team],
                    state.scenario.role(seat.role).title,
                    hub.keys.holder(seat),
                    seat in hub.phones,
                )
            )
        return lines

    def held(self, seat: Seat) -> bool:
        return self.hub.held(seat)

    def release(self, seat: Seat) -> None:
        self.hub.release(seat)

    def stop(self) -> None:
        """Stop serving (the phones see the room close and keep trying to come back)."""
        self.hub.unlisten()
        self.server.stop()


def session_id(path: Path) -> str:
    """What binds the seat tokens to one session: its header's seal."""
    header = read_header(path)
    return str(header.get("seal") or seal_of(header))


def open_room(server: RoomServer, table: Table, session: Path) -> PhoneRoom:
    """Start the room's hub and server (already bound) on `table`; the keys of a resumed room
    come back from `<session>.room.json`."""
    keys = RoomKeys.for_session(session, session_id(session))
    holder: dict[str, PhoneRoom] = {}
    hub = Hub(table, keys, reactions=lambda: holder["room"].reactions if holder else "anonymous")
    server.hub = hub
    server.start()
    room = PhoneRoom(server, hub)
    holder["room"] = room
    return room
