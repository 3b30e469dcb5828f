"""The cohort's tables, built by DuckDB from the session files themselves.

One scan reads every session file's lines (JSON Lines) into `lines` and `entries`; the tables
a programme owner queries are made from it and from the headers (docs/cohort.md documents every
column):

* `sessions` — one row per session file read: scenario, date, pressure, seats, teams, status
* `actions`  — one row per logged action, with its milliseconds
* `reports`  — one row per check-in report: confidence against the owner's forecast
* `outcomes` — one row per chosen key result: attainment, watermelon, when it was named
* `scores`   — one row per finished session: the four scores, the total, decision speed

The outcome, report and score rows come from each file's summary entry (docs/sessions.md), or,
for a file without one, from replaying it (`replayed.py`). DuckDB runs with a memory limit
and spills to a temporary folder beyond it, so memory stays bounded however many files.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

ACTION = 'STRUCT(kind VARCHAR, role VARCHAR, "by" VARCHAR, ms BIGINT)'
KEY_RESULT = (
    "STRUCT(id VARCHAR, label VARCHAR, objective VARCHAR, objective_label VARCHAR, "
    'owner VARCHAR, owner_title VARCHAR, played_by VARCHAR, attainment DOUBLE, "hit" BOOLEAN, '
    "watermelon BOOLEAN, warning INTEGER, named INTEGER, certain INTEGER, naming VARCHAR)"
)
REPORT = (
    "STRUCT(week INTEGER, key_result VARCHAR, role VARCHAR, played_by VARCHAR, "
    "confidence INTEGER, forecast DOUBLE, accuracy DOUBLE)"
)
SUMMARY = (
    "STRUCT(version INTEGER, phase VARCHAR, weeks INTEGER, checkins INTEGER[], "
    "scores STRUCT(focus DOUBLE, translation DOUBLE, candour DOUBLE, outcome DOUBLE, "
    "total DOUBLE), speed STRUCT(rounds INTEGER, rounds_budget INTEGER, minutes DOUBLE, "
    f"minutes_budget INTEGER, part DOUBLE), key_results {KEY_RESULT}[], reports {REPORT}[])"
)
LINE_COLUMNS = {
    "format": "VARCHAR",
    "n": "BIGINT",
    "action": ACTION,
    "hash": "VARCHAR",
    "entry": "VARCHAR",
    "after": "BIGINT",
    "summary": SUMMARY,
}
HEADER_COLUMNS = {
    "file": "VARCHAR",
    "abspath": "VARCHAR",
    "folder": "VARCHAR",
    "scenario": "VARCHAR",
    "scenario_hash": "VARCHAR",
    "seed": "BIGINT",
    "pressure": "VARCHAR",
    "created": "VARCHAR",
    "offsite_version": "VARCHAR",
    "numpy_version": "VARCHAR",
    "format_version": "INTEGER",
    "team": "VARCHAR",
    "policy": "VARCHAR",
    "people": "INTEGER",
    "computers": "INTEGER",
    "seats": "INTEGER",
    "teams": "INTEGER",
}
TABLES = ("sessions", "actions", "reports", "outcomes", "scores")
SUMMARY_VERSION = 1
MAX_LINE = 64 << 20  # a line longer than this is not one of ours


def connect(temp: Path, memory: str = "1GB", threads: int = 2) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills to `temp` beyond `memory`."""
    con = duckdb.connect(":memory:")
    con.execute(f"SET memory_limit = '{memory}'")
    con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET temp_directory = ?", [str(temp)])
    con.execute("SET enable_progress_bar = false")
    return con


def _json(columns: dict[str, str], filename: bool = False) -> str:
    """read_json over the files in the query's `$files` parameter, with these columns only
    (every other field is skipped; a line that is not JSON, or not of these types, is a row of
    NULLs, counted by `check`)."""
    cols = "{" + ", ".join(f"'{k}': '{v}'" for k, v in columns.items()) + "}"
    return (
        f"read_json($files, format = 'newline_delimited', columns = {cols}, "
        f"ignore_errors = true, maximum_object_size = {MAX_LINE}"
        + (", filename = true" if filename else "")
        + ")"
    )


LINE = "STRUCT(" + ", ".join(f'"{k}" {v}' for k, v in LINE_COLUMNS.items()) + ")"


def scan(con: duckdb.DuckDBPyConnection, files: Sequence[str]) -> None:
    """Read every line of these session files into `lines` (header, actions, entries).

    Each file is read whole as text and split into lines, and each line is cast from JSON to
    the one struct of `LINE_COLUMNS`: one pass over many small files (DuckDB's `read_json`
    costs a few milliseconds of set-up per file, which is most of the time at 10,000 files,
    docs/performance.md). A line that is not JSON, too long, or an action without its kind
    is a row of NULLs, which `check` counts as garbled; a field of the wrong type is NULL.
    Summary entries go to `entries`, every line's other fields to `lines`: a summary column
    beside every action line cost some 200 bytes a line even where it was empty (700 MB at
    10,000 files). A line's state hash is kept as DuckDB's 64-bit hash of it: `check` only
    compares the summary's with the last action's."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE batch AS
        WITH raw AS (
            SELECT filename AS file, unnest(string_split(content, chr(10))) AS line
            FROM read_text($files)
        ), parsed AS (
            SELECT file, CASE WHEN length(line) <= {MAX_LINE}
                         THEN TRY_CAST(TRY_CAST(line AS JSON) AS {LINE}) END AS j
            FROM raw WHERE line <> ''
        ), kept AS (
            SELECT file, CASE WHEN j.n IS NULL OR j.action.kind IS NOT NULL THEN j END AS j
            FROM parsed
        )
        SELECT file, j.format, j.n, j.action.kind, j.action.role, j.action."by", j.action.ms,
               hash(j.hash) AS hash, j.entry, j.after, j.summary
        FROM kept
        """,
        {"files": list(files)},
    )
    con.execute(
        'INSERT INTO lines SELECT file, format, n, kind, role, "by", ms, hash, entry, after '
        "FROM batch"
    )
    con.execute(
        "INSERT INTO entries SELECT file, after, hash, summary FROM batch WHERE entry = 'summary'"
    )
    con.execute("DROP TABLE batch")


def create_lines(con: duckdb.DuckDBPyConnection) -> None:
    """The empty `lines` and `entries` tables `scan` fills."""
    con.execute(
        """
        CREATE TABLE lines (file VARCHAR, format VARCHAR, n BIGINT, kind VARCHAR, role VARCHAR,
            "by" VARCHAR, ms BIGINT, hash UBIGINT, entry VARCHAR, after BIGINT)
        """
    )
    con.execute(
        f"CREATE TABLE entries (file VARCHAR, after BIGINT, hash UBIGINT, summary {SUMMARY})"
    )


def check(con: duckdb.DuckDBPyConnection) -> None:
    """Per file: is it whole (one header, actions 1..K, no garbled line), and its summary.

    `checks.whole` is false for a file with a line DuckDB could not read as ours, a gap or a
    repeat in its action numbers; such a file is looked at again by the session package.
    `file_summaries` holds the summary entry that follows a whole file's last action and names
    that action's state hash."""
    con.execute(
        """
        CREATE TABLE checks AS
        SELECT file,
               count(format) AS headers,
               count(*) FILTER (WHERE format IS NULL AND n IS NULL AND entry IS NULL) AS bad,
               count(n) AS actions,
               coalesce(max(n), 0) AS last_n,
               count(DISTINCT n) AS distinct_n,
               coalesce(min(n), 1) AS first_n,
               arg_max(hash, n) AS last_hash
        FROM lines GROUP BY file
        """
    )
    con.execute(
        "ALTER TABLE checks ADD COLUMN whole BOOLEAN; "
        "UPDATE checks SET whole = headers = 1 AND bad = 0 AND actions = distinct_n "
        "AND actions = last_n AND first_n = 1"
    )
    con.execute(
        f"""
        CREATE TABLE file_summaries AS
        SELECT l.file, l.summary, 'summary' AS source
        FROM entries l JOIN checks c ON l.file = c.file
        WHERE c.whole AND l.after = c.last_n AND l.hash = c.last_hash
          AND l.summary.version = {SUMMARY_VERSION} AND l.summary.scores.total IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY l.file) = 1
        """
    )


def needing_replay(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """(files that are whole but have no summary, files that are not whole)."""
    rows = con.execute(
        """
        SELECT c.file, c.whole FROM checks c
        WHERE NOT EXISTS (SELECT 1 FROM file_summaries s WHERE s.file = c.file)
        ORDER BY c.file
        """
    ).fetchall()
    return [f for f, whole in rows if whole], [f for f, whole in rows if not whole]


def load_headers(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The header rows `files.screen` wrote."""
    con.execute(
        f"CREATE TABLE headers AS SELECT * FROM {_json(HEADER_COLUMNS)}", {"files": [str(path)]}
    )


def load_replayed(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The summaries made by replay (`{"file": …, "summary": …}` lines), beside the files' own."""
    columns = {"file": "VARCHAR", "summary": SUMMARY}
    con.execute(
        f"INSERT INTO file_summaries SELECT file, summary, 'replay' FROM {_json(columns)}",
        {"files": [str(path)]},
    )


def build(
    con: duckdb.DuckDBPyConnection,
    status: dict[str, str],
    titles: dict[str, str],
    where: str,
    params: list[Any],
    cohort_by: str,
    anonymise: bool,
    compared: tuple[str, list[Any]] = ("NULL", []),
) -> None:
    """The five public tables, for the sessions the filters keep (`where` over `headers`).

    `status` gives the status of every file that has no summary ("unfinished", "unscored",
    "broken", "no scenario"); `titles` the scenario titles by hash; `compared` an SQL
    expression over `h` (a header row with its `date`) giving 'before', 'after' or NULL."""
    con.execute("CREATE TABLE status (file VARCHAR, status VARCHAR)")
    if status:
        con.executemany("INSERT INTO status VALUES (?, ?)", sorted(status.items()))
    con.execute("CREATE TABLE titles (scenario_hash VARCHAR, scenario_title VARCHAR)")
    if titles:
        con.executemany("INSERT INTO titles VALUES (?, ?)", sorted(titles.items()))
    cohort = {
        "folder": "h.folder",
        "month": "coalesce(strftime(TRY_CAST(substr(h.created, 1, 10) AS DATE), '%Y-%m'), '?')",
    }[cohort_by]
    con.execute(
        f"""
        CREATE TABLE chosen AS
        SELECT h.*, {compared[0]} AS compared
        FROM (SELECT h.*, {cohort} AS cohort,
                     TRY_CAST(substr(h.created, 1, 10) AS DATE) AS date,
                     TRY_CAST(h.created AS TIMESTAMPTZ) AS started
              FROM headers h) h
        WHERE {where}
        """,
        compared[1] + params,
    )
    team = "h.team"
    cohort_col = "h.cohort"
    file_col = "h.file"
    if anonymise:
        con.execute(
            """
            CREATE TABLE anon AS SELECT file,
                'session-' || lpad(CAST(row_number() OVER (ORDER BY file) AS VARCHAR), 6, '0')
                    AS session,
                'Team ' || CAST(dense_rank() OVER (ORDER BY first_team) AS VARCHAR) AS team,
                'Cohort ' || CAST(dense_rank() OVER (ORDER BY first_cohort) AS VARCHAR) AS cohort
            FROM (SELECT file,
                         min(file) OVER (PARTITION BY team) AS first_team,
                         min(file) OVER (PARTITION BY cohort) AS first_cohort
                  FROM chosen)
            """
        )
        team, cohort_col, file_col = "a.team", "a.cohort", "a.session"
    join_anon = "JOIN anon a ON a.file = h.file" if anonymise else ""
    con.execute(
        f"""
        CREATE TABLE sessions AS
        SELECT {file_col} AS session, {cohort_col} AS cohort, {team} AS team, h.policy,
               h.scenario, h.scenario_hash,
               coalesce(t.scenario_title, h.scenario) AS scenario_title,
               h.seed, h.pressure, h.date, h.started, h.people, h.computers, h.seats, h.teams,
               coalesce(c.actions, 0) AS actions,
               CASE WHEN s.file IS NOT NULL THEN 'finished'
                    ELSE coalesce(st.status, 'unfinished') END AS status,
               s.source, h.compared, h.format_version, h.offsite_version, h.file AS path
        FROM chosen h {join_anon}
        LEFT JOIN checks c ON c.file = h.file
        LEFT JOIN file_summaries s ON s.file = h.file
        LEFT JOIN status st ON st.file = h.file
        LEFT JOIN titles t ON t.scenario_hash = h.scenario_hash
        """
    )
    if anonymise:
        con.execute("ALTER TABLE sessions DROP COLUMN path")
    key = "a.session" if anonymise else "l.file"
    anon_lines = "JOIN anon a ON a.file = l.file" if anonymise else ""
    con.execute(
        f"""
        CREATE VIEW actions AS  -- a view: a copy of 2.4 million lines at 10,000 files is 300 MB
        SELECT {key} AS session, l.n, l.kind, l.role, l."by", l.ms
        FROM lines l {anon_lines}
        WHERE l.n IS NOT NULL AND l.file IN (SELECT file FROM chosen)
        """
    )
    con.execute(
        f"""
        CREATE TEMP VIEW picked AS
        SELECT {key} AS session, l.summary
        FROM file_summaries l {anon_lines}
        WHERE l.file IN (SELECT file FROM chosen)
        """
    )
    con.execute(
        """
        CREATE TABLE scores AS
        SELECT session, summary.phase, summary.scores.focus, summary.scores.translation,
               summary.scores.candour, summary.scores.outcome, summary.scores.total,
               summary.speed.rounds AS debate_rounds, summary.speed.rounds_budget,
               summary.speed.minutes AS priorities_minutes, summary.speed.minutes_budget,
               summary.speed.part AS decision_speed, summary.weeks
        FROM picked
        """
    )
    con.execute(
        """
        CREATE TABLE outcomes AS
        SELECT session, k.id AS key_result, k.label, k.objective, k.objective_label,
               k.owner, k.owner_title, k.played_by, k.attainment, k."hit", k.watermelon,
               k.warning AS could_name, k.named, k.certain AS certain_to_miss, k.naming
        FROM (SELECT session, unnest(summary.key_results) AS k FROM picked)
        """
    )
    con.execute(
        """
        CREATE TABLE reports AS
        SELECT session, r.week, r.key_result, r.role, r.played_by, r.confidence,
               r.forecast, r.accuracy
        FROM (SELECT session, unnest(summary.reports) AS r FROM picked)
        """
    )


def export(con: duckdb.DuckDBPyConnection, folder: Path, fmt: str) -> list[Path]:
    """Every public table as `<table>.<fmt>` (parquet or csv) in `folder`; the files written."""
    written = []
    for table in TABLES:
        path = folder / f"{table}.{fmt}"
        options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "HEADER, FORMAT csv"
        con.execute(f"COPY (SELECT * FROM {table}) TO '{_quote(path)}' ({options})")
        written.append(path)
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
