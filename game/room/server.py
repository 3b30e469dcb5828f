"""Run the room's web server beside the projector: uvicorn on a thread of its own.

`RoomServer.start()` binds the address (the machine's address on the local network and a free
port unless told otherwise), starts uvicorn on a daemon thread and returns once it accepts
connections; `stop()` shuts it down. The projector's loop never waits for the network: the
table tells the hub what changed and the hub sends it on from the server's own loop.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass

import uvicorn

from game.room.app import make_app
from game.room.hub import Hub
from game.room.messages import MAX_BYTES

START_SECONDS = 10.0


class RoomError(Exception):
    """The room cannot open (the address is taken, not this machine's, …), as one sentence."""


def lan_address() -> str:
    """This machine's address on the local network, for phones on the same Wi-Fi.

    Asks the operating system which local address it would use for a private-network route
    (a UDP socket's connect sends no packet); falls back to the loopback address when the
    machine has no network at all."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 9))  # no packet: UDP connect only picks a route
        address = probe.getsockname()[0]
    except OSError:
        address = "127.0.0.1"
    finally:
        probe.close()
    return address if address != "0.0.0.0" else "127.0.0.1"


def url_host(host: str) -> str:
    """A host as it goes in an address (IPv6 in brackets)."""
    return f"[{host}]" if ":" in host else host


@dataclass
class Address:
    """Where the room listens, and the address phones open."""

    host: str
    port: int

    @property
    def url(self) -> str:
        """The page's address, without the room code."""
        return f"http://{url_host(self.host)}:{self.port}/"

    @property
    def shown(self) -> str:
        """The address as the projector writes it (no scheme, no slash)."""
        return f"{url_host(self.host)}:{self.port}"


class RoomServer:
    """The room's server on a background thread."""

    def __init__(self, hub: Hub, host: str | None = None, port: int = 0) -> None:
        self.hub = hub
        self.host = host or lan_address()
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.address: Address | None = None

    def join_url(self) -> str:
        """What the projector's QR code holds: the page with the room code filled in."""
        assert self.address is not None
        return f"{self.address.url}?code={self.hub.keys.code}"

    def start(self) -> Address:
        """Bind, start serving on a thread, and return the address once it answers."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError as exc:
            sock.close()
            why = exc.strerror or str(exc)
            raise RoomError(
                f"cannot listen on {url_host(self.host)}:{self.port}: {why} "
                "(choose another --port, or a --host address of this machine)"
            ) from None
        sock.listen(128)
        sock.set_inheritable(True)
        bound = sock.getsockname()
        self.address = Address(self.host, bound[1])
        config = uvicorn.Config(
            make_app(self.hub),
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws="websockets-sansio",
            ws_max_size=MAX_BYTES * 2,  # a bigger frame closes the socket (the hub caps at 4 KiB)
            ws_ping_interval=20.0,
            ws_ping_timeout=20.0,
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="offsite-room", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + START_SECONDS
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RoomError(f"the room's server did not start on {self.address.shown}")
            time.sleep(0.01)
        self._sock = sock
        return self.address

    def stop(self) -> None:
        """Stop serving (phones see the room close and keep trying to reconnect)."""
        if self._server is None:
            return
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)
        with contextlib.suppress(OSError):
            self._sock.close()
        self._server = None
