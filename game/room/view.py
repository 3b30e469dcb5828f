"""What one phone is sent: its seat's observation (`observe`) and its moves, in words.

A phone's view is built from the table's `observe(seat)` (the engine's `observe`) and the
table's moves for its seat, nothing else: another seat's private forecast is never in it
(tests/room/test_privacy.py checks every message of a whole quarter). Reactions in anonymous
mode go out as counts only. Labels come from the scenario (public) and statuses from
`game.engine.words`, so the phone says what the projector says. See docs/facilitation.md,
"Running the room with phones".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from game.engine import REACTIONS
from game.engine.words import PHASE_NAMES, STEP_NAMES, status
from game.room import offer
from game.room.keys import seat_key
from game.session.facts import chosen_label

# The heading over the forecasts a phone shows: the seat's own, or every one once revealed.
MINE_TITLE = "Only you see this"
REVEALED_TITLE = "Every forecast, revealed to the room"

BRIEFING_WAIT = "The briefing is on the projector: read along here."

# What each group of moves is headed on a phone (the moves' own words come from the table).
GROUP_TITLES = {
    "vote": "Vote for the shortlist",
    "argue": "Make the case",
    "translate": "Say what it means for your part of the business",
    "throw_back": "Throw a constraint back up — only if you have one",
    "answer_throwback": "Answer the constraint thrown back to you",
    "report": "Your confidence report, 0\u2060–\u206010",  # never broken at the dash
    "react": "React to a report",
    "review_objective": "Is this objective still the right one?",
    "act_on_kpi": "KPIs out of band",
    "sort_card": "KPI or OKR?",
}


def welcome(hub: Any, seat: Any) -> dict[str, Any]:
    """The first message on a socket: who this phone is."""
    state = offer.state_of(hub.table, seat.team)
    return {
        "kind": "welcome",
        "seat": seat_key(seat),
        "role": state.scenario.role(seat.role).title,
        "team": hub.team_names[seat.team] if seat.team < len(hub.team_names) else "",
        "company": state.scenario.company.name,
        "name": hub.keys.holder(seat) or "",
    }


def phone_view(hub: Any, seat: Any) -> dict[str, Any]:
    """The seat's view now (see the module's docstring)."""
    state = offer.state_of(hub.table, seat.team)
    s = state.scenario
    seen, moves = offer.seat_now(hub.table, seat)
    board = seen["board"]
    title = {r.id: r.title for r in s.roles}
    owner = {k.id: k.owner for k in state.key_results}
    mine = [
        _private(s, p, owner.get(p["key_result"], ""), seat.role, title) for p in seen["private"]
    ]
    groups = offer.offered(moves, lambda action: about(state, action))
    for g in groups:
        g["title"] = GROUP_TITLES.get(g["kind"], "")
    return {
        "version": moves.version,
        "seat": seat_key(seat),
        "phase": PHASE_NAMES.get(board["phase"], board["phase"]),
        "step": STEP_NAMES.get(board["step"], ""),
        "week": board["week"],
        "weeks": board["weeks"],
        "objectives": [c["label"] for c in board["chosen"]],
        "briefing": briefing(s) if board["phase"] == "briefing" else None,
        "mine": mine,
        "mine_title": MINE_TITLE if all(k["yours"] for k in mine) else REVEALED_TITLE,
        "reports": _reports(s, board, title, hub.reactions()),
        "groups": groups,
        "waiting": ""
        if any(m for g in groups for m in g["moves"] if not m["refused"])
        else BRIEFING_WAIT
        if board["phase"] == "briefing"
        else "Nothing for you to do now: watch the projector.",
    }


def briefing(s: Any) -> dict[str, Any]:
    """The company's story and strategy, to read along while the projector shows the
    briefing (public: the projector's own words, nothing private)."""
    c = s.company
    return {
        "company": c.name,
        "story": c.story,
        "strategy": c.strategy,
        "themes": [t.name for t in c.themes],  # names only: keywords are the scorer's
    }


def about(state: Any, action: Any) -> str:
    """What a move is about, in the projector's words: its key result, objective or KPI."""
    s = state.scenario
    kr = getattr(action, "key_result", "")
    if kr:
        return s.key_result(kr).model.label
    kpi = getattr(action, "kpi", "")
    if kpi:
        return s.kpi(kpi).name
    objective = getattr(action, "objective", "")
    if objective:
        chosen = next((c for c in state.chosen if c.id == objective), None)
        return chosen_label(state, chosen) if chosen else s.objective(objective).label
    return ""


def _private(
    s: Any, p: dict[str, Any], role: str, seat_role: str, title: dict[str, str]
) -> dict[str, Any]:
    """A key result's forecast the seat may see: its own (only its owner sees it), or, once
    the engine reveals every forecast (the review), another's, with its owner."""
    return {
        "label": s.key_result(p["key_result"]).model.label,
        "yours": role == seat_role,
        "owner": title.get(role, role),
        "forecast": p["forecast_10"],  # on the report's 0–10 scale, as the projector shows it
        "progress": round(100 * p["progress"]),
        "named": p["named"],
    }


def _reports(
    s: Any, board: dict[str, Any], title: dict[str, str], mode: str
) -> list[dict[str, Any]]:
    """This week's reports with their statuses and the room's reactions (counts, or names when
    the facilitator chose attributed reactions)."""
    week = board["week"]
    latest: dict[str, dict[str, Any]] = {}
    for r in board["reports"]:
        if r["week"] == week:
            latest[r["key_result"]] = r
    out = []
    for kr, r in latest.items():
        mine = [x for x in board["reactions"] if x["week"] == week and x["key_result"] == kr]
        counts = Counter(x["reaction"] for x in mine)
        word = status(r["confidence"])
        item = {
            "label": s.key_result(kr).model.label,
            "owner": title.get(r["role"], r["role"]),
            "confidence": r["confidence"],
            "status": word,
            "reactions": {k: counts.get(k, 0) for k in REACTIONS},
        }
        if mode == "attributed":
            item["by"] = {
                k: [title.get(x["role"], x["role"]) for x in mine if x["reaction"] == k]
                for k in REACTIONS
            }
        out.append(item)
    return out
