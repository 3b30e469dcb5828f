"""The cohort report's figures: queries over the tables of `tables.py`, as plain rows.

Each figure is a list of rows (dicts of plain values), the same in the HTML, the JSON and its
CSV file. What every figure means is in docs/cohort.md; the numbers behind them are the
project's own (scores, decision speed, naming: game/scoring; the summary: game/session).
"""

from __future__ import annotations

from typing import Any

import duckdb

from game.engine.words import AT_RISK_AT_MOST, TRUE_ON_TRACK

GROUPS = {"cohort": "s.cohort", "scenario": "s.scenario_title", "team": "s.team"}
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict]:
    """A query's result as a list of dicts (numbers rounded for people, not for programs)."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in cursor.fetchall()]


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def overview(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """How many sessions, of which finished (by summary, by replay), scenarios, teams, dates."""
    (row,) = rows(
        con,
        """
        SELECT count(*) AS sessions,
               count(*) FILTER (WHERE status = 'finished') AS finished,
               count(*) FILTER (WHERE source = 'summary') AS from_summary,
               count(*) FILTER (WHERE source = 'replay') AS from_replay,
               count(*) FILTER (WHERE status = 'unfinished') AS unfinished,
               count(*) FILTER (WHERE status = 'unscored') AS unscored,
               count(*) FILTER (WHERE status = 'no scenario') AS no_scenario,
               count(*) FILTER (WHERE status = 'broken') AS broken_inside,
               count(DISTINCT scenario_hash) AS scenario_versions,
               count(DISTINCT scenario) AS scenarios,
               count(DISTINCT team) AS teams,
               count(DISTINCT cohort) AS cohorts,
               min(date) AS first_date, max(date) AS last_date,
               sum(people) AS people_seats, sum(actions) AS actions
        FROM sessions
        """,
    )
    return row


def scores_by(con: duckdb.DuckDBPyConnection, group: str) -> list[dict]:
    """Score distributions per cohort, scenario or team: the total's quantiles, each mean."""
    g = GROUPS[group]
    q = ", ".join(str(x) for x in QUANTILES)
    return rows(
        con,
        f"""
        SELECT {g} AS {group}, count(*) AS sessions,
               avg(c.total) AS total_mean, stddev_samp(c.total) AS total_sd,
               quantile_cont(c.total, [{q}]) AS total_quantiles,
               min(c.total) AS total_min, max(c.total) AS total_max,
               avg(c.focus) AS focus, avg(c.translation) AS translation,
               avg(c.candour) AS candour, avg(c.outcome) AS outcome
        FROM sessions s JOIN scores c ON c.session = s.session
        GROUP BY {g} ORDER BY {g}
        """,
    )


def speed_by(con: duckdb.DuckDBPyConnection, group: str) -> list[dict]:
    """Decision speed per group: minutes and rounds on the priorities against the budget, the
    decision-speed share of Focus, and how long people took per decision."""
    g = GROUPS[group]
    q = ", ".join(str(x) for x in QUANTILES)
    return rows(
        con,
        f"""
        WITH per AS (
            SELECT session, median(ms) AS ms FROM actions
            WHERE "by" = 'person' AND kind NOT IN ('undo') GROUP BY session
        )
        SELECT {g} AS {group}, count(*) AS sessions,
               median(c.priorities_minutes) AS minutes_median,
               avg(c.priorities_minutes) AS minutes_mean,
               quantile_cont(c.priorities_minutes, [{q}]) AS minutes_quantiles,
               median(c.minutes_budget) AS minutes_budget,
               median(c.debate_rounds) AS rounds_median,
               median(c.rounds_budget) AS rounds_budget,
               avg(c.decision_speed) AS decision_speed,
               avg(CASE WHEN c.priorities_minutes <= c.minutes_budget
                         AND c.debate_rounds <= c.rounds_budget THEN 1 ELSE 0 END)
                   AS within_budget,
               median(per.ms) / 1000 AS seconds_per_decision
        FROM sessions s JOIN scores c ON c.session = s.session
        LEFT JOIN per ON per.session = s.session
        GROUP BY {g} ORDER BY {g}
        """,
    )


def naming_by(con: duckdb.DuckDBPyConnection, group: str) -> list[dict]:
    """Bad news named on time, late or never, per group: the people's missed key results that
    an honest report would have named at a check-in."""
    g = GROUPS[group]
    return rows(
        con,
        f"""
        SELECT {g} AS {group}, count(*) AS bad_news,
               count(*) FILTER (WHERE o.naming = 'on_time') AS on_time,
               count(*) FILTER (WHERE o.naming = 'late') AS late,
               count(*) FILTER (WHERE o.naming = 'never') AS never,
               avg(CASE WHEN o.naming = 'on_time' THEN 1 ELSE 0 END) AS on_time_share,
               avg(CASE WHEN o.naming = 'late' THEN 1 ELSE 0 END) AS late_share,
               avg(CASE WHEN o.naming = 'never' THEN 1 ELSE 0 END) AS never_share
        FROM sessions s JOIN outcomes o ON o.session = s.session
        WHERE o.played_by = 'person' AND o.naming IS NOT NULL
        GROUP BY {g} ORDER BY {g}
        """,
    )


def watermelons_by_role(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Watermelons (green at the last check-in, then missed) per owner role."""
    return rows(
        con,
        """
        SELECT o.owner_title AS role, count(*) AS key_results,
               count(*) FILTER (WHERE o.watermelon) AS watermelons,
               avg(CASE WHEN o.watermelon THEN 1 ELSE 0 END) AS rate,
               count(*) FILTER (WHERE o.played_by = 'person') AS people_key_results,
               count(*) FILTER (WHERE o.watermelon AND o.played_by = 'person')
                   AS people_watermelons
        FROM outcomes o
        GROUP BY o.owner_title ORDER BY watermelons DESC, role
        """,
    )


def watermelons_by_objective(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Watermelons per chosen objective (within its scenario)."""
    return rows(
        con,
        """
        SELECT s.scenario_title AS scenario, o.objective_label AS objective,
               count(DISTINCT o.session) AS sessions, count(*) AS key_results,
               count(*) FILTER (WHERE o.watermelon) AS watermelons,
               avg(CASE WHEN o.watermelon THEN 1 ELSE 0 END) AS rate
        FROM outcomes o JOIN sessions s ON s.session = o.session
        GROUP BY s.scenario_title, o.objective_label
        ORDER BY watermelons DESC, scenario, objective
        """,
    )


def candour_by_week(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Candour over the quarter: at each check-in week, what people reported (confidence out
    of 10, read as a chance) against what their own forecast said, and their report accuracy."""
    return rows(
        con,
        """
        SELECT r.week, count(*) AS reports,
               avg(r.confidence) / 10 AS reported, avg(r.forecast) AS forecast,
               avg(r.accuracy) AS accuracy,
               avg(CASE WHEN r.confidence <= ? THEN 1 ELSE 0 END) AS named_share,
               avg(CASE WHEN r.forecast < ? THEN 1 ELSE 0 END) AS at_risk_share
        FROM reports r WHERE r.played_by = 'person'
        GROUP BY r.week ORDER BY r.week
        """,
        [AT_RISK_AT_MOST, TRUE_ON_TRACK],
    )


def teams(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Per team: sessions, scores, bad news named on time, watermelons, decision speed."""
    return rows(
        con,
        """
        WITH naming AS (
            SELECT session,
                   count(*) FILTER (WHERE naming IS NOT NULL) AS bad_news,
                   count(*) FILTER (WHERE naming = 'on_time') AS on_time,
                   count(*) FILTER (WHERE watermelon) AS watermelons
            FROM outcomes WHERE played_by = 'person' GROUP BY session
        )
        SELECT s.team, count(*) AS sessions, count(DISTINCT s.scenario) AS scenarios,
               min(s.date) AS first_date, max(s.date) AS last_date,
               avg(c.total) AS total_mean, avg(c.candour) AS candour_mean,
               sum(n.on_time) / nullif(sum(n.bad_news), 0) AS on_time_share,
               avg(n.watermelons) AS watermelons_per_session,
               median(c.priorities_minutes) AS minutes_median
        FROM sessions s JOIN scores c ON c.session = s.session
        LEFT JOIN naming n ON n.session = s.session
        GROUP BY s.team ORDER BY total_mean DESC, s.team
        """,
    )


def per_session(con: duckdb.DuckDBPyConnection) -> None:
    """`measures`: one row per finished session with the values the before/after compares."""
    con.execute(
        """
        CREATE TEMP TABLE measures AS
        WITH o AS (
            SELECT session,
                   count(*) FILTER (WHERE played_by = 'person' AND naming IS NOT NULL) AS bad,
                   count(*) FILTER (WHERE played_by = 'person' AND naming = 'on_time') AS on_time,
                   count(*) FILTER (WHERE watermelon) AS watermelons
            FROM outcomes GROUP BY session
        )
        SELECT c.session, c.total, c.focus, c.candour, c.outcome, c.priorities_minutes,
               c.decision_speed, o.watermelons,
               CASE WHEN o.bad > 0 THEN o.on_time / o.bad END AS on_time_share
        FROM scores c LEFT JOIN o ON o.session = c.session
        """
    )
