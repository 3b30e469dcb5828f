"""The game engine: pure, deterministic rules. State + action -> new state + events."""

from game.engine.actions import REACTIONS, ROOM, Action, from_dict
from game.engine.errors import Rejection
from game.engine.events import GameEvent
from game.engine.observe import observe
from game.engine.rules import apply, is_over, legal_actions, whose_turn
from game.engine.setup import new_game
from game.engine.state import GameState, HashMemo, state_hash, to_json

__all__ = [
    "REACTIONS",
    "ROOM",
    "Action",
    "GameEvent",
    "GameState",
    "HashMemo",
    "Rejection",
    "apply",
    "from_dict",
    "is_over",
    "legal_actions",
    "new_game",
    "observe",
    "state_hash",
    "to_json",
    "whose_turn",
]
