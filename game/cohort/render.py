"""The cohort report as files: cohort.html (self-contained), cohort.json, and CSV files.

Every text that comes from a session or a scenario (team names, folder names, labels, file
names) is escaped and wrapped in <bdi>, so it can neither inject markup nor reorder its
neighbours; the page has no script and no outside resource (the charts are embedded).
See docs/cohort.md for what every figure means.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from html import escape
from typing import Any

from game.cohort.charts import change_words
from game.cohort.compare import LEVEL, RESAMPLES
from game.cohort.run import Cohort
from game.report.html import CSS

FORMAT, FORMAT_VERSION = "offsite-cohort", 1
LISTED = 200  # problems listed in the page (problems.csv has them all)
TEAMS_SHOWN = 50
EXTRA_CSS = "td.w{white-space:normal}.kind{font-weight:bold}"
PRIVACY = {
    True: "Anonymised: team names, folder names, file paths and free text are left out "
    "(teams and cohorts are numbered, sessions are session-000001…); roles, scenarios and "
    "objectives are kept.",
    False: "Not anonymised: team names, folders and files as the session files give them. "
    "Use --anonymise to leave them out.",
}


def t(value: Any) -> str:
    """Text from a session or a scenario, escaped and isolated."""
    return f"<bdi>{escape(str(value))}</bdi>"


def num(value: Any, kind: str = "") -> str:
    """A number for a table cell: shares as percent, others to one decimal; '—' for none."""
    if value is None:
        return "—"
    if kind == "share":
        return f"{value:.0%}"
    if kind == "int" or isinstance(value, int):
        return f"{value:,}"
    return f"{value:.1f}"


def table(heads: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class=n>{c}</td>" if i in numeric else f"<td>{c}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def figure(images: Mapping[str, bytes], name: str, caption: str) -> str:
    data = images.get(name)
    if not data:
        return ""
    src = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return (
        f'<figure><img src="{src}" alt="{escape(caption, quote=True)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _empty(rows: Sequence[Any]) -> str:
    return "" if rows else "<p class=note>No finished sessions to show.</p>"


Row = Mapping[str, Any]
Column = tuple[str, Callable[[Row], str], bool]  # heading, cell, numeric (right-aligned)


def text(key: str, heading: str | None = None) -> Column:
    """A column of text from a session or scenario."""
    return (heading or key.title(), lambda r: t(r[key]), False)


def number(key: str, heading: str, kind: str = "") -> Column:
    """A column of numbers (`num`)."""
    return (heading, lambda r: num(r[key], kind), True)


def columns_table(columns: Sequence[Column], rows: Sequence[Row]) -> str:
    """A table of these columns, one line per row."""
    return table(
        [heading for heading, _, _ in columns],
        [[cell(r) for _, cell, _ in columns] for r in rows],
        {i for i, (_, _, numeric) in enumerate(columns) if numeric},
    )


def by_group(
    c: Cohort,
    images: Mapping[str, bytes],
    figure_name: str,
    groups: Sequence[str],
    caption: str,
    columns: Callable[[str], Sequence[Column]],
) -> list[str]:
    """For each group: its heading, chart (`<figure_name>_by_<group>.png`) and table."""
    parts = []
    for group in groups:
        rows = c.figures[f"{figure_name}_by_{group}"]
        if group == "team":
            rows = rows[:TEAMS_SHOWN]
        parts.append(f"<h3>By {group}</h3>")
        parts.append(figure(images, f"{figure_name}_by_{group}.png", f"{caption} by {group}"))
        parts.append(_empty(rows))
        if rows:
            parts.append(columns_table(columns(group), rows))
    return parts


def _of(count: str, share: str) -> Callable[[Row], str]:
    return lambda r: f"{num(r[count])} ({num(r[share], 'share')})"


def scores_section(c: Cohort, images: Mapping[str, bytes]) -> str:
    parts = ["<section><h2>Scores</h2>"]
    parts.append(
        "<p class=note>The weighted total (0–100) and the four components, as the debrief "
        "scores them. The box spans the middle half of the sessions, the whiskers the 10th to "
        "90th percentile; the bar is the median, the diamond the mean.</p>"
    )
    parts += by_group(
        c,
        images,
        "scores",
        ("scenario", "cohort"),
        "Total score",
        lambda group: [
            text(group),
            number("sessions", "Sessions"),
            number("total_mean", "Mean"),
            ("Median", lambda r: num(r["total_quantiles"][2]), True),
            (
                "10th–90th",
                lambda r: f"{num(r['total_quantiles'][0])}–{num(r['total_quantiles'][4])}",
                True,
            ),
            number("focus", "Focus"),
            number("translation", "Translation"),
            number("candour", "Candour"),
            number("outcome", "Outcome"),
        ],
    )
    parts.append("</section>")
    return "".join(parts)


def speed_section(c: Cohort, images: Mapping[str, bytes]) -> str:
    parts = ["<section><h2>Decision speed</h2>"]
    parts.append(
        "<p class=note>How fast the team argued the priorities down: minutes and debate rounds "
        "against the scenario's budget (the decision-speed part of Focus, docs/scoring.md), "
        "and the median seconds a person took per decision (people's moves only; bots record "
        "none).</p>"
    )
    parts += by_group(
        c,
        images,
        "speed",
        ("scenario", "cohort"),
        "Minutes on the priorities",
        lambda group: [
            text(group),
            number("sessions", "Sessions"),
            number("minutes_median", "Minutes (median)"),
            number("minutes_budget", "Budget"),
            number("rounds_median", "Rounds (median)"),
            number("rounds_budget", "Budget"),
            number("within_budget", "Within budget", "share"),
            number("decision_speed", "Speed part", "share"),
            number("seconds_per_decision", "Seconds per decision"),
        ],
    )
    parts.append("</section>")
    return "".join(parts)


def naming_section(c: Cohort, images: Mapping[str, bytes]) -> str:
    parts = ["<section><h2>Bad news: named on time, late, or never</h2>"]
    parts.append(
        "<p class=note>Every key result a person owned that missed and that an honest report "
        "would have named at a check-in (its owner's forecast under 65%). On time: first "
        "reported at risk or off track (6 or less) by that check-in; late: afterwards; never: "
        "not before the quarter ended.</p>"
    )
    parts += by_group(
        c,
        images,
        "naming",
        ("scenario", "cohort", "team"),
        "Bad news named,",
        lambda group: [
            text(group),
            number("bad_news", "Bad news"),
            ("On time", _of("on_time", "on_time_share"), True),
            ("Late", _of("late", "late_share"), True),
            ("Never", _of("never", "never_share"), True),
        ],
    )
    parts.append("</section>")
    return "".join(parts)


def watermelon_section(c: Cohort, images: Mapping[str, bytes]) -> str:
    roles = c.figures["watermelons_by_role"]
    objectives = c.figures["watermelons_by_objective"]
    parts = ["<section><h2>Where watermelons cluster</h2>"]
    parts.append(
        "<p class=note>A watermelon: a key result reported on track at the last check-in, "
        "then missed. Rate: watermelons among the chosen key results that role owned (or that "
        "objective held), whoever played the seat; the people's columns count the seats "
        "people played.</p><h3>By role</h3>"
    )
    parts.append(figure(images, "watermelons_by_role.png", "Watermelon rate by owner role"))
    parts.append(_empty(roles))
    if roles:
        parts.append(
            columns_table(
                [
                    text("role"),
                    number("key_results", "Key results"),
                    number("watermelons", "Watermelons"),
                    number("rate", "Rate", "share"),
                    number("people_key_results", "People's key results"),
                    number("people_watermelons", "People's watermelons"),
                ],
                roles,
            )
        )
    parts.append("<h3>By objective</h3>")
    parts.append(figure(images, "watermelons_by_objective.png", "Watermelon rate by objective"))
    if objectives:
        parts.append(
            columns_table(
                [
                    text("scenario"),
                    text("objective"),
                    number("sessions", "Sessions"),
                    number("key_results", "Key results"),
                    number("watermelons", "Watermelons"),
                    number("rate", "Rate", "share"),
                ],
                objectives,
            )
        )
    parts.append("</section>")
    return "".join(parts)


def candour_section(c: Cohort, images: Mapping[str, bytes]) -> str:
    rows = c.figures["candour_by_week"]
    parts = ["<section><h2>Candour over the quarter</h2>"]
    parts.append(
        "<p class=note>At each check-in week, people's reports: the confidence they reported "
        "(out of 10, read as a chance) against their own forecast that week, and their report "
        "accuracy (the Candour score's measure: 100% when the report is the forecast, less the "
        "further off, hiding bad news weighing more than sandbagging). A reported line above the "
        "forecast line is bad news kept quiet.</p>"
    )
    parts.append(figure(images, "candour_by_week.png", "Reported confidence against forecast"))
    parts.append(_empty(rows))
    if rows:
        parts.append(
            columns_table(
                [
                    number("week", "Week"),
                    number("reports", "Reports"),
                    number("reported", "Reported", "share"),
                    number("forecast", "Forecast", "share"),
                    number("accuracy", "Accuracy", "share"),
                    number("named_share", "Named (6 or less)", "share"),
                    number("at_risk_share", "Forecast under 65%", "share"),
                ],
                rows,
            )
        )
    parts.append("</section>")
    return "".join(parts)


def comparison_section(c: Cohort, images: Mapping[str, bytes]) -> str:
    if c.comparison is None:
        return ""
    parts = ["<section><h2>Before and after</h2>"]
    parts.append(
        f"<p>Before: {t(c.groups['before'])}. After: {t(c.groups['after'])}.</p>"
        f"<p class=note>Change: the after group's mean minus the before group's. The interval "
        f"is a {LEVEL:.0%} percentile bootstrap ({RESAMPLES:,} resamples of each group's "
        "sessions, fixed seed): an interval that does not include 0 is a change the sessions "
        "show clearly; one that does is not.</p>"
    )
    parts.append(figure(images, "before_after.png", "Change after − before, with its interval"))
    rows = [
        [
            escape(r["title"]),
            num(r["before_n"]),
            num(r["before_mean"], "share" if r["unit"] == "share" else ""),
            num(r["after_n"]),
            num(r["after_mean"], "share" if r["unit"] == "share" else ""),
            escape(change_words(r)),
        ]
        for r in c.comparison
    ]
    parts.append(
        table(
            [
                "Measure",
                "Before: sessions",
                "mean",
                "After: sessions",
                "mean",
                f"Change ({LEVEL:.0%} interval)",
            ],
            rows,
            {1, 2, 3, 4, 5},
        )
    )
    parts.append("</section>")
    return "".join(parts)


def teams_section(c: Cohort) -> str:
    rows = c.figures["teams"]
    shown = rows[:TEAMS_SHOWN]
    more = (
        f"<p class=note>The {TEAMS_SHOWN} best of {len(rows):,} teams; teams.csv lists them "
        "all.</p>"
        if len(rows) > TEAMS_SHOWN
        else ""
    )
    body = columns_table(
        [
            text("team"),
            number("sessions", "Sessions"),
            number("scenarios", "Scenarios"),
            ("First", lambda r: escape(str(r["first_date"] or "—")), False),
            ("Last", lambda r: escape(str(r["last_date"] or "—")), False),
            number("total_mean", "Total (mean)"),
            number("candour_mean", "Candour (mean)"),
            number("on_time_share", "Named on time", "share"),
            number("watermelons_per_session", "Watermelons per session"),
            number("minutes_median", "Minutes (median)"),
        ],
        shown,
    )
    return f"<section><h2>Teams</h2>{more}{_empty(rows)}{body if rows else ''}</section>"


def problems_section(c: Cohort) -> str:
    counts = Counter(p.kind for p in c.problems)
    parts = ["<section><h2>Files left out or not scored</h2>"]
    if not c.problems:
        parts.append("<p>Every file was read and every session is finished.</p></section>")
        return "".join(parts)
    summary = ", ".join(f"{n:,} {escape(kind)}" for kind, n in sorted(counts.items()))
    parts.append(
        f"<p>{summary}. <span class=note>broken: a session file damaged inside (the line is "
        "named); foreign: not an Offsite session; unfinished: the game has not reached its "
        "review; unscored: no summary and over the --replay limit; no scenario: no summary and "
        "its scenario was not given with --scenarios; missing: an argument that named no file."
        "</span></p>"
    )
    shown = c.problems[:LISTED]
    parts.append(
        table(
            ["Kind", "File", "Why"],
            [[f"<span class=kind>{escape(p.kind)}</span>", t(p.file), t(p.message)] for p in shown],
            set(),
        )
    )
    if len(c.problems) > LISTED:
        parts.append(
            f"<p class=note>The first {LISTED}; problems.csv lists all {len(c.problems):,}.</p>"
        )
    parts.append("</section>")
    return "".join(parts)


def overview_section(c: Cohort, generated: str) -> str:
    o = c.overview
    o_rows = [
        ("Session files read", num(c.read)),
        ("Kept by the filters", num(c.kept)),
        ("Finished and scored", num(o["finished"])),
        ("  from their summary entry", num(o["from_summary"])),
        ("  by replay (no summary)", num(o["from_replay"])),
        ("Unfinished", num(o["unfinished"])),
        (
            "Not scored (no summary, over the replay limit or no scenario)",
            num((o["unscored"] or 0) + (o["no_scenario"] or 0)),
        ),
        (
            "Files left out (broken, foreign, missing)",
            num(sum(1 for p in c.problems if p.kind in ("broken", "foreign", "missing"))),
        ),
        ("Scenarios (versions)", f"{num(o['scenarios'])} ({num(o['scenario_versions'])})"),
        ("Cohorts", num(o["cohorts"])),
        ("Teams", num(o["teams"])),
        ("Dates", f"{escape(str(o['first_date'] or '—'))} to {escape(str(o['last_date'] or '—'))}"),
        ("Logged actions", num(o["actions"])),
    ]
    filters = describe_filters(c)
    return (
        "<section><h1>Programme view</h1>"
        f"<p class=meta>Generated {escape(generated)} by offsite cohort. "
        f"{escape(filters)}</p>"
        f"<p class=headline>{escape(PRIVACY[c.options.anonymise])}</p>"
        + table(["", ""], [[escape(k), v] for k, v in o_rows], {1})
        + "<p class=note>What every figure means: docs/cohort.md in Offsite.</p></section>"
    )


def describe_filters(c: Cohort) -> str:
    o = c.options
    words = []
    if o.only:
        words.append("scenario " + " or ".join(o.only))
    if o.since:
        words.append(f"played on or after {o.since}")
    if o.until:
        words.append(f"played on or before {o.until}")
    if o.pressures:
        words.append("pressure " + " or ".join(o.pressures))
    cohort = f"Cohorts by {o.cohort_by}."
    return (f"Filters: {'; '.join(words)}. " if words else "No filters. ") + cohort


def render_html(c: Cohort, images: Mapping[str, bytes], generated: str) -> str:
    """The whole report page."""
    body = "".join(
        [
            overview_section(c, generated),
            comparison_section(c, images),
            scores_section(c, images),
            speed_section(c, images),
            naming_section(c, images),
            watermelon_section(c, images),
            candour_section(c, images),
            teams_section(c),
            problems_section(c),
        ]
    )
    return (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        "<title>Offsite programme view</title>"
        f"<style>{CSS}{EXTRA_CSS}</style></head><body><main>{body}</main></body></html>\n"
    )


def document(c: Cohort, charts: Sequence[str], generated: str) -> dict[str, Any]:
    """cohort.json's content."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generated": generated,
        "anonymised": c.options.anonymise,
        "privacy": PRIVACY[c.options.anonymise],
        "filters": {
            "scenarios": c.options.only,
            "since": c.options.since.isoformat() if c.options.since else None,
            "until": c.options.until.isoformat() if c.options.until else None,
            "pressures": c.options.pressures,
            "cohort_by": c.options.cohort_by,
        },
        "read": c.read,
        "kept": c.kept,
        "overview": c.overview,
        "groups": c.groups or None,
        "comparison": c.comparison,
        "figures": c.figures,
        "problems": [{"file": p.file, "kind": p.kind, "message": p.message} for p in c.problems],
        "charts": list(charts),
    }


def render_json(c: Cohort, charts: Sequence[str], generated: str) -> str:
    return json.dumps(document(c, charts, generated), indent=2, ensure_ascii=False) + "\n"


def csv_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows as CSV; a list value (quantiles) becomes one column per item."""
    flat = []
    for row in rows:
        out: dict[str, Any] = {}
        for key, value in row.items():
            if isinstance(value, list):
                names = ("p10", "p25", "p50", "p75", "p90")
                for i, item in enumerate(value):
                    out[f"{key.removesuffix('_quantiles')}_{names[i] if i < 5 else i}"] = item
            else:
                out[key] = value
        flat.append(out)
    buffer = io.StringIO()
    if flat:
        writer = csv.DictWriter(buffer, fieldnames=list(flat[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in r.items()} for r in flat)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (a team called '=HYPERLINK(…)')."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_files(c: Cohort) -> dict[str, str]:
    """Every figure, the comparison and the problems as CSV text by file name."""
    out = {f"{name}.csv": csv_text(rows) for name, rows in c.figures.items()}
    if c.comparison is not None:
        out["before_after.csv"] = csv_text(c.comparison)
    out["problems.csv"] = (
        csv_text([{"kind": p.kind, "file": p.file, "message": p.message} for p in c.problems])
        or "kind,file,message\n"
    )
    return out


def now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
