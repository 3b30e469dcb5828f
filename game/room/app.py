"""The room's web app (Starlette): the phone page, its assets, joining a seat, the socket.

Routes: `/` the phone page; `/static/…` its CSS and JS, served only from this package's
`static` folder (Starlette's StaticFiles refuses any path that leaves it); `GET /api/seats`
the seats a phone may take (with the room code); `POST /api/claim` take one (a seat token
back); `/ws` the phone's socket (see hub.py). Every answer to bad input is a JSON
`{"error": sentence}` with a 4xx status, never a traceback. See docs/facilitation.md.
"""

from __future__ import annotations

import hmac
import json
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket

from game.room.hub import Hub
from game.room.keys import parse_seat, seat_key
from game.room.limits import Bucket
from game.room.messages import Refusal, parse_claim

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 2048  # a join request is a few dozen bytes
TOO_MANY = "too many tries: wait a few seconds"
WRONG_CODE = "that is not this room's code: read it off the projector"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
}


class SecurityHeaders:
    """Adds the headers above to every HTTP answer (the page runs only its own files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


def error(text: str, status: int = 400) -> JSONResponse:
    """A refusal the page shows as it is."""
    return JSONResponse({"error": text}, status_code=status, headers={"Cache-Control": "no-store"})


def make_app(hub: Hub) -> Starlette:
    """The app for one room."""
    # Two budgets per address. Wrong codes and malformed requests spend `guesses` (the guard
    # against guessing the room code); every request spends `asks`, a budget a whole table of
    # phones behind one address (a hotspot, a tunnel, the test browsers) never reaches.
    guesses: dict[str, Bucket] = {}
    asks: dict[str, Bucket] = {}

    def code_ok(code: str) -> bool:
        return hmac.compare_digest(code.strip().upper().encode(), hub.keys.code.encode())

    def host(request: Request) -> str:
        return request.client.host if request.client else "?"

    def spend(table: dict[str, Bucket], key: str, rate: float, burst: float) -> bool:
        if len(table) > 1000:
            table.clear()  # a bounded table; a flood from many addresses starts again
        bucket = table.setdefault(key, Bucket(rate=rate, burst=burst, tokens=burst))
        return bucket.allow(time.monotonic())

    def flooding(request: Request) -> bool:
        """Too many requests from this address, right or wrong."""
        return not spend(asks, host(request), rate=20.0, burst=100.0)

    def out_of_guesses(request: Request) -> bool:
        bucket = guesses.get(host(request))
        return bucket is not None and bucket.empty(time.monotonic())

    def refused(request: Request) -> Response | None:
        """The refusal before any work: a flood, or an address that guessed too often."""
        if flooding(request) or out_of_guesses(request):
            return error(TOO_MANY, 429)
        return None

    def wrong(request: Request, text: str, status: int = 400) -> Response:
        """A wrong try: spends one of the address's guesses."""
        spend(guesses, host(request), rate=1.0, burst=10.0)
        return error(text, status)

    async def page(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    async def seats(request: Request) -> Response:
        if (no := refused(request)) is not None:
            return no
        if not code_ok(request.query_params.get("code", "")[:20]):
            return wrong(request, WRONG_CODE, 403)
        return JSONResponse({"teams": _seat_list(hub)}, headers={"Cache-Control": "no-store"})

    async def claim(request: Request) -> Response:
        if (no := refused(request)) is not None:
            return no
        body = await _body(request)
        if body is None:
            return wrong(request, f"a join request is at most {MAX_BODY} bytes", 413)
        try:
            data = json.loads(body)
            wanted = parse_claim(data)
        except ValueError:
            return wrong(request, "a join request is one JSON object")
        except Refusal as no:
            return wrong(request, no.text)
        if not code_ok(wanted.code):
            return wrong(request, WRONG_CODE, 403)
        seat = parse_seat(wanted.seat)
        if seat is None or seat not in hub.seats:
            return wrong(request, "there is no such seat in this room")
        token = hub.keys.claim(seat, " ".join(wanted.name.split()))
        if token is None:
            return error(
                "another phone holds this seat; the facilitator can release it from the laptop",
                409,
            )
        return JSONResponse(
            {"seat": seat_key(seat), "token": token}, headers={"Cache-Control": "no-store"}
        )

    async def socket(ws: WebSocket) -> None:
        await hub.serve(ws)

    async def not_found(request: Request, exc: Exception) -> Response:
        return error("no such page", 404)

    routes = [
        Route("/", page),
        Route("/api/seats", seats),
        Route("/api/claim", claim, methods=["POST"]),
        WebSocketRoute("/ws", socket),
        Mount("/static", app=StaticFiles(directory=STATIC, follow_symlink=False), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={404: not_found},
    )


async def _body(request: Request) -> bytes | None:
    """The request body, or None when it is longer than MAX_BODY (read no further)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _seat_list(hub: Hub) -> list[dict]:
    """Each team's seats a phone may take, with who holds them."""
    from game.room import offer

    teams = []
    for team, name in enumerate(hub.team_names):
        state = offer.state_of(hub.table, team)
        roles = {r.id: r.title for r in state.scenario.roles}
        teams.append(
            {
                "name": name,
                "seats": [
                    {
                        "seat": seat_key(s),
                        "title": roles.get(s.role, s.role),
                        "held": hub.keys.holder(s) is not None,
                        "name": hub.keys.holder(s) or "",
                    }
                    for s in hub.seats
                    if s.team == team
                ],
            }
        )
    return teams
