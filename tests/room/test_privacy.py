"""Privacy: a phone hears only what its seat may observe. Every message sent to one seat's phone
through a whole quarter (over a real WebSocket, on a real server) is recorded; none carries
another seat's private forecast."""

from __future__ import annotations

import json
import time

from game.bots.policies import POLICIES
from game.engine import ROOM
from game.room.server import RoomServer
from game.session.moves import Seat
from tests.room.conftest import make_room
from tests.room.phones import Phone

MINE = "ceo"


def test_no_message_to_a_seat_carries_another_seats_private_forecast(tmp_path) -> None:
    made = make_room(tmp_path)
    server = RoomServer(made.hub, "127.0.0.1", 0)
    server.start()
    phone = Phone(server.address.url, f"0:{MINE}", made.claim(f"0:{MINE}", "Ana"))
    bot = POLICIES["good"]()
    table, me = made.table, Seat(MINE, 0)
    s = table.state_of(0).scenario
    secrets: set[str] = set()  # other seats' private forecasts, as JSON writes them
    mine_labels: set[str] = set()
    reported_by_phone = 0
    revealed_at = None
    try:
        for _ in range(4000):
            state = table.state_of(0)
            if state.phase in ("review", "over"):
                revealed_at = state.version  # from here every forecast is public (the review)
                break
            for k in state.key_results:
                if k.owner == MINE:
                    mine_labels.add(s.key_result(k.id).model.label)
                else:
                    secrets.update(json.dumps(f.q) for f in k.history)
            if table.moves(me).of("report"):  # my report: made on the phone
                deadline = time.monotonic() + 10
                while not phone.moves("report") and time.monotonic() < deadline:
                    phone.next(timeout=10)
                answer = phone.act(phone.moves("report")[5])
                assert answer["kind"] == "ack", answer
                reported_by_phone += 1
                continue
            for role in [ROOM, *table.people(0)]:
                action = bot.decide(state, role)
                if action is not None:
                    assert table.act(Seat(action.role, 0), action, 0).ok
                    break
            else:
                raise AssertionError(f"nobody moves in {state.phase}/{state.step}")
        assert revealed_at is not None, "the quarter did not end"
        time.sleep(0.5)
        phone.drain()
    finally:
        phone.close()
        server.stop()
        made.table.close()
    assert reported_by_phone >= 3  # the phone made its reports through the quarter
    heard = [m for m in phone.heard if m.get("version", 0) < revealed_at]
    views = [m for m in heard if m["kind"] == "view"]
    assert len(views) > 50  # the phone heard the quarter go by
    assert mine_labels  # (the scenario gives this seat key results of its own)
    for view in views:
        for entry in view["mine"]:
            assert entry["label"] in mine_labels, entry  # only my own key results
            assert entry["forecast"] in range(11), entry  # the report's 0–10 scale
    raw = "\n".join(json.dumps(m) for m in heard)
    assert secrets and not [x for x in secrets if len(x) > 4 and x in raw]
