"""The pictures of docs/facilitation.md, "Running the room with phones": phone pages in Debian's
chromium at 390×844 and the projector's room screens at 1920×1080, from a real room on loopback.

    SDL_VIDEODRIVER=dummy .venv/bin/python -m tests.room.screenshots docs/screens
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pygame

from game.cli.room import PhoneRoom
from game.room.server import RoomServer
from game.session.moves import Seat
from game.ui.app import App
from tests.room.browser import Browser, need_browser
from tests.room.conftest import make_room
from tests.room.test_browser import wait_for


def play_all_until(made, done, limit: int = 600) -> None:
    """Every seat, phones' too, moves by the good policy through the table until `done`."""
    from game.bots.policies import POLICIES
    from game.engine import ROOM

    bot = POLICIES["good"]()
    for _ in range(limit):
        state = made.table.state_of(0)
        if done(state):
            return
        for role in [ROOM, *made.table.people(0)]:
            action = bot.decide(state, role)
            if action is not None:
                assert made.table.act(Seat(action.role, 0), action, 0).ok
                break
    raise AssertionError("did not get there")


def shoot(out: Path) -> list[Path]:
    """Take every picture into `out`; the files written."""
    from selenium.webdriver.common.by import By

    need_browser()
    out.mkdir(parents=True, exist_ok=True)
    made = make_room(Path(tempfile.mkdtemp(prefix="offsite-shots-")))
    server = RoomServer(made.hub, None, 0)  # this machine's network address, as in a room
    server.start()
    face = PhoneRoom(server, made.hub)
    app = App(made.table, size=(1920, 1080), room=face, started=True)
    browser = Browser()
    d = browser.driver
    written: list[Path] = []

    def phone(name: str) -> None:
        time.sleep(0.4)  # the page has drawn the last view
        deadline = time.monotonic() + 5
        while d.find_element(By.ID, "toast").is_displayed() and time.monotonic() < deadline:
            time.sleep(0.1)  # 'Sent ✓' has gone
        path = out / f"phone_{name}.png"
        d.save_screenshot(str(path))
        written.append(path)

    def projector(name: str) -> None:
        app.update(0.01)
        path = out / f"room_{name}.png"
        pygame.image.save(app.draw(), str(path))
        written.append(path)

    try:
        d.get(server.join_url())
        d.find_element(By.ID, "name").send_keys("Ana")
        wait_for(d, '[data-seat="0:ceo"]')
        made.claim("0:vp_sales", "Ben")
        made.claim("0:cfo", "Chloé")
        d.refresh()
        d.find_element(By.ID, "name").send_keys("Ana")
        phone("join")
        wait_for(d, '[data-seat="0:ceo"]')[0].click()
        wait_for(d, "#waiting")
        projector("join")
        app.show_join(False)
        play_all_until(made, lambda s: s.step == "shortlist")
        wait_for(d, 'button[data-kind="vote"]')
        phone("vote")
        due: list[str] = []

        def check_in(state) -> bool:
            people = made.table.people(0)
            due[:] = [r for r in people if made.table.moves(Seat(r, 0)).of("report")]
            return state.phase == "quarter" and "ceo" in due

        play_all_until(made, check_in)
        wait_for(d, 'button[data-kind="report"]')
        phone("report")
        for role in due[1:2]:  # one other leader reports on their phone (the table)
            while made.table.moves(Seat(role, 0)).of("report"):
                made.table.act(Seat(role, 0), made.table.moves(Seat(role, 0)).of("report")[3], 1)
        while made.table.weeks_card() is not None:  # the room read what happened in the weeks
            made.table.dismiss()
        names = iter(("Dev", "Eli", "Femi"))
        for role in [r for r in due if r not in ("ceo", "vp_sales", "cfo")]:
            made.claim(f"0:{role}", next(names))  # every leader due is on a phone: no hand-over
        projector("waiting")
        wait_for(d, 'button[data-kind="report"]')[3].click()  # Ana reports 3/10
        for role in due:
            while role != "ceo" and made.table.moves(Seat(role, 0)).of("report"):
                made.table.act(Seat(role, 0), made.table.moves(Seat(role, 0)).of("report")[6], 1)
        wait_for(d, 'button[data-kind="react"]')
        phone("react")
    finally:
        browser.close()
        face.stop()
        made.table.close()
    return written


if __name__ == "__main__":
    pygame.init()
    for path in shoot(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screens")):
        print(path)
