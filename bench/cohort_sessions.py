"""A programme's worth of session files for the cohort benchmark (docs/performance.md).

`generate(folder, files, distinct)` plays `distinct` whole games with autoplay — every
shipped scenario × the built-in policies × the three pressures, over seeds — and writes them
as sealed session files with the real `SessionWriter` (docs/sessions.md). It then fills the
folder up to `files` files: each further file is one of those games played again by another
team in another cohort on another date, written as its own sealed session (a new header with
that team, cohort date and seal, every line chained again), so `offsite replay` accepts every
file. The cohort reader does the same work per file whether or not two files share a game;
playing 10,000 distinct games would take the benchmark most of an hour on two cores.

Files go into cohort folders (`cohort-01` …) of about 250 sessions, dated over two years.
"""

from __future__ import annotations

import itertools
import json
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from game.engine.setup import new_game
from game.scenario.loader import builtin_names, builtin_path, load_scenario, scenario_hash
from game.session.autoplay import steps
from game.session.log import SessionWriter, chain_of, new_header, sealed

POLICIES = ("good", "hider", "late", "sandbagger", "blamer", "copycat", "vague", "random")
PRESSURES = ("low", "normal", "high")
PER_COHORT = 250
MANIFEST = "generated.json"  # what `generate` wrote: files and distinct games
FIRST_DAY = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def games(distinct: int) -> list[tuple[str, str, str, int]]:
    """(scenario, policy, pressure, seed) for `distinct` games, every combination before a
    second seed."""
    combos = list(itertools.product(builtin_names(), POLICIES, PRESSURES))
    return [(*combos[i % len(combos)], 1 + i // len(combos)) for i in range(distinct)]


def play_one(job: tuple[Path, str, str, str, int]) -> Path:
    """Autoplay one game into a new session file; returns its path."""
    path, name, policy, pressure, seed = job
    scenario = load_scenario(builtin_path(name))
    start = new_game(scenario, seed, scenario_hash=scenario_hash(scenario), pressure=pressure)
    header = new_header(start, teams=[{"name": "Team", "policy": policy}])
    with SessionWriter.create(header, path) as writer:
        for step in steps(scenario, policy, seed, pressure, start, []):
            writer.append(step.action, step.state)
    return path


def played_again(source: Path, target: Path, team: str, created: datetime) -> None:
    """`source`'s game as another team's session: new header and seal, every line re-chained."""
    lines = source.read_bytes().splitlines()
    header = json.loads(lines[0])
    header["teams"] = [{**header["teams"][0], "name": team}]
    header["created"] = created.isoformat(timespec="seconds")
    head = sealed(header)
    link = head["seal"]
    out = [_line(head)]
    for raw in lines[1:]:
        record = json.loads(raw)
        link = record["chain"] = chain_of(link, record)
        out.append(_line(record))
    target.write_bytes(b"".join(out))


def _line(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def generate(folder: Path, files: int, distinct: int, workers: int | None = None) -> list[Path]:
    """Write `files` session files under `folder` (see the module docstring); returns them."""
    folder.mkdir(parents=True, exist_ok=True)
    originals = folder / "played"
    originals.mkdir(exist_ok=True)
    distinct = min(distinct, files)
    jobs = [
        (originals / f"{i:05d}-{n}-{p}-{pr}-{s}.jsonl", n, p, pr, s)
        for i, (n, p, pr, s) in enumerate(games(distinct))
    ]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
        made = list(pool.map(play_one, jobs, chunksize=4))
    paths = list(made)
    span = timedelta(days=730) / max(1, files)
    for k in range(distinct, files):
        cohort = folder / f"cohort-{1 + k // PER_COHORT:02d}"
        cohort.mkdir(exist_ok=True)
        target = cohort / f"session-{k:05d}.jsonl"
        played_again(made[k % distinct], target, f"Team {k:05d}", FIRST_DAY + span * k)
        paths.append(target)
    (folder / MANIFEST).write_text(json.dumps({"files": files, "distinct": distinct}))
    return paths
