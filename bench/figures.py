"""One function per published figure. Each returns a `Figure`: the value (None when the part
it measures is not built, with the reason in `note`) and the details behind it.

Every timing is the median of several runs after a warm-up. Figures that need a fresh
process (startup, the UI, peak memory) run `probe.py` in a child process.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scenario_gen

from game.engine import apply, new_game
from game.scenario import builtin_path, load_scenario, scenario_hash
from game.session.autoplay import POLICY_NAMES, play, steps
from game.session.balance import run_games

ROOT = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).resolve().parent / "probe.py"
SEED = 1
RESOLUTIONS = {"1080p": (1920, 1080), "2160p": (3840, 2160)}


@dataclass
class Figure:
    """A measured figure: its value (None: not measurable yet) and what it rests on."""

    value: float | None
    details: dict[str, Any] = field(default_factory=dict)
    note: str = ""


def median_of(runs: int, measure: Callable[[], float], warmup: int = 1) -> float:
    """The median of `runs` measurements, after `warmup` discarded ones."""
    for _ in range(warmup):
        measure()
    return statistics.median(measure() for _ in range(runs))


def machine() -> dict[str, Any]:
    """What the figures were taken on."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "nproc": cores,
        "cpu": model,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_avg_1min": round(load[0], 2),
    }


def _probe(*args: object, timeout: float = 300) -> dict[str, Any]:
    """Run a probe in a fresh interpreter and return the JSON it printed last."""
    out = subprocess.run(
        [sys.executable, str(PROBE), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        tail = (out.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"probe {args[0]} failed: {tail}")
    return json.loads(lines[-1])


def ui_missing() -> str:
    """Why the UI figures cannot be taken (empty when they can)."""
    try:
        for module in ("game.ui.app", "game.ui.screenshot"):
            importlib.import_module(module)
    except Exception as exc:  # any import failure means: not measurable yet
        return f"game.ui is not usable yet ({type(exc).__name__}: {exc})"
    return ""


# ---- the UI -------------------------------------------------------------------------------


def startup_s(runs: int) -> Figure:
    """Process start to the first displayed frame of `offsite play`, headless (seconds).

    With compiled bytecode cached, as on any machine after the first run. (This environment
    may set PYTHONDONTWRITEBYTECODE, which would recompile every module on every start: the
    children cache their bytecode in a temporary folder instead, and the first, compiling run
    is reported as `first_run_s`.)"""
    missing = ui_missing()
    if missing:
        return Figure(None, note=missing)

    def once(env: dict[str, str]) -> float:
        start = time.perf_counter()
        with subprocess.Popen(
            [sys.executable, str(PROBE), "first-frame"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env=env,
        ) as child:
            assert child.stdout is not None
            for line in child.stdout:
                if line.startswith("{"):
                    elapsed = time.perf_counter() - start
                    break
            else:
                raise RuntimeError("the first-frame probe never drew")
            child.wait()
        return elapsed

    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = cache
        first = once(env)
        value = median_of(runs, lambda: once(env), warmup=0)
    return Figure(value, {"runs": runs, "first_run_s": first})


def frame_times(passes: int, count: int) -> dict[str, Figure]:
    """Frame time p50/p95 per screen at each resolution, for frames with a change on them (the
    app skips drawing unchanged frames); the figure is the worst screen's p95."""
    missing = ui_missing()
    if missing:
        return {res: Figure(None, note=missing) for res in RESOLUTIONS}
    out = {}
    for res, (width, height) in RESOLUTIONS.items():
        measured = _probe("frames", width, height, passes, count)
        screens = {
            name: {
                "p50": _median_percentile(runs, 50),
                "p95": _median_percentile(runs, 95),
                "idle_p50": _median_percentile(measured["idle"][name], 50),
            }
            for name, runs in measured["changed"].items()
        }
        worst = max(screens, key=lambda n: screens[n]["p95"])
        out[res] = Figure(
            screens[worst]["p95"],
            {"screens": screens, "worst": worst, "passes": passes, "frames": count},
        )
    return out


def _median_percentile(runs: list[list[float]], q: float) -> float:
    """The median over passes of one percentile of a pass's frame times."""
    return statistics.median(float(np.percentile(times, q)) for times in runs)


def peak_rss_mb() -> Figure:
    """Peak RSS of a whole game played through the UI, headless (MB)."""
    missing = ui_missing()
    if missing:
        return Figure(None, note=missing)
    result = _probe("rss-ui")
    return Figure(result["peak_rss_mb"], {"actions": result["actions"]})


# ---- the scenario loader ------------------------------------------------------------------


def shipped_scenarios() -> list[Path]:
    """Every scenario file the project ships (the folder and the package's built-ins)."""
    files = sorted((ROOT / "scenarios").glob("*.yaml"))
    files += sorted(builtin_path().parent.glob("*.yaml"))
    return files


def load_ms(runs: int) -> Figure:
    """Load + schema validation of each shipped scenario and a generated big one (ms)."""
    per_file: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        generated, lines = scenario_gen.write_generated(Path(folder))
        for path in [*shipped_scenarios(), generated]:

            def once(path: Path = path) -> float:
                start = time.perf_counter()
                load_scenario(path)
                return (time.perf_counter() - start) * 1000

            name = f"generated ({lines} lines)" if path == generated else _relative(path)
            per_file[name] = median_of(runs, once)
    return Figure(max(per_file.values()), {"files": per_file, "runs": runs})


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# ---- the engine ---------------------------------------------------------------------------


def apply_us(runs: int) -> Figure:
    """The median time of one `apply`, replaying a whole good game action by action (µs)."""
    scenario = load_scenario()
    log = [step.action for step in steps(scenario, "good", SEED)]
    digest = scenario_hash(scenario)

    def once() -> float:
        state = new_game(scenario, SEED, scenario_hash=digest)
        times = []
        for action in log:
            start = time.perf_counter()
            state, _ = apply(state, action)
            times.append(time.perf_counter() - start)
        return statistics.median(times) * 1e6

    return Figure(median_of(runs, once), {"runs": runs, "actions": len(log)})


def autoplay_ms(games: int) -> Figure:
    """A whole game autoplayed by the good policy and the peers, seeds 1…games (ms)."""
    scenario = load_scenario()
    seeds = iter(range(1, games + 1))
    cpu: list[float] = []

    def once() -> float:
        start, start_cpu = time.perf_counter(), time.process_time()
        play(scenario, "good", next(seeds, SEED))
        cpu.append((time.process_time() - start_cpu) * 1000)
        return (time.perf_counter() - start) * 1000

    play(scenario, "good", 0)
    wall = median_of(games, once, warmup=0)
    return Figure(wall, {"games": games, "cpu_ms": statistics.median(cpu)})


def two_quarters_ratio(games: int) -> Figure:
    """A whole two-quarter game autoplayed (good policy and peers) against a one-quarter game on
    the same seed, as a ratio of wall-clock time (issue 17, point 5: at most 2×). The two are
    alternated, seed by seed, so a machine getting busier weighs on both alike."""
    scenario = load_scenario()
    digest = scenario_hash(scenario)

    def game_ms(seed: int, quarters: int) -> float:
        start = time.perf_counter()
        state = new_game(scenario, seed, scenario_hash=digest, quarters=quarters)
        for _ in steps(scenario, "good", seed, state=state):
            pass
        return (time.perf_counter() - start) * 1000

    game_ms(0, 2)  # the warm-up
    one, two = [], []
    for seed in range(1, games + 1):
        one.append(game_ms(seed, 1))
        two.append(game_ms(seed, 2))
    ratios = [b / a for a, b in zip(one, two, strict=True)]
    return Figure(
        statistics.median(ratios),
        {
            "games": games,
            "one_quarter_ms": statistics.median(one),
            "two_quarters_ms": statistics.median(two),
        },
    )


def balance_games_per_s(runs: int, seeds: int) -> Figure:
    """Games a second of `run_games` (what `offsite balance` plays), every policy on `seeds`
    seeds: on every core (the figure), and on one core to show how it scales."""
    scenario = load_scenario()
    tasks = [(p, s, "normal") for p in POLICY_NAMES for s in range(seeds)]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

    def rate(jobs: int | None) -> float:
        start = time.perf_counter()
        run_games(scenario, tasks, jobs)
        return len(tasks) / (time.perf_counter() - start)

    sample = tasks[:: len(POLICY_NAMES) // 2]  # every policy, a few seeds: also the warm-up
    cpu_start = time.process_time()
    run_games(scenario, sample, 1)
    cpu_per_game = (time.process_time() - cpu_start) / len(sample)

    every = statistics.median(rate(None) for _ in range(runs))
    one = statistics.median(rate(1) for _ in range(runs))
    return Figure(
        every,
        {
            "games": len(tasks),
            "runs": runs,
            "cores": cores,
            "one_core_games_per_s": one,
            "scaling": every / one,
            "cpu_ms_per_game": cpu_per_game * 1000,
        },
    )


def peak_rss_mb_autoplay() -> Figure:
    """Peak RSS of a whole autoplayed game, in a fresh process (MB)."""
    return Figure(_probe("rss-autoplay")["peak_rss_mb"])
