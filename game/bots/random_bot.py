"""The `random` policy: any legal action, uniformly — to drive every rule in tests."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from game.engine import ROOM, Action, GameState, legal_actions, whose_turn
from game.engine.actions import Keep, PickKeyResults, Translate, Undo
from game.engine.priorities import key_result_pool, on_board, to_lock

SAMPLE_TEXTS = (
    "Give every renewal account a named contact and a weekly call",
    "Excellence and synergy across the board",
    "Cut the backlog in half by moving two people to the night shift",
    "Strive to be best in class",
)


def fill_template(state: GameState, action: Action, rng: np.random.Generator) -> Action:
    """Turn a template (typed text, a key-result pick, the three kept) into a concrete action."""
    if isinstance(action, Translate) and action.choice == "typed":
        return replace(action, text=str(rng.choice(SAMPLE_TEXTS)))
    if isinstance(action, PickKeyResults):
        chosen = state.chosen_objective(action.objective)
        pool = key_result_pool(state, chosen)
        n = int(rng.integers(3, min(5, len(pool)) + 1))
        picks = tuple(str(k) for k in rng.choice(pool, size=n, replace=False))
        return replace(action, key_results=picks)
    if isinstance(action, Keep):
        board = on_board(state)
        kept = tuple(str(o) for o in rng.choice(board, size=to_lock(state), replace=False))
        return replace(action, objectives=kept)
    return action


def random_action(state: GameState, rng: np.random.Generator) -> Action:
    """A uniformly random legal action for whoever may act (undo excluded)."""
    options: list[Action] = []
    for role in whose_turn(state):
        options += [a for a in legal_actions(state, role) if not isinstance(a, Undo)]
    if not options:
        raise RuntimeError(f"no legal action in phase {state.phase}/{state.step}")
    action = options[int(rng.integers(len(options)))]
    return fill_template(state, replace(action, by="computer", ms=1000), rng)


class RandomPolicy:
    """The `random` policy: uniformly random legal actions for the seats it holds."""

    name = "random"

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)

    def decide(self, state: GameState, role: str) -> Action | None:
        """A random legal action for this role (ROOM included), never undo."""
        options = [a for a in legal_actions(state, role) if not isinstance(a, Undo)]
        if not options:
            return None
        action = options[int(self.rng.integers(len(options)))]
        return fill_template(state, replace(action, by="computer", ms=1000), self.rng)


__all__ = ["ROOM", "RandomPolicy", "fill_template", "random_action"]
