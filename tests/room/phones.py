"""Scripted phones for tests that run `offsite play --room` in a subprocess: join over HTTP,
play over a real WebSocket (the `websockets` client), on the loopback interface."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

ROOM_LINE = re.compile(r"room: (http://\S+/)\?code=(\w+)")
ROOT = Path(__file__).resolve().parent.parent.parent


def start_game(session: Path, *extra: str) -> tuple[subprocess.Popen, str, str]:
    """`offsite play --room --resume --session FILE` on 127.0.0.1 with the dummy video
    driver: the process, the page's address and the room code (read from its first line)."""
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    argv = [sys.executable, "-m", "game", "play", "--room", "--host", "127.0.0.1"]
    argv += ["--session", str(session), *extra]
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # the server is up once the room's line is printed
    found = ROOM_LINE.search(line)
    if not found:
        proc.kill()
        raise AssertionError(f"no room line: {line!r} {proc.stderr.read() if proc.stderr else ''}")
    return proc, found.group(1), found.group(2)


def claim(url: str, code: str, seat: str, name: str = "") -> str:
    """Take a seat: its token."""
    body = json.dumps({"code": code, "seat": seat, "name": name}).encode()
    request = urllib.request.Request(
        url + "api/claim", body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)["token"]


class Phone:
    """One phone's socket: every message it was sent is kept in `heard`."""

    def __init__(self, url: str, seat: str, token: str) -> None:
        self.seat, self.token = seat, token
        self.heard: list[dict[str, Any]] = []
        self.view: dict[str, Any] = {}
        self._stack = contextlib.ExitStack()
        address = url.replace("http://", "ws://") + "ws"
        self.ws = self._stack.enter_context(connect(address, open_timeout=10))
        self.ws.send(json.dumps({"kind": "hello", "seat": seat, "token": token}))
        welcome = self.next()
        assert welcome["kind"] == "welcome", welcome
        self.until_view()
        self.ref = 0

    def next(self, timeout: float = 10.0) -> dict[str, Any]:
        message = json.loads(self.ws.recv(timeout=timeout))
        self.heard.append(message)
        if message["kind"] == "view":
            self.view = message
        return message

    def until_view(self) -> dict[str, Any]:
        while True:
            message = self.next()
            if message["kind"] == "view":
                return message

    def moves(self, kind: str) -> list[dict[str, Any]]:
        return [
            m
            for g in self.view.get("groups", [])
            if g["kind"] == kind
            for m in g["moves"]
            if not m["refused"]
        ]

    def due(self, kind: str) -> int:
        """How many things (key results, objectives) the seat has moves of `kind` about."""
        return len({m.get("about", "") for m in self.moves(kind)})

    def act(self, move: dict[str, Any], fill: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send a move; the answer to it (ack or refusal), views on the way kept."""
        self.ref += 1
        message: dict[str, Any] = {"kind": "act", "ref": self.ref, "move": move["id"]}
        if fill is not None:
            message["fill"] = fill
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            answer = self.next()
            if answer["kind"] in ("ack", "refused") and answer.get("ref") == self.ref:
                return answer
        raise AssertionError("no answer to the move")

    def drain(self, seconds: float = 1.0) -> None:
        """Read every message that arrives within `seconds` of the last one."""
        while True:
            try:
                self.next(timeout=seconds)
            except TimeoutError:
                return

    def close(self) -> None:
        self._stack.close()
