"""Kill the game with `kill -9` in the middle of a check-in: `offsite play --room --resume`
brings it back, the phones rejoin with their tokens, and nothing that was acknowledged is lost."""

from __future__ import annotations

import signal

from game.session.moves import Seat
from game.session.resume import resume
from tests.room.conftest import make_room, play_room_until
from tests.room.phones import Phone, claim, start_game


def test_kill_9_mid_check_in_then_resume_loses_nothing(tmp_path) -> None:
    made = make_room(tmp_path)
    owners: list[str] = []  # the roles whose reports are due when the game stops

    def at_check_in(state) -> bool:
        people = made.table.people(0)
        owners[:] = [r for r in people if made.table.moves(Seat(r, 0)).of("report")]
        return state.phase == "quarter" and len(owners) >= 3

    play_room_until(made, at_check_in)
    week = made.table.state_of(0).week
    made.table.close()
    session = made.path

    proc, url, code = start_game(session, "--resume")
    try:
        tokens = {r: claim(url, code, f"0:{r}", r.upper()) for r in owners}
        phones = {r: Phone(url, f"0:{r}", tokens[r]) for r in owners}
        first, second, *rest = owners
        due = {r: phones[r].due("report") for r in owners}
        sent = {}
        for role in (first, second):
            move = phones[role].moves("report")[0]
            answer = phones[role].act(move)
            assert answer["kind"] == "ack", answer
            sent[role] = move["value"]
        proc.send_signal(signal.SIGKILL)  # mid check-in: some reports in, some not
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    for p in phones.values():
        p.close()

    on_disk = resume(session).replayed.state
    mine = {r.role: r.confidence for r in on_disk.reports if r.week == week}
    assert {r: mine.get(r) for r in sent} == sent  # every acknowledged report was on disk
    assert not set(rest) & set(mine)

    proc, url2, code2 = start_game(session, "--resume")
    try:
        assert code2 == code  # the same room: the code and the tokens come back
        assert url2 == url  # on the same port: the phones' pages reconnect where they were
        again = {r: Phone(url2, f"0:{r}", tokens[r]) for r in owners}
        for role in owners:  # the resumed phones see the check-in where it stopped
            assert again[role].due("report") == due[role] - (role in sent)
        for role in rest:
            move = again[role].moves("report")[0]
            assert again[role].act(move)["kind"] == "ack"
        for p in again.values():
            p.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    final = resume(session).replayed.state
    reported = {r.role for r in final.reports if r.week == week}
    assert set(owners) <= reported
