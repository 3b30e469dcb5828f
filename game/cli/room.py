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
from game.session.log import SessionError, load_all, read_header, seal_of
from game.session.moves import Seat
from game.session.table import Table
from game.ui.room import SeatLine

REACTIONS = "reactions"  # the session entry that records how reactions are shown
REACTION_MODES = ("anonymous", "attributed")


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

    def set_reactions(self, mode: str) -> None:
        """Anonymous (the room sees counts) or attributed (names): recorded in every team's
        session file, and every phone's view says it the new way."""
        if mode not in REACTION_MODES:
            raise ValueError(f"reactions are {' or '.join(REACTION_MODES)}, not {mode!r}")
        self.reactions = mode
        self.hub.table.note(REACTIONS, {"mode": mode})
        for team in range(len(self.hub.table.teams)):
            self.hub.table_changed(team)

    def stop(self) -> None:
        """Stop serving (the phones see the room close and keep trying to come back)."""
        self.hub.unlisten()
        self.server.stop()


def session_id(path: Path) -> str:
    """What binds the seat tokens to one session: its header's seal."""
    header = read_header(path)
    return str(header.get("seal") or seal_of(header))


def recorded_reactions(session: Path) -> str | None:
    """How reactions were last shown in a session (its last `reactions` entry), or None."""
    try:
        entries = load_all(session)[4]
    except SessionError:
        return None
    modes = [e[REACTIONS].get("mode") for e in entries if e["entry"] == REACTIONS]
    return next((m for m in reversed(modes) if m in REACTION_MODES), None)


def open_room(server: RoomServer, table: Table, session: Path) -> PhoneRoom:
    """Start the room's hub and server (already bound) on `table`; the keys of a resumed room
    come back from `<session>.room.json`, and how reactions are shown from its session file
    (a new room: anonymous, recorded)."""
    keys = RoomKeys.for_session(session, session_id(session))
    assert server.address is not None
    if keys.port != server.address.port:
        keys.port = server.address.port  # a resumed room asks for this port again
        keys.save()
    holder: dict[str, PhoneRoom] = {}
    hub = Hub(table, keys, reactions=lambda: holder["room"].reactions if holder else "anonymous")
    server.hub = hub
    server.start()
    mode = recorded_reactions(session)
    room = PhoneRoom(server, hub, mode or "anonymous")
    holder["room"] = room
    if mode is None:
        room.set_reactions(room.reactions)  # the session says how this game was played
    return room
