"""The room's server through Starlette's test client: joining, tokens, messages, refusals."""

from __future__ import annotations

import json

import pytest
from starlette.websockets import WebSocketDisconnect

from game.room.keys import RoomKeys, room_path
from game.room.messages import MAX_BYTES
from game.session.moves import Seat
from tests.room.conftest import PEOPLE, hello, make_room, play_room_until


def lines(path) -> int:
    return len(path.read_bytes().splitlines())


def test_the_page_and_its_assets_come_from_the_package(room) -> None:
    page = room.client.get("/")
    assert page.status_code == 200 and "phone.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert room.client.get("/static/phone.js").status_code == 200
    assert room.client.get("/static/phone.css").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/static/../keys.py",
        "/static/%2e%2e/keys.py",
        "/static/..%2fkeys.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/../../etc/passwd",
        "/static/nothing.js",
        "/keys.py",
    ],
)
def test_no_file_outside_the_packages_assets(room, path: str) -> None:
    answer = room.client.get(path)
    assert answer.status_code == 404, (path, answer.status_code)
    assert "import" not in answer.text and "root:" not in answer.text


def test_seats_need_the_room_code(room) -> None:
    assert room.client.get("/api/seats", params={"code": "WRONG"}).status_code == 403
    answer = room.client.get("/api/seats", params={"code": room.keys.code.lower()})
    assert answer.status_code == 200
    seats = [s["seat"] for s in answer.json()["teams"][0]["seats"]]
    assert "0:ceo" in seats and "0:dir_transport" not in seats  # only seats people play


def test_a_held_seat_cannot_be_taken_until_released(room) -> None:
    first = room.claim("0:ceo", "Ana")
    again = room.client.post("/api/claim", json={"code": room.keys.code, "seat": "0:ceo"})
    assert again.status_code == 409 and "facilitator" in again.json()["error"]
    room.hub.release(Seat("ceo", 0))
    second = room.claim("0:ceo", "Ben")
    assert second != first and room.keys.check(Seat("ceo", 0), second)
    assert not room.keys.check(Seat("ceo", 0), first)


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ("not json", 400, "JSON"),
        ("[]", 400, "one JSON object"),
        ('{"code": "X"}', 400, "seat"),
        ('{"code": "X", "seat": "0:ceo", "evil": 1}', 400, "evil"),
        ('{"code": "WRONG", "seat": "0:ceo"}', 403, "code"),
        ('{"code": "%s", "seat": "0:nobody"}', 400, "no such seat"),
        ('{"code": "%s", "seat": "0:dir_transport"}', 400, "no such seat"),
        ('{"code": "%s", "seat": "' + "x" * 3000 + '"}', 413, "bytes"),
    ],
)
def test_bad_join_requests_are_refused_clearly(room, body: str, status: int, words: str) -> None:
    if "%s" in body:
        body = body % room.keys.code
    answer = room.client.post("/api/claim", content=body.encode())
    assert answer.status_code == status, answer.text
    assert words in answer.json()["error"]


def test_guessing_the_code_is_slowed_down(room) -> None:
    codes = [room.client.get("/api/seats", params={"code": "AAAAA"}).status_code for _ in range(30)]
    assert 429 in codes


def test_a_guesser_cannot_try_the_right_code_once_out_of_guesses(room) -> None:
    for _ in range(30):
        room.client.get("/api/seats", params={"code": "AAAAA"})
    right = room.client.get("/api/seats", params={"code": room.keys.code})
    assert right.status_code == 429 and "too many tries" in right.json()["error"]


def test_a_whole_table_behind_one_address_joins_without_waiting(room) -> None:
    """Phones behind one address (a hotspot, a tunnel, the browser tests) are not guessers:
    with the right code, every one of them lists the seats, several times, and takes one."""
    seats = [f"0:{role}" for role in PEOPLE]
    for seat in seats:
        for _ in range(4):  # a leader taps "Show the seats" more than once
            looked = room.client.get("/api/seats", params={"code": room.keys.code})
            assert looked.status_code == 200, looked.text
        taken = room.client.post("/api/claim", json={"code": room.keys.code, "seat": seat})
        assert taken.status_code == 200, taken.text
    assert len(seats) >= 5


def test_a_socket_without_a_valid_token_gets_nothing(room) -> None:
    room.claim("0:ceo")
    real = room.keys.token(Seat("cfo", 0))
    wrong = real[:-1] + (
        "B" if real.endswith("A") else "A"
    )  # one character off, never the real one
    for first in (
        {"kind": "hello", "seat": "0:ceo", "token": "x" * 43},
        {"kind": "hello", "seat": "0:cfo", "token": wrong},
        {"kind": "act", "move": "abc"},
        {"kind": "hello", "seat": "9:ceo", "token": "x"},
    ):
        with room.client.websocket_connect("/ws") as ws:
            ws.send_text(json.dumps(first))
            answer = ws.receive_json()
            assert answer["kind"] == "refused", answer
            with pytest.raises(WebSocketDisconnect):
                ws.receive_json()


def test_bad_messages_are_refused_and_change_nothing(room) -> None:
    token = room.claim("0:ceo")
    version = room.table.state_of(0).version
    with room.client.websocket_connect("/ws") as ws:
        hello(ws, "0:ceo", token)
        for raw, code in (
            ("{", "bad_message"),
            ('{"kind": "shout"}', "unknown_kind"),
            ('{"kind": "act"}', "bad_message"),
            ('{"kind": "act", "move": "x", "role": "cfo"}', "bad_message"),
            ('{"kind": "act", "move": "nope"}', "not_offered"),
            (
                json.dumps({"kind": "act", "move": "x", "fill": {"text": "y" * MAX_BYTES}}),
                "too_long",
            ),
        ):
            ws.send_text(raw)
            answer = ws.receive_json()
            assert answer["kind"] == "refused" and answer["code"] == code, (raw[:40], answer)
            assert answer["text"]
        ws.send_text('{"kind": "ping", "ref": 3}')
        assert ws.receive_json() == {"kind": "pong", "ref": 3}
    assert room.table.state_of(0).version == version


def test_a_flood_is_refused_then_cut_off(room) -> None:
    room.hub.clock = lambda: 1000.0  # a stopped clock: the budget never refills
    token = room.claim("0:ceo")
    with room.client.websocket_connect("/ws") as ws:
        hello(ws, "0:ceo", token)
        answers = []
        with pytest.raises(WebSocketDisconnect):
            for _ in range(400):
                ws.send_text('{"kind": "ping"}')
                answers.append(ws.receive_json())
    kinds = {a["kind"] for a in answers}
    assert "pong" in kinds and "refused" in kinds
    assert any(a.get("code") == "flood" for a in answers)


def test_a_vote_is_on_disk_before_the_phone_hears_it_was_taken(room) -> None:
    token = room.claim("0:vp_sales")
    play_room_until(room, lambda s: s.step == "shortlist")
    with room.client.websocket_connect("/ws") as ws:
        first = hello(ws, "0:vp_sales", token)
        votes = next(g for g in first["groups"] if g["kind"] == "vote")
        assert votes["title"] and all(m["label"].startswith("Vote for") for m in votes["moves"])
        before = lines(room.path)
        ws.send_text(json.dumps({"kind": "act", "move": votes["moves"][0]["id"], "ref": 5}))
        while (answer := ws.receive_json())["kind"] != "ack":
            assert answer["kind"] == "view"
        assert answer["ref"] == 5
        assert lines(room.path) == before + 1  # written (and fsync'ed) before the ack
        record = json.loads(room.path.read_bytes().splitlines()[-1])
        assert record["action"]["kind"] == "vote" and record["action"]["role"] == "vp_sales"
        assert record["action"]["by"] == "person"


def test_another_seats_move_is_refused(room) -> None:
    sales = room.claim("0:vp_sales")
    room.claim("0:ceo")
    play_room_until(room, lambda s: s.step == "shortlist")
    ceo_moves = {
        m["id"]
        for g in _view_of(room, "0:ceo", room.keys.token(Seat("ceo", 0)))["groups"]
        for m in g["moves"]
    }
    own = {m["id"] for g in _view_of(room, "0:vp_sales", sales)["groups"] for m in g["moves"]}
    foreign = sorted(ceo_moves - own)
    assert foreign
    version = room.table.state_of(0).version
    with room.client.websocket_connect("/ws") as ws:
        hello(ws, "0:vp_sales", sales)
        ws.send_text(json.dumps({"kind": "act", "move": foreign[0], "ref": 1}))
        answer = ws.receive_json()
        assert answer["kind"] == "refused" and answer["ref"] == 1
    assert room.table.state_of(0).version == version


def _view_of(room, seat: str, token: str) -> dict:
    with room.client.websocket_connect("/ws") as ws:
        return hello(ws, seat, token)


def test_reopening_a_seat_moves_it_to_the_newest_page(room) -> None:
    token = room.claim("0:ceo")
    with room.client.websocket_connect("/ws") as old:
        hello(old, "0:ceo", token)
        with room.client.websocket_connect("/ws") as new:
            hello(new, "0:ceo", token)
            assert old.receive_json()["kind"] == "taken"
            new.send_text('{"kind": "ping"}')
            assert new.receive_json()["kind"] == "pong"


def test_a_released_phone_is_told_and_its_token_stops_working(room) -> None:
    token = room.claim("0:ceo")
    with room.client.websocket_connect("/ws") as ws:
        hello(ws, "0:ceo", token)
        room.hub.release(Seat("ceo", 0))
        assert ws.receive_json()["kind"] == "released"
    with room.client.websocket_connect("/ws") as ws:
        ws.send_text(json.dumps({"kind": "hello", "seat": "0:ceo", "token": token}))
        assert ws.receive_json()["code"] == "bad_token"


def test_tokens_survive_a_restart_and_belong_to_one_session(tmp_path) -> None:
    room = make_room(tmp_path)
    token = room.claim("0:cfo", "Chen")
    again = RoomKeys.for_session(room.path, "test-session")
    assert again.code == room.keys.code and again.check(Seat("cfo", 0), token)
    assert again.holder(Seat("cfo", 0)) == "Chen"
    other = RoomKeys.for_session(room.path, "another-session")
    assert not other.check(Seat("cfo", 0), token)
    assert room_path(room.path).stat().st_mode & 0o077 == 0
    room.table.close()


def test_a_damaged_keys_file_means_joining_again_not_a_crash(tmp_path) -> None:
    room = make_room(tmp_path)
    room_path(room.path).write_text("{garbage", encoding="utf-8")
    fresh = RoomKeys.for_session(room.path, "test-session")
    assert fresh.code and fresh.holder(Seat("ceo", 0)) is None
    room.table.close()


def test_the_phone_heads_forecasts_as_its_own_until_the_reveal(room) -> None:
    """In the quarter a phone's forecasts are its own ('Only you see this', 'Your private
    forecast'); at the quarterly review the engine shows every seat every forecast, and the
    phone then says whose each is under 'revealed' (it said 'Only you see this' and 'your
    private forecast' over the other leaders' key results)."""
    from game.room.view import MINE_TITLE, REVEALED_TITLE, phone_view
    from game.session.moves import Seat
    from tests.room.screenshots import play_all_until

    play_all_until(room, lambda s: s.phase == "quarter")
    state = room.table.state_of(0)
    role = next(r for r in room.table.people(0) if any(k.owner == r for k in state.key_results))
    seat, title = Seat(role, 0), state.scenario.role(role).title
    view = phone_view(room.hub, seat)
    assert view["mine"] and view["mine_title"] == MINE_TITLE
    assert all(k["yours"] and k["owner"] == title for k in view["mine"])
    play_all_until(room, lambda s: s.phase == "review")
    view = phone_view(room.hub, seat)
    assert view["mine_title"] == REVEALED_TITLE
    owners = {k["owner"] for k in view["mine"]}
    assert title in owners and len(owners) > 1
    own = {
        state.scenario.key_result(k.id).model.label for k in state.key_results if k.owner == role
    }
    assert {k["label"] for k in view["mine"] if k["yours"]} == own
