"""Seat tokens and the room code: who may hold which seat, kept beside the session file.

A seat is one team's role (the table's `Seat(role, team)`). Its token is an HMAC of the
room's secret over the session's identity, the seat and the seat's generation, so a token is
unguessable (256 random bits of secret), belongs to one session only, and stops working the
moment the facilitator releases the seat (the generation moves on). The secret, the room code,
the generations and who holds which seat live in `<session>.room.json` beside the session file
(written atomically, owner read/write only), so after a crash `offsite play --room --resume`
accepts the same tokens and the phones rejoin on their own. See docs/facilitation.md,
"Running the room with phones".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import threading
from pathlib import Path
from typing import Any

from game.session.moves import Seat

# A room code is typed from the projector: no 0/O, 1/I/L, 2/Z, 5/S, 8/B to confuse.
CODE_LETTERS = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 5
TOKEN_CHARS = 43  # base64url of a 256-bit HMAC, no padding
ROOM_FILE_VERSION = 1


def seat_key(seat: Seat) -> str:
    """A seat as one string, `team:role`, as pages and messages name it."""
    return f"{seat.team}:{seat.role}"


def parse_seat(text: str) -> Seat | None:
    """The seat a `team:role` string names, or None when it is not one."""
    team, sep, role = text.partition(":")
    if not sep or not team.isdigit() or len(team) > 2 or not role or len(role) > 200:
        return None
    return Seat(role, int(team))


def room_path(session: Path) -> Path:
    """Where a session's room keys live: beside it, `<name>.room.json`."""
    return session.with_name(session.name + ".room.json")


def saved_port(data: Any) -> int | None:
    """The port a room file says the room last listened on, if it says one."""
    port = data.get("port") if isinstance(data, dict) else None
    return port if isinstance(port, int) and 0 < port <= 65535 else None


def last_port(session: Path) -> int | None:
    """The port a session's room last listened on (phones still hold that address), or None."""
    try:
        return saved_port(json.loads(room_path(session).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def new_code() -> str:
    """A short room code to type from the projector (25**5, about ten million, codes)."""
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


class RoomKeys:
    """The secret, the room code, each seat's generation and who holds a seat now.

    Thread-safe: the projector (release) and the server (claim, check) both call it."""

    def __init__(
        self,
        session_id: str,
        secret: bytes,
        code: str,
        generations: dict[str, int] | None = None,
        names: dict[str, str] | None = None,
        path: Path | None = None,
    ) -> None:
        self.session_id = session_id
        self.code = code
        self.path = path
        self._secret = secret
        self._generations = dict(generations or {})
        self._names = dict(names or {})  # held seat key -> the name its leader typed
        self._lock = threading.Lock()
        self.port: int | None = None  # where the room last listened (a resumed room asks again)

    # ---- making and keeping -----------------------------------------------------------
    @classmethod
    def create(cls, session_id: str, path: Path | None = None) -> RoomKeys:
        """New keys for a new room (saved to `path` when given)."""
        keys = cls(session_id, secrets.token_bytes(32), new_code(), path=path)
        keys.save()
        return keys

    @classmethod
    def for_session(cls, session: Path, session_id: str) -> RoomKeys:
        """The room keys of a session: the saved ones (a resumed room), or new ones."""
        path = room_path(session)
        if not path.exists():
            return cls.create(session_id, path)
        return cls.load(path, session_id)

    @classmethod
    def load(cls, path: Path, session_id: str) -> RoomKeys:
        """Read saved keys; a file for another session, or a damaged one, gives new keys
        (the phones then join again: nothing of the game is in this file)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            ok = (
                isinstance(data, dict)
                and data.get("version") == ROOM_FILE_VERSION
                and data.get("session") == session_id
            )
            if ok:
                keys = cls(
                    session_id,
                    bytes.fromhex(str(data["secret"])),
                    str(data["code"]),
                    {str(k): int(v) for k, v in dict(data["generations"]).items()},
                    {str(k): str(v) for k, v in dict(data.get("names", {})).items()},
                    path,
                )
                keys.port = saved_port(data)
                return keys
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return cls.create(session_id, path)

    def save(self) -> None:
        """Write the keys atomically (a temporary file renamed over), readable by the owner."""
        if self.path is None:
            return
        data: dict[str, Any] = {
            "version": ROOM_FILE_VERSION,
            "session": self.session_id,
            "secret": self._secret.hex(),
            "code": self.code,
            "generations": self._generations,
            "names": self._names,
            "port": self.port,
        }
        fd, tmp = tempfile.mkstemp(prefix=".room-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump(data, file)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    # ---- tokens -----------------------------------------------------------------------
    def token(self, seat: Seat) -> str:
        """The seat's token for its current generation."""
        with self._lock:
            return self._token(seat, self._generations.get(seat_key(seat), 0))

    def _token(self, seat: Seat, generation: int) -> str:
        message = f"{self.session_id}\n{seat.team}\n{seat.role}\n{generation}".encode()
        digest = hmac.new(self._secret, message, hashlib.sha256).digest()
        return _b64(digest)

    def check(self, seat: Seat, token: str) -> bool:
        """Whether `token` is the seat's current token (in constant time)."""
        if not isinstance(token, str) or len(token) != TOKEN_CHARS:
            return False
        return hmac.compare_digest(self.token(seat), token)

    def release(self, seat: Seat) -> None:
        """The facilitator frees a seat: its old token stops working, another phone may take it."""
        with self._lock:
            self._generations[seat_key(seat)] = self._generations.get(seat_key(seat), 0) + 1
            self._names.pop(seat_key(seat), None)
        self.save()

    def claim(self, seat: Seat, name: str) -> str | None:
        """A phone takes a free seat: its token, or None when another phone holds it."""
        with self._lock:
            if seat_key(seat) in self._names:
                return None
            self._names[seat_key(seat)] = name
            token = self._token(seat, self._generations.get(seat_key(seat), 0))
        self.save()
        return token

    def holder(self, seat: Seat) -> str | None:
        """The name of the leader holding a seat ('' when they gave none), None when free."""
        with self._lock:
            return self._names.get(seat_key(seat))


def _b64(raw: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
