"""Six phone pages in Debian's chromium (one browser each, as six phones) join a room on a real
server with the projector app beside it (dummy video driver), and make a check-in together:
no hand-over on the projector, each page shows its own forecast only, the projector shows who
answered and then the board."""

from __future__ import annotations

import time

import pygame
import pytest

from game.cli.room import PhoneRoom
from game.room.server import RoomServer
from game.session.moves import Seat
from game.ui.app import App
from tests.room.browser import Browser, need_browser
from tests.room.conftest import PEOPLE, make_room
from tests.room.screenshots import play_all_until
from tests.room.test_browser import wait_for
from tests.ui.driver import key


def texts(d, css: str, seconds: float = 20.0) -> list[str]:
    """The shown text of every element `css` names once there is one (read in the page at
    once, so a re-render in between cannot make an element stale)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = d.execute_script(
            "return [...document.querySelectorAll(arguments[0])]"
            ".filter(e => e.offsetParent !== null).map(e => e.innerText)",
            css,
        )
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"nothing shows {css!r}")


def click(d, css: str, index: int = 0, seconds: float = 20.0) -> None:
    """Click the index-th shown element `css` names, in the page (see `texts`), once it is
    enabled: the page disables its buttons while its last move waits for the server's ack."""
    texts(d, css)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        clicked = d.execute_script(
            "const e = [...document.querySelectorAll(arguments[0])]"
            ".filter(e => e.offsetParent !== null)[arguments[1]];"
            "if (!e || e.disabled) return false; e.click(); return true;",
            css,
            index,
        )
        if clicked:
            return
        time.sleep(0.05)
    raise AssertionError(f"{css!r} number {index} never became clickable")


@pytest.fixture
def six(tmp_path):
    need_browser()
    room = make_room(tmp_path)
    server = RoomServer(room.hub, "127.0.0.1", 0)
    server.start()
    face = PhoneRoom(server, room.hub)
    browsers: list[Browser] = []
    try:
        for _ in PEOPLE:
            browsers.append(Browser())
        yield room, server, face, browsers
    finally:
        for b in browsers:
            b.close()
        face.stop()
        room.table.close()


def test_six_pages_make_a_check_in_together(six) -> None:
    from selenium.webdriver.common.by import By

    room, server, face, browsers = six
    app = App(room.table, size=(1280, 720), room=face, started=True)
    pages = dict(zip(PEOPLE, (b.driver for b in browsers), strict=True))
    for role, d in pages.items():
        d.get(server.join_url())
        d.find_element(By.ID, "name").send_keys(role.upper())
        wait_for(d, f'[data-seat="0:{role}"]', 20)[0].click()
        wait_for(d, "#play", 20)
    app.update(0.01)
    assert all(line.holder for line in face.seats())  # the join screen lists all six
    app.show_join(False)
    due: list[str] = []

    def check_in(state) -> bool:
        people = room.table.people(0)
        due[:] = [r for r in people if room.table.moves(Seat(r, 0)).of("report")]
        return state.phase == "quarter" and len(due) >= 3

    play_all_until(room, check_in)  # the table plays every seat up to the first check-in
    app.update(0.01)
    assert app.scene.name == "weeks"  # what happened in weeks 1-2, then the check-in
    key(app, pygame.K_PAGEDOWN)
    assert app.scene.name == "waiting"  # no hand-over: every seat is on a phone
    state = room.table.state_of(0)
    labels = {
        r: {state.scenario.key_result(k.id).model.label for k in state.key_results if k.owner == r}
        for r in PEOPLE
    }
    for role in due:
        d = pages[role]
        while room.table.moves(Seat(role, 0)).of("report"):
            shown = {t.split("\n")[0] for t in texts(d, "#mine .card")}
            assert shown == labels[role]  # its own key results' forecasts, nobody else's
            before = room.table.state_of(0).version
            click(d, 'button[data-kind="report"]', 4)
            deadline = time.monotonic() + 20
            while room.table.state_of(0).version == before and time.monotonic() < deadline:
                time.sleep(0.05)
            assert room.table.state_of(0).version > before, f"{role}'s report did not arrive"
        app.update(0.01)
        if app.scene.name == "waiting":
            cards = {c.key: c.marks for c in app.scene.choices}
            assert cards[role] == ("ANSWERED",)
    for role in [r for r in PEOPLE if r not in due]:  # no report due: the page says to watch
        assert not pages[role].find_elements(By.CSS_SELECTOR, 'button[data-kind="report"]')
    app.update(0.01)
    assert app.scene.name == "board"  # all in: the projector reveals the board
    week = room.table.state_of(0).week
    reported = {r.role for r in room.table.state_of(0).reports if r.week == week}
    assert set(due) <= reported
    pygame.image.save(app.draw(), str(room.path.with_suffix(".png")))
