"""The room: which phone holds which seat, and what each one is sent.

The hub lives on the server's event loop. A phone's socket says hello with its seat and token;
from then on the phone gets its seat's view (what `observe` lets that seat see, plus the moves
the table offers it) every time the table changes, and may make one of those moves. The table
tells the hub about changes from whatever thread acted (`table_changed`); the hub hops onto its
loop and sends each phone of that team its new view, skipping phones whose view did not change.
See docs/facilitation.md, "Running the room with phones".
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from game.room import messages, offer, view
from game.room.keys import RoomKeys, Seat, parse_seat
from game.room.limits import Bucket
from game.room.messages import Act, Hello, Ping, Refusal
from game.session.table import Table

HELLO_SECONDS = 10.0  # a socket that does not say who it is in time is closed
CLOSE_TAKEN = 4000  # the seat was opened on another page with the same token
CLOSE_RELEASED = 4001  # the facilitator released the seat
CLOSE_REFUSED = 4003  # bad token, flood, or a first message that was not hello


def phone_seats(table: Table) -> list[Seat]:
    """The seats a phone may take: every role a person plays, in every team."""
    return [Seat(role, team) for team in range(len(table.teams)) for role in table.people(team)]


@dataclass(eq=False)
class Phone:
    """One open socket holding a seat."""

    socket: WebSocket
    seat: Seat
    bucket: Bucket = field(default_factory=Bucket)
    sent: str = ""  # the last view sent, as JSON without its version (not sent again unchanged)
    last_ms: float = field(default_factory=time.monotonic)  # for the decision's milliseconds
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Hub:
    """The phones of a room and the table they play on."""

    def __init__(
        self,
        table: Table,
        keys: RoomKeys,
        seats: list[Seat] | None = None,
        team_names: list[str] | None = None,
        reactions: Callable[[], str] = lambda: "anonymous",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.table = table
        self.keys = keys
        self.seats = phone_seats(table) if seats is None else list(seats)  # a phone may take
        self.team_names = table.names() if team_names is None else list(team_names)
        self.reactions = reactions  # "anonymous" or "attributed", read when a view is built
        self.clock = clock
        self.phones: dict[Seat, Phone] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self._dirty: set[int] = set()
        self._guard = threading.Lock()  # phones/seen are read by the projector's thread
        self.seen: dict[Seat, float] = {}  # when each seat's phone last said something
        self.unlisten = table.listen(lambda change: self.table_changed(change.team))

    # ---- what the projector asks (any thread) -----------------------------------------
    def held(self, seat: Seat) -> bool:
        """Whether a phone holds the seat (connected or not): the laptop then leaves it alone."""
        return self.keys.holder(seat) is not None

    def table_changed(self, team: int) -> None:
        """The table changed for a team (any thread): send that team's phones their views."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is shutting down
            loop.call_soon_threadsafe(self._schedule, team)

    def release(self, seat: Seat) -> None:
        """The facilitator frees a seat (any thread): its phone is told and disconnected."""
        self.keys.release(seat)
        loop = self.loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                asyncio.run_coroutine_threadsafe(self._kick(seat), loop)

    # ---- on the loop ------------------------------------------------------------------
    def _schedule(self, team: int) -> None:
        if team in self._dirty:
            return  # a push for this team is already on its way
        self._dirty.add(team)
        asyncio.get_running_loop().create_task(self._push_team(team))

    async def _push_team(self, team: int) -> None:
        self._dirty.discard(team)
        for phone in [p for s, p in list(self.phones.items()) if s.team == team]:
            await self._push(phone)

    async def _push(self, phone: Phone) -> None:
        data = view.phone_view(self, phone.seat)
        version = data.pop("version")
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if text == phone.sent:
            return  # nothing the phone shows changed (only the state's version moved on)
        phone.sent = text
        await self._send_text(phone, f'{{"kind":"view","version":{int(version)},{text[1:]}')

    async def _send(self, phone: Phone, data: dict[str, Any]) -> None:
        await self._send_text(phone, json.dumps(data, ensure_ascii=False))

    async def _send_text(self, phone: Phone, text: str) -> None:
        async with phone.lock:
            if phone.socket.application_state != WebSocketState.CONNECTED:
                return
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
                await phone.socket.send_text(text)

    async def _kick(self, seat: Seat) -> None:
        with self._guard:
            phone = self.phones.pop(seat, None)
        if phone is not None:
            await self._send(
                phone, {"kind": "released", "text": "The facilitator freed this seat."}
            )
            with contextlib.suppress(RuntimeError, OSError):
                await phone.socket.close(CLOSE_RELEASED)

    # ---- one socket ---------------------------------------------------------------------
    async def serve(self, socket: WebSocket) -> None:
        """Run one phone's socket until it closes."""
        self.loop = asyncio.get_running_loop()
        await socket.accept()
        phone = await self._hello(socket)
        if phone is None:
            return
        try:
            while True:
                raw = await socket.receive()
                if raw["type"] == "websocket.disconnect":
                    return
                await self._message(phone, raw.get("text") or raw.get("bytes") or "")
                if phone.bucket.flooding:
                    await self._send(phone, refused(0, "too many messages: disconnected"))
                    await socket.close(CLOSE_REFUSED)
                    return
        except (WebSocketDisconnect, RuntimeError):
            return
        finally:
            with self._guard:
                if self.phones.get(phone.seat) is phone:
                    del self.phones[phone.seat]

    async def _hello(self, socket: WebSocket) -> Phone | None:
        """The first message must be a hello with the seat's current token."""
        try:
            raw = await asyncio.wait_for(socket.receive(), HELLO_SECONDS)
        except (TimeoutError, WebSocketDisconnect, RuntimeError):
            with contextlib.suppress(RuntimeError, OSError):
                await socket.close(CLOSE_REFUSED)
            return None
        if raw["type"] == "websocket.disconnect":
            return None
        why = ""
        try:
            hello = messages.parse(raw.get("text") or raw.get("bytes") or "")
            if not isinstance(hello, Hello):
                raise Refusal("say hello (with your seat and token) first")
            seat = parse_seat(hello.seat)
            if seat is None or seat not in self.seats or not self.keys.check(seat, hello.token):
                raise Refusal(
                    "this page's seat token is not valid for this room any more: join again",
                    "bad_token",
                )
        except Refusal as no:
            why = no.text
            code = no.code
        if why:
            with contextlib.suppress(RuntimeError, OSError):
                await socket.send_text(json.dumps({"kind": "refused", "code": code, "text": why}))
                await socket.close(CLOSE_REFUSED)
            return None
        phone = Phone(socket, seat)
        with self._guard:
            old = self.phones.get(seat)
            self.phones[seat] = phone
            self.seen[seat] = self.clock()
        if old is not None:  # the same seat reopened (a reload, a new network): the newest wins
            await self._send(
                old, {"kind": "taken", "text": "This seat was opened on another page."}
            )
            with contextlib.suppress(RuntimeError, OSError):
                await old.socket.close(CLOSE_TAKEN)
        await self._send(phone, view.welcome(self, seat) | {"ref": hello.ref})
        await self._push(phone)
        return phone

    async def _message(self, phone: Phone, raw: str | bytes) -> None:
        now = self.clock()
        if not phone.bucket.allow(now):
            await self._send(phone, refused(0, "too many messages: wait a moment", "flood"))
            return
        self.seen[phone.seat] = now
        try:
            message = messages.parse(raw)
        except Refusal as no:
            await self._send(phone, refused(0, no.text, no.code))
            return
        if isinstance(message, Ping):
            await self._send(phone, {"kind": "pong", "ref": message.ref})
        elif isinstance(message, Hello):
            await self._send(phone, refused(message.ref, "already joined"))
        elif isinstance(message, Act):
            await self._act(phone, message)

    async def _act(self, phone: Phone, message: Act) -> None:
        """Make a move the seat was offered; the ack goes out once it is on disk. One hop to a
        worker thread: the move is found among the seat's moves and played there (the table
        may wait on the disk), so the loop goes on serving the other phones."""
        now = self.clock()
        ms = max(0, int((now - phone.last_ms) * 1000))
        code, text = await run_in_threadpool(
            offer.take, self.table, phone.seat, message.move, message.fill, ms
        )
        if code:  # not one of the seat's moves now, or the table's reason for refusing it
            await self._send(phone, refused(message.ref, text, code))
            await self._push(phone)
            return
        phone.last_ms = now
        await self._send(phone, {"kind": "ack", "ref": message.ref})


def refused(ref: int, text: str, code: str = "bad_message") -> dict[str, Any]:
    """A refusal message for a phone."""
    return {"kind": "refused", "ref": ref, "code": code, "text": text}
