"""A game is its log: the seed, the scenario's hash, the seats, the options and every action."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from game.engine.actions import Action
from game.engine.rules import apply
from game.engine.setup import new_game
from game.engine.state import GameState
from game.scenario.model import Scenario


@dataclass(frozen=True)
class GameLog:
    """Everything needed to replay a game bit for bit."""

    scenario_hash: str
    seed: int
    seats: dict[str, str]
    pressure: str = "normal"
    warmup: bool = True
    actions: tuple[Action, ...] = field(default_factory=tuple)

    def start(self, scenario: Scenario) -> GameState:
        """The game's first state."""
        return new_game(
            scenario,
            self.seed,
            self.seats,
            scenario_hash=self.scenario_hash,
            pressure=self.pressure,
            warmup=self.warmup,
        )


def replay(scenario: Scenario, log: GameLog, actions: Iterable[Action] | None = None) -> GameState:
    """Start from the first state and apply every logged action again."""
    state = log.start(scenario)
    for action in log.actions if actions is None else actions:
        state, _ = apply(state, action)
    return state
