"""What one role may see: the public board plus that role's own private forecasts.

The privacy screen and the bots read the game through this, never through the raw state, so
neither can leak another role's forecast. ROOM (the projector) sees only what is public.
"""

from __future__ import annotations

from typing import Any

from game.engine.actions import ROOM
from game.engine.priorities import chosen_label, chosen_sentence
from game.engine.state import GameState


def observe(state: GameState, role: str = ROOM) -> dict[str, Any]:
    """The observation of one role (ROOM for the projector)."""
    s = state.scenario
    revealed = state.phase in ("review", "quarterly", "over")
    board = {
        "phase": state.phase,
        "step": state.step,
        "week": state.week,
        "weeks": s.quarter.weeks,
        "capacity": state.capacity,
        "candidates": [
            {
                "id": c.id,
                "status": c.status,
                "votes": c.votes,
                "tested": c.tested,
                "argued": c.argued,
            }
            for c in state.candidates
        ],
        "chosen": [
            {
                "id": c.id,
                "label": chosen_label(state, c),
                "sentence": chosen_sentence(state, c),
                "key_results": list(c.key_results),
                "fold": list(c.fold),
            }
            for c in state.chosen
        ],
        "translations": [
            {"objective": t.objective, "role": t.role, "text": t.text}
            | ({"quality": t.quality} if revealed else {})
            for t in state.translations
        ],
        "reports": [
            {"week": r.week, "key_result": r.key_result, "role": r.role, "confidence": r.confidence}
            for r in state.reports
        ],
        "reactions": [
            {"week": x.week, "key_result": x.key_result, "role": x.role, "reaction": x.reaction}
            for x in state.reactions
        ],
        "kpis": [{"id": k.id, "value": k.value} for k in state.kpis],
        "standing": dict(state.standing),
        "events": [{"week": w, "event": e} for w, e in state.events_struck],
    }
    private = [
        {
            "key_result": k.id,
            "progress": k.latest.progress,
            "forecast": k.latest.q,
            "forecast_10": round(10 * k.latest.q),  # on the report's 0–10 scale
            "named": k.named_week is not None,
        }
        for k in state.key_results
        if revealed or (role != ROOM and k.owner == role)
    ]
    return {"role": role, "board": board, "private": private}
