"""The room benchmark: `python bench/room.py [--teams 6] [--phones 8] [--json]`.

Six teams of eight leaders, each on a scripted phone: 48 WebSocket clients in a child process
talk to the room's real server (Starlette on uvicorn, on the loopback interface) beside one
table, through a whole quarter. The phones make every check-in report as soon as their page
offers one (the parallel answers the room exists for); the facilitator's moves and the other
moves are played by the good policy through the same table (as the laptop would).

Measured, on one clock (CLOCK_MONOTONIC, shared by the processes):
- phone -> projector: from a phone sending its report to the table telling its listeners (the
  projector's next frame reads that state), after it was applied and fsync'ed;
- phone -> other phones: from the send to each other phone of the team receiving a view of that
  state or a later one.
And the server process's peak memory (maximum resident set). Figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BUDGET_PROJECTOR_MS = 50.0
BUDGET_PHONES_MS = 100.0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# ---- the phones (child process) ------------------------------------------------------------
async def one_phone(url: str, seat: str, token: str, out: list, stop: asyncio.Event) -> None:
    from websockets.asyncio.client import connect

    async with connect(url.replace("http://", "ws://") + "ws", max_size=2**22) as ws:
        await ws.send(json.dumps({"kind": "hello", "seat": seat, "token": token}))
        ref, pending, last = 0, False, None

        async def answer(view) -> None:
            nonlocal ref, pending
            reports = [
                m
                for g in view["groups"]
                if g["kind"] == "report"
                for m in g["moves"]
                if not m["refused"]
            ]
            if reports and not pending:
                ref += 1
                pending = True
                move = reports[len(reports) // 2]["id"]
                sent = time.monotonic()
                await ws.send(json.dumps({"kind": "act", "ref": ref, "move": move}))
                out.append(("sent", seat, ref, sent))

        while not stop.is_set():
            try:
                raw = await asyncio.wait_for(ws.recv(), 1.0)
            except TimeoutError:
                continue
            now = time.monotonic()
            message = json.loads(raw)
            kind = message["kind"]
            if kind == "view":
                out.append(("view", seat, message["version"], now))
                last = message
                await answer(message)
            elif kind in ("ack", "refused") and message.get("ref") == ref:
                pending = False
                out.append((kind, seat, ref, now))
                if last is not None:
                    await answer(last)  # the next key result's report, if one is due


def phones_main(url: str, tokens: dict[str, str], conn) -> None:
    async def run() -> list:
        out: list = []
        stop = asyncio.Event()
        tasks = [asyncio.create_task(one_phone(url, s, t, out, stop)) for s, t in tokens.items()]
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # "stop"
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        return out

    conn.send(asyncio.run(run()))


# ---- the server and the table (this process) ---------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=6)
    parser.add_argument("--phones", type=int, default=8, help="people (phones) per team")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from game.bots.policies import POLICIES
    from game.engine import ROOM, new_game
    from game.room.hub import Hub
    from game.room.keys import RoomKeys
    from game.room.server import RoomServer
    from game.scenario import scenario_hash
    from game.scenario.loader import load_scenario
    from game.session.log import SessionWriter, new_header
    from game.session.moves import Seat
    from game.session.table import Table

    scenario = load_scenario()
    people = [r.id for r in scenario.roles][: args.phones]
    seats = {r.id: ("person" if r.id in people else "computer") for r in scenario.roles}
    folder = Path(tempfile.mkdtemp(prefix="offsite-room-bench-"))
    states, writers = [], []
    for i in range(args.teams):
        state = new_game(scenario, args.seed + i, seats, scenario_hash=scenario_hash(scenario))
        writers.append(SessionWriter.create(new_header(state), folder / f"team{i + 1}.jsonl"))
        states.append(state)
    table = Table(states, writers=writers)
    table.start()
    keys = RoomKeys.for_session(writers[0].path, "bench")
    hub = Hub(table, keys)
    told: list[tuple[int, int, str, float]] = []  # (team, version, role, when) per report

    def listener(change) -> None:
        reported = bool(change.events) and change.events[0].kind == "reported"
        if change.what == "acted" and change.seat is not None and reported:
            told.append((change.team, change.version, change.seat.role, time.monotonic()))

    table.listen(listener)
    server = RoomServer(hub, "127.0.0.1", 0)
    address = server.start()
    tokens = {f"{t}:{r}": keys.claim(Seat(r, t), r) for t in range(args.teams) for r in people}
    parent, child = mp.Pipe()
    proc = mp.Process(target=phones_main, args=(address.url, tokens, child))
    proc.start()
    time.sleep(2.0)  # the phones connect

    bot = POLICIES["good"]()
    started = time.monotonic()
    done = [False] * args.teams

    def drive(team: int) -> None:
        for _ in range(5000):
            state = table.state_of(team)
            if state.phase in ("review", "over"):
                done[team] = True
                return
            answering = state.phase == "quarter" and state.step == "report"
            if answering and any(table.moves(Seat(r, team)).of("report") for r in people):
                time.sleep(0.2)  # the phones are answering
                continue
            for role in [ROOM, *people]:
                action = bot.decide(state, role)
                if action is not None:
                    table.act(Seat(action.role, team), action, 0)
                    break
            else:
                time.sleep(0.2)

    drivers = [threading.Thread(target=drive, args=(t,)) for t in range(args.teams)]
    for d in drivers:
        d.start()
    for d in drivers:
        d.join()
    wall = time.monotonic() - started
    time.sleep(1.0)
    parent.send("stop")
    heard = parent.recv()
    proc.join(timeout=30)
    server.stop()
    table.close()

    # ---- pair each report with the table's change and the other phones' views ----------
    sent = {}
    acks = set()
    views: dict[str, list[tuple[int, float]]] = {}
    for kind, seat, x, when in heard:
        if kind == "sent":
            sent[(seat, x)] = when
        elif kind == "ack":
            acks.add((seat, x))
        elif kind == "view":
            views.setdefault(seat, []).append((x, when))
    by_seat: dict[str, list[tuple[int, float]]] = {}
    for team, version, role, when in told:
        by_seat.setdefault(f"{team}:{role}", []).append((version, when))
    to_projector, to_phones = [], []
    for seat in tokens:
        mine = sorted((ref, t0) for (s, ref), t0 in sent.items() if s == seat and (s, ref) in acks)
        changes = by_seat.get(seat, [])
        team = seat.split(":")[0]
        for (_, t0), (version, t1) in zip(
            mine, changes[-len(mine) :] if mine else [], strict=False
        ):
            to_projector.append((t1 - t0) * 1000)
            for other, seen in views.items():
                if other == seat or other.split(":")[0] != team:
                    continue
                later = [w for v, w in seen if v >= version and w >= t0]
                if later:
                    to_phones.append((min(later) - t0) * 1000)
    figures = {
        "teams": args.teams,
        "phones": len(tokens),
        "quarters_finished": sum(done),
        "reports_by_phones": len(to_projector),
        "wall_s": round(wall, 1),
        "p50_to_projector_ms": round(percentile(to_projector, 50), 1),
        "p95_to_projector_ms": round(percentile(to_projector, 95), 1),
        "p50_to_other_phones_ms": round(percentile(to_phones, 50), 1),
        "p95_to_other_phones_ms": round(percentile(to_phones, 95), 1),
        "server_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    ok = (
        figures["p95_to_projector_ms"] <= BUDGET_PROJECTOR_MS
        and figures["p95_to_other_phones_ms"] <= BUDGET_PHONES_MS
    )
    if args.json:
        print(json.dumps(figures | {"within_budget": ok}))
    else:
        for k, v in figures.items():
            print(f"{k:>24}: {v}")
        budget = f"p95 <= {BUDGET_PROJECTOR_MS:g} ms / {BUDGET_PHONES_MS:g} ms"
        print(f"{'within budget':>24}: {ok} ({budget})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
