"""Play a whole game headless: a policy holds the people's seats and the room, peers the rest."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from game import peers
from game.bots.policies import POLICIES, Policy, held_by_people
from game.bots.random_bot import RandomPolicy
from game.engine import ROOM, Action, GameEvent, GameState, apply, is_over, new_game, whose_turn
from game.scenario import Scenario, scenario_hash

POLICY_NAMES: tuple[str, ...] = (*POLICIES, "random")
MAX_ACTIONS = 5000


class Stuck(RuntimeError):
    """Nobody would act: a bug in a policy or a rule, never a player's problem."""


def make_policy(name: str, seed: int = 0) -> Policy | RandomPolicy:
    """A policy by name."""
    if name == "random":
        return RandomPolicy(seed)
    if name not in POLICIES:
        raise KeyError(name)
    return POLICIES[name]()


@dataclass(frozen=True)
class Step:
    """One action taken in an autoplayed game and what it caused."""

    action: Action
    events: list[GameEvent]
    state: GameState


def next_action(state: GameState, policy, held: set[str]) -> Action:
    """Whoever may act now: seats first (policy or peer), then the room (the policy)."""
    for role in whose_turn(state):
        if role == ROOM:
            continue
        action = policy.decide(state, role) if role in held else peers.decide(state, role)
        if action is not None:
            return action
    action = policy.decide(state, ROOM)
    if action is None:
        raise Stuck(f"nobody acts in {state.phase}/{state.step} (week {state.week})")
    return action


def steps(
    scenario: Scenario,
    policy_name: str,
    seed: int,
    pressure: str = "normal",
    state: GameState | None = None,
) -> Iterator[Step]:
    """Play from the start (or from `state`) to the end, yielding every step."""
    if state is None:
        state = new_game(scenario, seed, scenario_hash=scenario_hash(scenario), pressure=pressure)
    policy = make_policy(policy_name, seed)
    held = set(held_by_people(state))
    for _ in range(MAX_ACTIONS):
        if is_over(state):
            return
        action = next_action(state, policy, held)
        state, events = apply(state, action)
        yield Step(action, events, state)
    raise Stuck(f"the game did not end within {MAX_ACTIONS} actions")


def play(scenario: Scenario, policy_name: str, seed: int, pressure: str = "normal") -> GameState:
    """The final state of a whole autoplayed game."""
    state = None
    for step in steps(scenario, policy_name, seed, pressure):
        state = step.state
    assert state is not None
    return state
