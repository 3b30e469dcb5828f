"""A room on a real table and session file, for the server's tests (no network: TestClient)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from game.engine import new_game
from game.room.app import make_app
from game.room.hub import Hub
from game.room.keys import RoomKeys
from game.scenario import scenario_hash
from game.scenario.loader import load_scenario
from game.session.log import SessionWriter, new_header
from game.session.table import Table

PEOPLE = ("ceo", "vp_sales", "vp_operations", "vp_customer", "cfo", "dir_warehousing")


@dataclass
class Room:
    table: Table
    hub: Hub
    keys: RoomKeys
    client: TestClient
    path: Path

    def claim(self, seat: str, name: str = "") -> str:
        answer = self.client.post(
            "/api/claim", json={"code": self.keys.code, "seat": seat, "name": name}
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["token"]


def make_room(tmp_path: Path, people=PEOPLE, seed: int = 7, teams: int = 1) -> Room:
    scenario = load_scenario()
    seats = {r.id: ("person" if r.id in people else "computer") for r in scenario.roles}
    states, writers = [], []
    for i in range(teams):
        state = new_game(scenario, seed, seats, scenario_hash=scenario_hash(scenario))
        path = tmp_path / (f"game-team{i + 1}.jsonl" if i else "game.jsonl")
        writers.append(SessionWriter.create(new_header(state), path))
        states.append(state)
    table = Table(states, writers=writers)
    table.start()
    keys = RoomKeys.for_session(writers[0].path, "test-session")
    hub = Hub(table, keys)
    return Room(table, hub, keys, TestClient(make_app(hub)), writers[0].path)


@pytest.fixture
def room(tmp_path: Path):
    made = make_room(tmp_path)
    yield made
    made.table.close()


def hello(ws, seat: str, token: str) -> dict:
    """Say hello on a socket; the welcome and the first view."""
    import json

    ws.send_text(json.dumps({"kind": "hello", "seat": seat, "token": token}))
    welcome = ws.receive_json()
    assert welcome["kind"] == "welcome", welcome
    first = ws.receive_json()
    assert first["kind"] == "view", first
    return first


def play_room_until(room: Room, done, policy: str = "good", limit: int = 400) -> None:
    """The facilitator's seat (and any person seat no phone plays) moves by a policy until
    `done(state)`; the phones' seats are left to the phones."""
    from game.bots.policies import POLICIES
    from game.engine import ROOM
    from game.session.moves import Seat

    bot = POLICIES[policy]()
    for _ in range(limit):
        state = room.table.state_of(0)
        if done(state):
            return
        for role in [ROOM, *room.table.people(0)]:
            if role != ROOM and room.hub.held(Seat(role, 0)):
                continue
            action = bot.decide(state, role)
            if action is not None:  # the room's policy argues through a card's advocate
                outcome = room.table.act(Seat(action.role, 0), action, 0)
                assert outcome.ok, outcome.message
                break
        else:
            raise AssertionError(f"nobody moves in {state.phase}/{state.step}")
    raise AssertionError("the room did not get there")
