"""The table's moves as a phone sees them, and a phone's answer back as a move.

The only module of the room that knows the table's move objects (game/session/moves.py). A move
goes to the phone with an id made from its action (who and how long aside), its words, the
engine's reason when it is refused, and the blanks to fill; the phone sends back the id and
what it filled in. Nothing here decides a rule: a move the table did not offer is refused, and
the table's engine judges what was filled in. See docs/facilitation.md.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from game.engine.words import status


@functools.lru_cache(maxsize=4096)  # an action is frozen: its id never changes
def move_id(action: Any) -> str:
    """A move's id: the same action (whoever took it, however long it took) has the same id."""
    data = action.to_dict()
    data.pop("by", None)
    data.pop("ms", None)
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.blake2b(raw, digest_size=9).hexdigest()


def offered(moves: Any, about: Any = None) -> list[dict[str, Any]]:
    """A seat's moves (the table's `Moves`) as JSON-ready groups, in the table's order; `about`
    names what an action is about (a key result, an objective) so a page can sub-group."""
    groups = []
    for kind, group in moves.groups:
        groups.append(
            {
                "kind": kind,
                "moves": [
                    {
                        "id": move_id(m.action),
                        "label": m.label,
                        "detail": m.detail,
                        "refused": m.refused,
                        "blanks": [blank(b) for b in m.blanks],
                        **_choice(m.action),
                        **({"about": about(m.action)} if about else {}),
                    }
                    for m in group
                ],
            }
        )
    return groups


def _choice(action: Any) -> dict[str, Any]:
    """The one field a page styles by (a reaction's kind; a report's confidence and the
    status the engine gives it)."""
    if hasattr(action, "confidence"):
        return {"value": action.confidence, "status": status(action.confidence)}
    for name in ("reaction", "answer", "still_right", "act", "choice"):
        if hasattr(action, name):
            return {"value": getattr(action, name)}
    return {}


def blank(b: Any) -> dict[str, Any]:
    """A blank to fill: free text of at most `most` characters, or a pick among options."""
    return {
        "field": b.field,
        "least": b.least,
        "most": b.most,
        "options": [{"id": o.id, "label": o.label, "detail": o.detail} for o in b.options],
    }


def resolve(moves: Any, wanted: str, fill: dict[str, Any] | None) -> Any:
    """The move a phone chose (its blanks filled in), or the sentence saying why not."""
    for m in moves:
        if move_id(m.action) != wanted:
            continue
        if m.refused:
            return m.refused
        if not m.blanks:
            return m
        given = dict(fill or {})
        fields = {b.field for b in m.blanks}
        extra = set(given) - fields
        if extra:
            return f"this move has nothing to fill in called {', '.join(sorted(extra))}"
        for b in m.blanks:
            value = given.get(b.field)
            if b.is_text:
                if not isinstance(value, str) or not value.strip():
                    return "type something first"
                given[b.field] = value.strip()
            else:
                if value is None:
                    value = []
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    return f"{b.field}: pick from the list"
                given[b.field] = value
        try:
            return m.fill(**given)
        except (ValueError, TypeError) as exc:
            return str(exc)
    return "that move is not open any more (the board changed): here is the current one"


# ---- the table's face, in one place ---------------------------------------------------------
def seat_moves(table: Any, seat: Any) -> Any:
    """The table's moves for a seat now."""
    return table.moves(seat)


def seat_now(table: Any, seat: Any) -> tuple[dict[str, Any], Any]:
    """What a seat sees (`observe`) and the table's moves for it, on the same state."""
    return table.seat_now(seat)


def take(table: Any, seat: Any, wanted: str, fill: dict[str, Any] | None, ms: int) -> tuple:
    """A phone's answer played through the table: `("", "")` when it was accepted (applied, on
    disk, peers run, listeners told), else `(code, sentence)`: `not_offered` when it is not one
    of the seat's moves now (or its blanks are wrong), `rejected` when the engine refused it."""
    move = resolve(seat_moves(table, seat), wanted, fill)
    if isinstance(move, str):
        return "not_offered", move
    result = play(table, seat, move, ms)
    return ("rejected", result) if result else ("", "")


def state_of(table: Any, team: int) -> Any:
    """The game state of one team."""
    return table.state_of(team)


def play(table: Any, seat: Any, move: Any, ms: int) -> str:
    """Play a move through the table (applied, on disk, peers run, listeners told): '' when it
    was accepted, else the engine's sentence."""
    outcome = table.act(seat, move, ms)
    return "" if outcome.ok else outcome.message
