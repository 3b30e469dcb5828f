"""Six phone pages in Debian's chromium (one browser each, as six phones) join a room on a real
server with the projector app beside it (dummy video driver), and make a check-in together:
no hand-over on the projector, each page shows its own forecast only, the projector shows who
answered and then the board; and then play a whole Northwind quarter to the debrief, every
leader's move made on their own page."""

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


def shown_moves(d) -> set[str]:
    """The ids of the moves the page draws (enabled or greyed out)."""
    return set(
        d.execute_script(
            "return [...document.querySelectorAll('#moves [data-move]')]"
            ".filter(e => e.offsetParent !== null).map(e => e.dataset.move)"
        )
    )


def wait_until(done, what: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, what
        time.sleep(0.03)


def on_the_phone(room, d, role: str, want) -> None:
    """Make the policy's move on the seat's own page: the button the table's move is drawn
    as (a typed translation typed into its box, then Send), then wait for the table."""
    from game.room.offer import move_id
    from tests.ui.driver import matches

    seat = Seat(role, 0)
    move = next(m for m in room.table.moves(seat) if matches(m, want))
    ident = move_id(move.action)
    before = room.table.state_of(0).version
    wait_until(lambda: ident in shown_moves(d), f"{role}'s page never drew {want}")
    if move.blanks:
        d.execute_script(
            "const a = document.querySelector(`textarea[data-move='${arguments[0]}']`);"
            "a.value = arguments[1]; a.dispatchEvent(new Event('input'));",
            ident,
            want.text,
        )
        click(d, f"button.primary[data-move='{ident}']")
    else:
        click(d, f"#moves button[data-move='{ident}']")
    wait_until(
        lambda: room.table.state_of(0).version > before, f"{role}'s {want.kind} did not arrive"
    )


def test_six_pages_play_a_whole_quarter_to_the_debrief(six) -> None:
    """Every leader's move (votes, arguing, translations, forecasts and reports, reactions,
    throw-backs, KPI decisions, the review) is made on their own page; the laptop makes only
    the room's. At every step each page draws exactly its seat's moves and shows only its own
    key results' forecasts; the projector never shows a hand-over and ends on the debrief."""
    from selenium.webdriver.common.by import By

    from game.bots.policies import POLICIES
    from game.engine import ROOM
    from game.engine.words import PHASE_NAMES
    from game.room.offer import move_id

    room, server, face, browsers = six
    app = App(room.table, size=(1280, 720), room=face, started=True)
    pages = dict(zip(PEOPLE, (b.driver for b in browsers), strict=True))
    for role, d in pages.items():
        d.get(server.join_url())
        d.find_element(By.ID, "name").send_keys(role.upper())
        wait_for(d, f'[data-seat="0:{role}"]', 20)[0].click()
        wait_for(d, "#play", 20)
    app.update(0.01)
    app.show_join(False)
    bot = POLICIES["good"]()
    played: dict[str, set[str]] = {r: set() for r in PEOPLE}
    moves_made = [0]
    scenes: set[str] = set()
    looked: set[tuple] = set()
    for _ in range(600):
        state = room.table.state_of(0)
        if state.phase == "over":
            break
        where = (state.phase, state.step, state.week)
        if where not in looked:  # each page, at each step: its own seat's moves, nothing else
            looked.add(where)
            for role, d in pages.items():
                seat = Seat(role, 0)
                mine = {
                    state.scenario.key_result(k.id).model.label
                    for k in state.key_results
                    if k.owner == role
                }

                def drawn(
                    d=d, seat=seat, phase=PHASE_NAMES[state.phase]
                ) -> bool:  # the page has drawn the last view
                    want = {move_id(m.action) for m in room.table.moves(seat)}
                    return shown_moves(d) == want and d.find_element(
                        By.ID, "where"
                    ).text.startswith(phase)

                wait_until(drawn, f"{role}'s page does not draw its moves in {where}")
                shown = {t.split("\n")[0] for t in texts(d, "#mine .card", 0.2)} if mine else set()
                if state.phase == "quarter":
                    assert shown == mine, (role, where)  # its own forecasts, nobody else's
                briefing = d.execute_script(
                    "const b = document.getElementById('briefing-box');"
                    "return b && !b.hidden ? [b.innerText] : [];"
                )
                if state.phase == "briefing":  # read along: the company's story and strategy
                    assert briefing and state.scenario.company.strategy in briefing[0], role
                    assert state.scenario.company.name in briefing[0], role
                else:
                    assert not briefing, (role, where)
                if not any(m.allowed for m in room.table.moves(seat)):
                    wait = "read along" if state.phase == "briefing" else "watch the projector"
                    assert wait in texts(d, "#waiting", 2)[0], (role, where)
        for role in [*PEOPLE, ROOM]:  # every leader first, then the laptop moves on
            want = bot.decide(state, role)
            if want is None:
                continue
            if want.role == ROOM:
                assert room.table.act(Seat(ROOM, 0), want, 0).ok
            else:  # the room's policy argues through a card's advocate: on their phone
                on_the_phone(room, pages[want.role], want.role, want)
                played[want.role].add(want.kind)
                moves_made[0] += 1
            break
        else:
            raise AssertionError(f"nobody moves in {where}")
        app.update(0.01)
        scenes.add(app.scene.name)
    assert room.table.state_of(0).phase == "over"
    app.update(0.01)
    assert app.scene.name == "debrief"
    assert "handover" not in scenes and "private" not in scenes, scenes
    every = set().union(*played.values())
    assert all(played.values()), played  # every leader played on their own page
    assert {"vote", "argue", "translate", "throw_back", "answer_throwback"} <= every, every
    assert {"report", "react"} <= every, every
    final = room.table.state_of(0)
    weeks = {r.week for r in final.reports}
    assert len(weeks) >= 4, weeks  # the quarter's check-ins
    for role in PEOPLE:  # each owner reported at every check-in, on their page
        if any(k.owner == role for k in final.key_results):
            assert {r.week for r in final.reports if r.role == role} == weeks, role
    logged = [a for a in room.table.teams[0].actions if a.role in PEOPLE]
    assert len(logged) == moves_made[0] and all(a.by == "person" for a in logged)
    for d in pages.values():  # the debrief: every page says the game is over
        wait_until(
            lambda d=d: d.find_element(By.ID, "where").text.startswith("the debrief"),
            "a page does not show the debrief",
        )
