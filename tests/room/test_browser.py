"""The phone page in a real browser (Debian's chromium, headless) on a real server (loopback)."""

from __future__ import annotations

import time

import pytest

from game.room.server import RoomServer
from tests.room.browser import Browser, need_browser
from tests.room.conftest import make_room, play_room_until


@pytest.fixture
def served(tmp_path):
    need_browser()
    room = make_room(tmp_path)
    server = RoomServer(room.hub, "127.0.0.1", 0)
    server.start()
    browser = Browser()
    yield room, server, browser
    browser.close()
    server.stop()
    room.table.close()


def wait_for(driver, css: str, seconds: float = 10.0):
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [e for e in driver.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()]
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"nothing shows {css!r}: {driver.find_element(By.TAG_NAME, 'body').text}")


def test_join_vote_and_rejoin_after_a_reload(served) -> None:
    from selenium.webdriver.common.by import By

    room, server, browser = served
    d = browser.driver
    d.get(server.join_url().split("?")[0])  # the address typed: the page asks for the code
    assert "room code" in d.find_element(By.ID, "join-hint").text
    d.get(server.join_url())  # scanned: the code is filled in, the name and seat are left
    assert d.find_element(By.ID, "code").get_attribute("value") == room.keys.code
    assert d.find_element(By.ID, "join-hint").text == "Type your name, then tap your seat."
    d.find_element(By.ID, "name").send_keys("Ana")
    wait_for(d, '[data-seat="0:vp_sales"]')[0].click()
    wait_for(d, "#waiting")
    assert "VP Sales" in d.find_element(By.ID, "role").text
    play_room_until(room, lambda s: s.step == "shortlist")
    votes = wait_for(d, 'button[data-kind="vote"]')
    before = room.table.state_of(0).version
    votes[0].click()
    deadline = time.monotonic() + 10
    while room.table.state_of(0).version == before and time.monotonic() < deadline:
        time.sleep(0.05)
    state = room.table.state_of(0)
    assert any(r == "vp_sales" for r, _ in state.votes)
    d.refresh()  # a reload keeps the seat (the token is in the page's storage)
    wait_for(d, 'button[data-kind="vote"]')
    assert "VP Sales" in d.find_element(By.ID, "role").text
    assert room.hub.held(room.hub.seats[1])


def test_while_the_room_is_away_the_page_sends_nothing_and_says_so(served) -> None:
    """The laptop dies (the server stops): the page says it is reconnecting and greys out its
    moves, so a tap is never silently lost; a tap anyway says it was not sent. Once the room
    is back on the same port, the page reconnects by itself and its moves work again."""
    from selenium.webdriver.common.by import By

    room, server, browser = served
    d = browser.driver
    d.get(server.join_url())
    d.find_element(By.ID, "name").send_keys("Ana")
    wait_for(d, '[data-seat="0:vp_sales"]')[0].click()
    wait_for(d, "#waiting")
    play_room_until(room, lambda s: s.step == "shortlist")
    wait_for(d, 'button[data-kind="vote"]:not([disabled])')
    port = server.address.port
    server.stop()
    deadline = time.monotonic() + 10
    while "Reconnecting" not in d.find_element(By.ID, "link").text:
        assert time.monotonic() < deadline, d.find_element(By.ID, "link").text
        time.sleep(0.05)
    votes = wait_for(d, 'button[data-kind="vote"]')
    assert votes and all(not v.is_enabled() for v in votes)  # nothing to tap while away
    d.execute_script("send(view.groups[0].moves[0])")  # a tap that got through anyway
    assert "Not sent" in wait_for(d, "#toast.refused")[0].text
    before = room.table.state_of(0).version
    again = RoomServer(room.hub, "127.0.0.1", port)  # the game is back on the same port
    again.start()
    try:
        wait_for(d, 'button[data-kind="vote"]:not([disabled])', 20)[0].click()
        deadline = time.monotonic() + 10
        while room.table.state_of(0).version == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(r == "vp_sales" for r, _ in room.table.state_of(0).votes)
    finally:
        again.stop()


def test_each_report_is_reacted_to_in_one_place_under_what_was_said(served) -> None:
    """After the reports, a phone lists each key result once, with its report (status, 0-10,
    whose) over its Support / Challenge / Blame — the refused ones greyed out beside the open
    one. It showed a key result reported on track twice (Challenge, then further down the
    greyed Support and Blame) and no report, which was far below at 390x844."""
    from game.session.moves import Seat
    from tests.room.screenshots import play_all_until

    room, server, browser = served
    d = browser.driver
    d.get(server.join_url())
    wait_for(d, '[data-seat="0:ceo"]')[0].click()
    wait_for(d, "#waiting")
    due: list[str] = []

    def check_in(state) -> bool:
        due[:] = [r for r in room.table.people(0) if room.table.moves(Seat(r, 0)).of("report")]
        return state.phase == "quarter" and len(due) >= 3

    play_all_until(room, check_in)  # every seat through the table, the page's too
    while room.table.weeks_card() is not None:
        room.table.dismiss()
    assert "ceo" in due
    browser.phone((360, 640))  # the smallest phone the page is for
    wait_for(d, 'section[data-kind="report"] h2', 20)
    lines = d.execute_script(  # the lines the heading's '0-10' is drawn on
        "const h = document.querySelector('section[data-kind=\"report\"] h2');"
        "const t = h.firstChild, at = t.data.indexOf('0');"
        "const r = document.createRange(); r.setStart(t, at); r.setEnd(t, t.data.length);"
        "return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size"
    )
    assert lines == 1  # 'Your confidence report, 0-' / '10' at 360 px before
    browser.phone((390, 844))
    green = next(r for r in due if r != "ceo")  # reports on track: only a challenge is open
    for role in due:
        while room.table.moves(Seat(role, 0)).of("report"):
            said = 9 if role == green else 3
            room.table.act(Seat(role, 0), room.table.moves(Seat(role, 0)).of("report")[said], 5)
    wait_for(d, 'section[data-kind="react"] button[data-kind="react"]', 20)
    parts = d.execute_script(
        "const box = document.querySelector('section[data-kind=\"react\"]');"
        "return [...box.querySelectorAll('.about')].map(a => ({about: a.innerText,"
        " said: a.nextElementSibling && a.nextElementSibling.classList.contains('said')"
        "  ? a.nextElementSibling.innerText : '',"
        " open: [...a.nextElementSibling.nextElementSibling.querySelectorAll('button')]"
        "  .map(b => !b.disabled)}))"
    )
    abouts = [p["about"] for p in parts]
    assert len(abouts) == len(set(abouts)), abouts  # each key result in one place
    state = room.table.state_of(0)
    for p in parts:
        report = next(
            r
            for r in state.reports
            if r.week == state.week
            and state.scenario.key_result(r.key_result).model.label == p["about"]
        )
        owner = state.scenario.role(report.role).title
        assert f"{report.confidence}/10" in p["said"] and owner in p["said"], p
        assert any(w in p["said"] for w in ("ON TRACK", "AT RISK", "OFF TRACK")), p
    assert any(True in p["open"] and False in p["open"] for p in parts)  # open and refused together
