"""The cohort report's charts: which ones, from which figures, drawn by game.ui.cohort_charts.

pygame is imported only when a chart is drawn (the programme view is importable without it,
and the charts are drawn headless: no display). Returns PNG bytes by file name.
"""

from __future__ import annotations

import os
from typing import Any

from game.cohort.run import Cohort

NAMING_PARTS = (
    ("named on time", "on_track"),
    ("named late", "at_risk"),
    ("never named", "off_track"),
)
MAX_ROWS = 14  # rows a chart shows (the tables and the CSV files have them all)


def draw(cohort: Cohort) -> dict[str, bytes]:
    """Every chart the figures support (a chart with no data is left out)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.ui import cohort_charts as cc

    f = cohort.figures
    images: dict[str, bytes] = {}
    for group in ("scenario", "cohort"):
        rows = f[f"scores_by_{group}"][:MAX_ROWS]
        if rows:
            boxes = [
                cc.Box(str(r[group]), r["total_quantiles"], r["total_mean"], r["sessions"])
                for r in rows
            ]
            images[f"scores_by_{group}.png"] = cc.boxes_png(boxes)
        rows = f[f"naming_by_{group}"][:MAX_ROWS]
        if rows:
            stacks = [
                cc.Stack(
                    str(r[group]),
                    (r["on_time_share"], r["late_share"], r["never_share"]),
                    r["bad_news"],
                )
                for r in rows
            ]
            images[f"naming_by_{group}.png"] = cc.stacks_png(stacks, NAMING_PARTS)
        rows = f[f"speed_by_{group}"][:MAX_ROWS]
        if rows:
            top = max(max(r["minutes_quantiles"][-1], r["minutes_budget"] or 0) for r in rows)
            boxes = [
                cc.Box(str(r[group]), r["minutes_quantiles"], r["minutes_mean"], r["sessions"])
                for r in rows
            ]
            images[f"speed_by_{group}.png"] = cc.boxes_png(boxes, _round_up(top), " min")
    for key, label in (("watermelons_by_role", "role"), ("watermelons_by_objective", "objective")):
        rows = [r for r in f[key] if r["key_results"]][:MAX_ROWS]
        if rows:
            top = max(r["rate"] for r in rows)
            bars = [
                (
                    str(r[label]),
                    r["rate"],
                    f"{r['rate']:.0%}  ({r['watermelons']} of {r['key_results']})",
                )
                for r in rows
            ]
            images[f"{key}.png"] = cc.bars_png(bars, _round_up(top, 0.25) or 1.0)
    weeks = f["candour_by_week"]
    if weeks:
        series = [
            ("reported (confidence ÷ 10)", {r["week"]: r["reported"] for r in weeks}, "accent"),
            ("the owner's own forecast", {r["week"]: r["forecast"] for r in weeks}, "off_track"),
            ("report accuracy", {r["week"]: r["accuracy"] for r in weeks}, "on_track"),
        ]
        images["candour_by_week.png"] = cc.lines_png([r["week"] for r in weeks], series)
    if cohort.comparison:
        changes = [
            cc.Change(r["title"], r["change"], r["ci_low"], r["ci_high"], change_words(r))
            for r in cohort.comparison
        ]
        images["before_after.png"] = cc.changes_png(changes)
    return images


def change_words(row: dict[str, Any]) -> str:
    """A change and its interval in words: "+4.2 (95% CI +1.0 to +7.5)"."""
    if row["change"] is None:
        return "not enough sessions"

    def signed(value: float) -> str:
        words = f"{value:+.1%}" if row["unit"] == "share" else f"{value:+.1f}"
        return "±" + words[1:] if float(words.rstrip("%")) == 0 else words

    words = signed(row["change"])
    if row["ci_low"] is not None:
        words += f" ({signed(row['ci_low'])} to {signed(row['ci_high'])})"
    return words


def _round_up(value: float, step: float = 10.0) -> float:
    """The next multiple of `step` at or above `value` (an axis end; at least one step)."""
    steps = max(int(-(-round(float(value), 9) // step)), 1)
    return round(steps * step, 9)
