"""The benchmark suite: `python bench/run.py [--quick] [--json]` (or `make bench`).

Measures, each as the median of several runs after a warm-up: process start to the first
displayed frame (headless); frame time p50/p95 per screen at 1920×1080 and 3840×2160; load +
schema validation of each shipped scenario and of a generated 2,000-line-plus scenario;
`apply`; a whole autoplayed game, and a two-quarter one against it; balance throughput; peak
memory of a whole game played through the UI headless. `--json` prints one object; `--quick`
takes well under a minute.
A figure whose part is not built yet is null, with the reason under "notes".
docs/performance.md publishes the figures and the machine they were taken on.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import figures  # after the headless settings, which child processes inherit
from figures import Figure

# figure -> (budget, "max" when the figure must stay at or under it, "min" at or over it)
BUDGETS: dict[str, tuple[float, str]] = {
    "startup_s": (0.8, "max"),
    "frame_p95_ms_1080p": (6, "max"),
    "frame_p95_ms_2160p": (16, "max"),
    "load_ms_max": (150, "max"),
    "apply_us_median": (50, "max"),
    "autoplay_ms": (20, "max"),
    "two_quarters_ratio": (2, "max"),
    "balance_games_per_s": (100, "min"),
    "peak_rss_mb": (250, "max"),
}
UNITS = {
    "startup_s": "s",
    "frame_p95_ms_1080p": "ms",
    "frame_p95_ms_2160p": "ms",
    "load_ms_max": "ms",
    "apply_us_median": "µs",
    "autoplay_ms": "ms",
    "two_quarters_ratio": "×",
    "balance_games_per_s": "games/s",
    "peak_rss_mb": "MB",
    "peak_rss_mb_autoplay": "MB",
}


# How much each figure measures: (quick, full).
SETTINGS: dict[str, tuple[Any, Any]] = {
    "startup_runs": (3, 7),
    "frame_passes": (1, 3),
    "frames_per_screen": (8, 30),
    "load_runs": (3, 9),
    "apply_runs": (3, 9),
    "autoplay_games": (15, 60),
    "two_quarter_games": (6, 20),
    "balance_runs": (2, 3),
    "balance_seeds": (25, 50),
}


def measure(quick: bool, log: Callable[[str], None]) -> dict[str, Any]:
    """Take every figure; returns the --json object."""
    pick = {k: v[0] if quick else v[1] for k, v in SETTINGS.items()}
    started = time.perf_counter()
    load_before = figures.machine()["load_avg_1min"]
    taken: dict[str, Figure] = {}

    def take(name: str, run: Callable[[], Figure]) -> None:
        log(f"measuring {name} …")
        try:
            taken[name] = run()
        except Exception as exc:  # one broken part must not hide the other figures
            taken[name] = Figure(None, note=f"failed: {type(exc).__name__}: {exc}")

    take("startup_s", lambda: figures.startup_s(pick["startup_runs"]))
    log("measuring frame times …")
    try:
        frames = figures.frame_times(pick["frame_passes"], pick["frames_per_screen"])
    except Exception as exc:
        frames = {r: Figure(None, note=f"failed: {exc}") for r in figures.RESOLUTIONS}
    for res, figure in frames.items():
        taken[f"frame_p95_ms_{res}"] = figure
    take("load_ms_max", lambda: figures.load_ms(pick["load_runs"]))
    take("apply_us_median", lambda: figures.apply_us(pick["apply_runs"]))
    take("autoplay_ms", lambda: figures.autoplay_ms(pick["autoplay_games"]))
    take("two_quarters_ratio", lambda: figures.two_quarters_ratio(pick["two_quarter_games"]))
    take(
        "balance_games_per_s",
        lambda: figures.balance_games_per_s(pick["balance_runs"], pick["balance_seeds"]),
    )
    take("peak_rss_mb", figures.peak_rss_mb)
    take("peak_rss_mb_autoplay", figures.peak_rss_mb_autoplay)

    result: dict[str, Any] = {name: _round(f.value) for name, f in taken.items()}
    result["budgets"] = {
        name: {"budget": budget, "kind": kind, "met": _met(taken[name].value, budget, kind)}
        for name, (budget, kind) in BUDGETS.items()
    }
    result["details"] = {name: f.details for name, f in taken.items() if f.details}
    result["notes"] = {name: f.note for name, f in taken.items() if f.note}
    result["machine"] = figures.machine()
    result["machine"]["load_avg_1min_start"] = load_before
    result["quick"] = quick
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def _round(value: float | None) -> float | None:
    if value is None:
        return None
    return round(value, 3 if abs(value) < 10 else 1)


def _met(value: float | None, budget: float, kind: str) -> bool | None:
    if value is None:
        return None
    return value <= budget if kind == "max" else value >= budget


def table(result: dict[str, Any]) -> str:
    """The figures as a readable table, with the details that explain them."""
    rows = [("figure", "value", "budget", "")]
    for name in [*BUDGETS, "peak_rss_mb_autoplay"]:
        value = result.get(name)
        unit = UNITS.get(name, "")
        shown = "null" if value is None else f"{value:g} {unit}"
        if name in BUDGETS:
            budget, kind = BUDGETS[name]
            limit = f"{'≤' if kind == 'max' else '≥'} {budget:g} {unit}"
            met = result["budgets"][name]["met"]
            verdict = "n/a" if met is None else "ok" if met else "MISSED"
        else:
            limit, verdict = "", ""
        rows.append((name, shown, limit, verdict))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    details = result["details"]
    for res in figures.RESOLUTIONS:
        screens = details.get(f"frame_p95_ms_{res}", {}).get("screens")
        if screens:
            lines += ["", f"frame time per screen, {res} (ms): p50 / p95 changed, p50 unchanged"]
            lines += [
                f"  {n:20} {t['p50']:7.2f} / {t['p95']:7.2f}   {t['idle_p50']:6.2f}"
                for n, t in screens.items()
            ]
    files = details.get("load_ms_max", {}).get("files")
    if files:
        lines += ["", "load + validation (ms):"]
        lines += [f"  {name:50} {ms:8.1f}" for name, ms in files.items()]
    bal = details.get("balance_games_per_s")
    if bal:
        lines += [
            "",
            f"balance: {bal['games']} games; {bal['one_core_games_per_s']:.1f} games/s on one "
            f"core, {bal['scaling']:.2f}× that on {bal['cores']} cores",
        ]
    for name, note in result["notes"].items():
        lines.append(f"note: {name}: {note}")
    m = result["machine"]
    lines += [
        "",
        f"machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']}, {m['system']}; "
        f"load average {m['load_avg_1min_start']} at the start, {m['load_avg_1min']} at the end; "
        f"{result['seconds']} s" + (" (--quick)" if result["quick"] else ""),
    ]
    if m["load_avg_1min_start"] > 0.5 * m["nproc"]:  # (at the end it counts the bench itself)
        lines.append("warning: the machine was busy with other work: timings may be inflated")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs: under a minute")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    log = (lambda text: None) if args.json else (lambda text: print(text, file=sys.stderr))
    result = measure(args.quick, log)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
