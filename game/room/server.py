"""Run the room's web server beside the projector: uvicorn on a thread of its own.

`RoomServer.start()` binds the address (the machine's address on the local network and a free
port unless told otherwise), starts uvicorn on a daemon thread and returns once it accepts
connections; `stop()` shuts it down. The projector's loop never waits for the network: the
table tells the hub what changed and the hub sends it on from the server's own loop.
"""

from __future__ import annotations

import contextlib
import errno
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
    """The room cannot open (the address is taken, not this machine's, …), as one sentence.

    `usage` is True when the address itself is wrong (not this machine's, not a port number):
    the command line was misused (exit 2); False when a good address cannot be used now (the
    port is taken: exit 1)."""

    def __init__(self, text: str, usage: bool = False) -> None:
        super().__init__(text)
        self.usage = usage


def check_address(host: str | None, port: int | None) -> None:
    """RoomError (usage) when `--host` / `--port` cannot name a place to listen on."""
    if port is not None and not 0 <= port <= 65535:
        raise RoomError(f"--port {port}: a port is a number from 1 to 65535 (0: a free one)", True)
    if host is not None:
        if not host.strip() or len(host) > 253:
            raise RoomError(f"--host {host!r}: give an address of this machine", True)
        try:
            socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise RoomError(
                f"--host {host}: not an address this machine knows "
                "(give one of its own addresses, e.g. 127.0.0.1, or leave --host out)",
                True,
            ) from None


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

    def __init__(self, hub: Hub | None, host: str | None = None, port: int = 0) -> None:
        self.hub = hub  # may be given after `bind` (the address is taken before the game opens)
        self.host = host or lan_address()
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None
        self.address: Address | None = None

    def join_url(self) -> str:
        """What the projector's QR code holds: the page with the room code filled in."""
        assert self.address is not None and self.hub is not None
        return f"{self.address.url}?code={self.hub.keys.code}"

    def bind(self) -> Address:
        """Take the address (before anything else starts, so a taken port is said at once):
        RoomError when it cannot be had. `start` binds too when this was not called."""
        if self._sock is not None:
            assert self.address is not None
            return self.address
        check_address(self.host, self.port)
        try:
            info = socket.getaddrinfo(self.host, self.port, type=socket.SOCK_STREAM)[0]
        except (socket.gaierror, UnicodeError):
            raise RoomError(
                f"--host {self.host}: not an address this machine knows", True
            ) from None
        sock = socket.socket(info[0], socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(info[4])
        except OSError as exc:
            sock.close()
            why = exc.strerror or str(exc)
            where = f"{url_host(self.host)}:{self.port}" if self.port else url_host(self.host)
            if exc.errno == errno.EADDRINUSE:
                raise RoomError(
                    f"cannot listen on {where}: the port is in use (another program, or "
                    "another Offsite room, has it): choose another --port, or leave it out "
                    "for a free one"
                ) from None
            if exc.errno in (errno.EACCES, errno.EPERM):
                raise RoomError(
                    f"cannot listen on {where}: {why} (ports below 1024 need an administrator: "
                    "choose a --port above 1024)"
                ) from None
            raise RoomError(
                f"cannot listen on {where}: {why} (give an address of this machine, e.g. "
                "127.0.0.1, or leave --host out)",
                exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT),
            ) from None
        sock.listen(128)
        sock.set_inheritable(True)
        self._sock = sock
        everywhere = self.host in ("0.0.0.0", "::")  # every interface: phones use the LAN's
        self.address = Address(lan_address() if everywhere else self.host, sock.getsockname()[1])
        return self.address

    def start(self) -> Address:
        """Bind (unless done), start serving on a thread, and return the address once it
        answers."""
        self.bind()
        sock = self._sock
        assert sock is not None and self.address is not None and self.hub is not None
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
        return self.address

    def stop(self) -> None:
        """Stop serving (phones see the room close and keep trying to reconnect)."""
        if self._server is not None:
            self._server.should_exit = True
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = None
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
            self._sock = None
