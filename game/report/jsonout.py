"""report.json: the debrief as one machine-readable document.

Each session's `scores` and `reasons` are exactly what `offsite autoplay --json` prints for the
same game (`score(state).as_dict()` and `.reasons()`). Chances are 0–1, rounded to 4 places.
"""

from __future__ import annotations

import json
from typing import Any

from game.report.model import Counterfactual, KeyResultWeeks, Report, SessionReport

FORMAT, FORMAT_VERSION = "offsite-report", 1


def _key_result(k: KeyResultWeeks) -> dict[str, Any]:
    return {
        "id": k.id,
        "label": k.label,
        "objective": k.objective,
        "owner": k.owner,
        "played_by": k.played_by,
        "attainment": k.attainment,
        "hit": k.hit,
        "watermelon": k.watermelon,
        "could_be_named": k.warning,
        "named": k.named,
        "certain_to_miss": k.certain,
        "reports": [
            {"week": r.week, "confidence": r.confidence, "forecast": r.forecast} for r in k.reports
        ],
        "forecasts": [[t.week, t.q] for t in k.forecasts],
    }


def _counterfactual(c: Counterfactual) -> dict[str, Any]:
    return {
        "key_result": c.key_result,
        "label": c.label,
        "could_be_named": c.early,
        "named": c.late,
        "chance_if_named_early": round(c.chance_early, 4),
        "chance_as_named": round(c.chance_late, 4),
        "last_checkin": c.last_checkin,
        "forecast_when_named": None
        if c.forecast_when_named is None
        else round(c.forecast_when_named, 4),
        "sentence": c.sentence(),
    }


def session_dict(s: SessionReport) -> dict[str, Any]:
    """One session's part of report.json."""
    return {
        "name": s.name,
        "file": s.file,
        "scenario": s.scenario,
        "scenario_title": s.scenario_title,
        "scenario_hash": s.scenario_hash,
        "seed": s.seed,
        "pressure": s.pressure,
        "policy": s.policy,
        "created": s.created,
        "actions": s.actions,
        "state_hash": s.state_hash,
        "scores": dict(s.scores),
        "reasons": {k: list(v) for k, v in s.reasons.items()},
        "weights": dict(s.weights),
        "decision_speed": s.speed,
        "questions": [
            {
                "objective": q.label,
                "sentence": q.sentence,
                "answers": [{"question": asked, "answer": answer} for asked, answer in q.asked],
            }
            for q in s.questions
        ],
        "weeks": s.weeks,
        "checkins": list(s.checkins),
        "key_results": [_key_result(k) for k in s.key_results],
        "watermelons": s.watermelons,
        "counterfactuals": [_counterfactual(c) for c in s.counterfactuals],
        "charts": dict(s.charts),
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The whole of report.json as plain data."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "sessions": [session_dict(s) for s in report.sessions],
        "comparison": None,
    }
    if report.compared:
        data["comparison"] = {
            "chart": report.comparison_chart,
            "rows": [
                {
                    "name": s.name,
                    "scenario": s.scenario,
                    "seed": s.seed,
                    "policy": s.policy,
                    "scores": dict(s.scores),
                    "key_results_hit": s.hits,
                    "key_results": len(s.key_results),
                    "watermelons": s.watermelons,
                }
                for s in report.compared
            ],
        }
    return data


def render_json(report: Report) -> str:
    """report.json's text (UTF-8, indented, ending with a newline)."""
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
