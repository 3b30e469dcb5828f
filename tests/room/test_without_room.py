"""Without `--room` the game plays exactly as before: `offsite play` opens no room (no server,
no port, no join screen) and a seeded game played with the facilitator's keys and mouse
writes the same session, action by action, as the projector app on the table alone."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from game.bots.policies import Policy
from game.cli.main import main
from game.engine import new_game
from game.scenario import load_scenario, scenario_hash
from game.session.log import SessionWriter, new_header
from game.session.table import Table
from game.ui.app import App
from tests.ui.driver import step

TINY = Path(__file__).resolve().parent.parent / "fixtures" / "good" / "tiny.yaml"
PEOPLE = "owner,head_baker"
SEED = 5


def play_to_the_end(app: App) -> list[str]:
    """Gesture (keys and mouse, the `good` policy's wishes) until the game is over; the
    scenes seen."""
    policy, scenes = Policy(), []
    for _ in range(3000):
        if app.state.phase == "over":
            return scenes
        scenes.append(app.scene.name)
        step(app, policy)
    raise AssertionError(f"stuck in {app.scene.name}")


def actions(path: Path) -> list[dict]:
    """The session's actions and its closing summary, without the milliseconds the clock
    gave them (and so without the hashes, which cover them, and the minutes the priorities
    took: 0.01 in one run and 0.0 in the other when the machine is busy)."""
    lines = [json.loads(line) for line in path.read_text().splitlines()[1:] if line.strip()]
    kept = []
    for line in lines:
        if "action" in line:
            kept.append({k: v for k, v in line["action"].items() if k != "ms"})
        else:  # the closing summary, less what the clock says: phase times, minutes taken
            summary = {k: v for k, v in line["summary"].items() if k != "phase_ms"}
            summary["speed"] = {k: v for k, v in summary["speed"].items() if k != "minutes"}
            kept.append(summary)
    return kept


def test_play_without_room_opens_no_port_and_writes_the_table_alones_session(
    tmp_path, monkeypatch, capsys
) -> None:
    opened: list[object] = []
    real_listen, real_bind = socket.socket.listen, socket.socket.bind

    def listen(self, *args):
        opened.append(("listen", self.getsockname()))
        return real_listen(self, *args)

    def bind(self, address):
        opened.append(("bind", address))
        return real_bind(self, address)

    monkeypatch.setattr(socket.socket, "listen", listen)
    monkeypatch.setattr(socket.socket, "bind", bind)
    from game.room import server as room_server

    def no_server(*args, **kwargs):
        raise AssertionError("a room server was made without --room")

    monkeypatch.setattr(room_server.RoomServer, "__init__", no_server)
    played: dict[str, object] = {}

    def run(app: App, frames=None) -> None:  # the facilitator at the keyboard, not a clock
        assert app.room is None and app.scene.name != "join"
        played["scenes"] = play_to_the_end(app)

    monkeypatch.setattr(App, "run", run)
    through_cli = tmp_path / "cli.jsonl"
    argv = ["play", str(TINY), "--no-start-screen", "--people", PEOPLE, "--seed", str(SEED)]
    assert main([*argv, "--session", str(through_cli), "--size", "1280x720"]) == 0
    out = capsys.readouterr().out
    assert "room:" not in out and "saved:" in out
    assert opened == []  # no socket was bound or listened on
    assert "join" not in played["scenes"]

    scenario = load_scenario(TINY)
    seats = {r.id: ("person" if r.id in PEOPLE.split(",") else "computer") for r in scenario.roles}
    state = new_game(scenario, SEED, seats, scenario_hash=scenario_hash(scenario))
    alone = tmp_path / "alone.jsonl"
    writer = SessionWriter.create(new_header(state), alone)
    table = Table([state], names=["Team 1"], writers=[writer])
    app = App(table, size=(1280, 720))
    try:
        assert play_to_the_end(app) == played["scenes"]
    finally:
        table.close()
    header_cli = json.loads(through_cli.read_text().splitlines()[0])
    header_alone = json.loads(alone.read_text().splitlines()[0])
    for kept in ("scenario", "scenario_hash", "seed", "seats", "pressure", "warmup"):
        assert header_cli[kept] == header_alone[kept], kept
    assert len(actions(through_cli)) > 100
    assert actions(through_cli) == actions(alone)
    assert actions(alone)[-1]["phase"] == "over"  # the closing summary, scores and all
