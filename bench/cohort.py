"""The cohort benchmark: `python bench/cohort.py [--files N] [--sizes A,B,C] [--json]`
(or `make bench-cohort`).

Writes a programme's session files (`cohort_sessions.py`: autoplayed games across the shipped
scenarios, policies, pressures and seeds, as sealed session files in cohort folders), then
runs `offsite cohort FOLDER -o OUT --no-cache` on growing subsets of them — by default 100,
1,000 and 10,000 files — each in a fresh child process, and reports its wall time and peak
memory (the child's maximum resident set, DuckDB included). The budget is the issue's: the
cohort report of 10,000 files in at most 30 s on the 2-core machine. `--data DIR` keeps the
generated files for another run (they are reused when DIR already holds enough).
docs/performance.md publishes the figures and the machine they were taken on.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # figures, cohort_sessions

import cohort_sessions
import figures

BUDGET_S = 30.0  # the cohort report of 10,000 files
BUDGET_FILES = 10_000
# The child runs the command and writes its own peak resident set (KB) and the CPU seconds of
# all its threads to the file in argv[1]; CPU time shows the work even on a busy machine.
CLI = (
    "import resource, sys, pathlib; from game.cli.main import main; code = main(sys.argv[2:]); "
    "u = resource.getrusage(resource.RUSAGE_SELF); "
    "pathlib.Path(sys.argv[1]).write_text(f'{u.ru_maxrss} {u.ru_utime + u.ru_stime}'); "
    "raise SystemExit(code)"
)


def sessions_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.jsonl"))


def subset(paths: list[Path], size: int, root: Path) -> Path:
    """A folder of `size` of the files (hard links, spread evenly over all of them)."""
    folder = root / f"subset-{size}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    step = len(paths) / size
    for i in range(size):
        source = paths[int(i * step)]
        os.link(source, folder / f"{i:05d}-{source.name}")
    return folder


def run_cohort(folder: Path, out: Path) -> dict[str, Any]:
    """One `offsite cohort` in a child process: wall seconds, peak RSS (MB), its summary."""
    if out.exists():
        shutil.rmtree(out)
    peak = out.with_suffix(".peak")
    command = [sys.executable, "-c", CLI, str(peak), "cohort", str(folder), "-o", str(out)]
    command += ["--no-cache", "--no-progress", "--json"]
    started = time.perf_counter()
    child = subprocess.run(command, capture_output=True)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise RuntimeError(f"offsite cohort failed ({child.returncode}): {child.stderr[-800:]!r}")
    data = json.loads(child.stdout)
    peak_kb, cpu_s = peak.read_text().split()
    return {
        "files": data["read"],
        "finished": data["overview"]["finished"],
        "seconds": round(seconds, 2),
        "cpu_seconds": round(float(cpu_s), 2),
        "peak_rss_mb": round(int(peak_kb) / 1024, 1),
    }


def measure(files: int, distinct: int, sizes: list[int], data: Path | None, log) -> dict:
    # The subsets are hard links: they live on the same file system as the data.
    root = Path(tempfile.mkdtemp(prefix="offsite-cohort-bench-", dir=data.parent if data else None))
    try:
        store = data or root / "sessions"
        paths = sessions_in(store) if store.exists() else []
        manifest = store / cohort_sessions.MANIFEST
        if paths and manifest.exists():
            distinct = json.loads(manifest.read_text())["distinct"]
        generated_s = None
        if len(paths) < files:
            log(f"writing {files:,} session files ({distinct} games played, the rest re-sealed) …")
            if store.exists():
                shutil.rmtree(store)
            started = time.perf_counter()
            paths = cohort_sessions.generate(store, files, distinct)
            generated_s = round(time.perf_counter() - started, 1)
        paths = sorted(paths)[:files] if len(paths) > files else sorted(paths)
        load_before = figures.machine()["load_avg_1min"]
        runs = []
        for size in sizes:
            folder = subset(paths, min(size, len(paths)), root)
            log(f"offsite cohort over {size:,} files …")
            runs.append(run_cohort(folder, root / f"out-{size}"))
            shutil.rmtree(folder)
        biggest = max(runs, key=lambda r: r["files"])
        machine = figures.machine()
        machine["load_avg_1min_start"] = load_before
        return {
            "runs": runs,
            "budget": {
                "files": BUDGET_FILES,
                "seconds": BUDGET_S,
                "met": biggest["seconds"] <= BUDGET_S if biggest["files"] >= BUDGET_FILES else None,
            },
            "generated": {"files": len(paths), "distinct_games": distinct, "seconds": generated_s},
            "bytes": sum(p.stat().st_size for p in paths),
            "machine": machine,
        }
    finally:
        shutil.rmtree(root, ignore_errors=True)


def table(result: dict[str, Any]) -> str:
    lines = [
        "files    seconds   ms/file   CPU s     peak RSS",
        "-------  --------  --------  --------  --------",
    ]
    for r in result["runs"]:
        per = 1000 * r["seconds"] / max(1, r["files"])
        lines.append(
            f"{r['files']:>7,}  {r['seconds']:>8.2f}  {per:>8.2f}  {r['cpu_seconds']:>8.2f}  "
            f"{r['peak_rss_mb']:>5.0f} MB"
        )
    b, m, g = result["budget"], result["machine"], result["generated"]
    verdict = "n/a (fewer files)" if b["met"] is None else "met" if b["met"] else "MISSED"
    lines += [
        "",
        f"budget: {b['files']:,} files in ≤ {b['seconds']:g} s: {verdict}",
        f"data: {g['files']:,} files, {result['bytes'] / 1e6:,.0f} MB, from {g['distinct_games']} "
        f"played games" + (f" (written in {g['seconds']} s)" if g["seconds"] else " (reused)"),
        f"machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']}; load average "
        f"{m['load_avg_1min_start']} at the start, {m['load_avg_1min']} at the end",
    ]
    if m["load_avg_1min_start"] > 0.5 * m["nproc"]:
        lines.append("warning: the machine was busy with other work: timings may be inflated")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=BUDGET_FILES, help="session files to write")
    parser.add_argument("--distinct", type=int, default=400, help="games actually played")
    parser.add_argument("--sizes", default="100,1000,10000", help="subset sizes to time")
    parser.add_argument("--data", type=Path, help="keep (and reuse) the session files here")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",")})
    except ValueError:
        parser.error(f"--sizes: whole numbers separated by commas, not '{args.sizes}'")
    if args.files < 1 or args.distinct < 1 or min(sizes) < 1:
        parser.error("--files, --distinct and --sizes must be 1 or more")
    log = (lambda text: None) if args.json else (lambda text: print(text, file=sys.stderr))
    result = measure(args.files, args.distinct, sizes, args.data, log)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
