"""Before and after: the change between two groups of sessions, with a confidence interval.

The groups are chosen by date or by folder (`--before`, `--after`). For each measure the change
is the after group's mean minus the before group's, and its 95% confidence interval is a
percentile bootstrap: each group's sessions are resampled with replacement, separately,
`RESAMPLES` times with a fixed seed, and the 2.5th and 97.5th percentiles of the resampled
differences are the interval's ends. It assumes nothing about the shape of the scores (they are
bounded at 0 and 100 and often skewed) and is the same every run. See docs/cohort.md.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np

RESAMPLES = 2000
SEED = 16
LEVEL = 0.95
CHUNK = 100  # resamples drawn at a time
MEASURES = (
    ("total", "Total score", "points"),
    ("focus", "Focus (B1)", "points"),
    ("candour", "Candour (B3)", "points"),
    ("outcome", "Outcome", "points"),
    ("on_time_share", "Bad news named on time", "share"),
    ("watermelons", "Watermelons per session", "count"),
    ("priorities_minutes", "Minutes on the priorities", "minutes"),
    ("decision_speed", "Decision speed (Focus's speed part)", "share"),
)


def interval(before: np.ndarray, after: np.ndarray, seed: int = SEED) -> tuple[float, float]:
    """The percentile-bootstrap interval of mean(after) − mean(before)."""
    rng = np.random.default_rng(seed)
    diffs = []
    for start in range(0, RESAMPLES, CHUNK):  # in chunks: memory does not grow with sessions
        k = min(CHUNK, RESAMPLES - start)
        b = rng.choice(before, size=(k, before.size), replace=True).mean(axis=1)
        a = rng.choice(after, size=(k, after.size), replace=True).mean(axis=1)
        diffs.append(a - b)
    tail = (1 - LEVEL) / 2 * 100
    low, high = np.percentile(np.concatenate(diffs), [tail, 100 - tail])
    return float(low), float(high)


def compare(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """One row per measure: sessions and means in each group, the change and its interval."""
    found = []
    for column, title, unit in MEASURES:
        groups = {}
        for name in ("before", "after"):
            values = con.execute(
                f"""
                SELECT m.{column} FROM measures m JOIN sessions s ON s.session = m.session
                WHERE s.compared = ? AND m.{column} IS NOT NULL
                """,
                [name],
            ).fetchnumpy()[column]
            groups[name] = np.asarray(values, dtype=float)
        b, a = groups["before"], groups["after"]
        row: dict[str, Any] = {
            "measure": column,
            "title": title,
            "unit": unit,
            "before_n": int(b.size),
            "after_n": int(a.size),
            "before_mean": round(float(b.mean()), 4) if b.size else None,
            "after_mean": round(float(a.mean()), 4) if a.size else None,
            "change": None,
            "ci_low": None,
            "ci_high": None,
        }
        if b.size and a.size:
            row["change"] = round(float(a.mean() - b.mean()), 4)
        if b.size >= 2 and a.size >= 2:
            low, high = interval(b, a)
            row["ci_low"], row["ci_high"] = round(low, 4), round(high, 4)
        found.append(row)
    return found
