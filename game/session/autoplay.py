"""Play a whole game headless: a policy holds the people's seats and the room, peers the rest."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from game import peers
from game.bots.policies import POLICIES, Policy, held_by_people
from game.bots.random_bot import RandomPolicy
from game.engine import ROOM, Action, GameEvent, GameState, apply, is_over, new_game
from game.engine.rules import may_act
from game.scenario import Scenario, scenario_hash

POLICY_NAMES: tuple[str, ...] = (*POLICIES, "random")
MAX_ACTIONS = 5000


class Stuck(RuntimeError):
    """Nobody would act: a bug in a policy or a rule, never a player's problem."""


def make_policy(
    name: str, seed: int = 0, extra: Mapping[str, type[Policy]] | None = None
) -> Policy | RandomPolicy:
    """A policy by name: a built-in one, or one of `extra` (a designer's policy file)."""
    if name == "random":
        return RandomPolicy(seed)
    if extra and name in extra:
        return extra[name]()
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
    """Whoever may act now: seats first (policy or peer), then the room (the policy).

    The seats are asked in `whose_turn` order; `may_act` lists the same roles and perhaps a
    few with no legal action, who pass (None) — so no role after the one who acts is checked."""
    for role in may_act(state):
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
    before: Sequence[GameState] = (),
    extra: Mapping[str, type[Policy]] | None = None,
    along: Sequence[Step] = (),
) -> Iterator[Step]:
    """Play from the start (or from `state`, reached through the states `before`) to the end;
    `extra` adds policies by name (a designer's policy file).

    `along`: the steps of another game played from the same `state` (a balance run plays
    every policy on the same seed). While this policy takes the same action as that game did,
    its step is reused instead of applied again: `apply` is a pure function of the state and
    the action, so the step is exactly what applying it would give (the same values; the
    shared state also keeps what was derived from it). The policy still decides on every
    state, so a policy with memory (the random one) draws as in an unshared game."""
    if state is None:
        state = new_game(scenario, seed, scenario_hash=scenario_hash(scenario), pressure=pressure)
    policy = make_policy(policy_name, seed, extra)
    held = set(held_by_people(state))
    catch_up(policy, before, held)
    shared = 0
    for _ in range(MAX_ACTIONS * state.quarters - len(before)):
        if is_over(state):
            return
        action = next_action(state, policy, held)
        if shared < len(along) and along[shared].action == action:
            step = along[shared]
            shared += 1
            state = step.state
            yield step
            continue
        shared = len(along)  # the games parted: nothing further is shared
        state, events = apply(state, action)
        yield Step(action, events, state)
    raise Stuck(f"the game did not end within {MAX_ACTIONS * state.quarters} actions")


def catch_up(policy: Policy | RandomPolicy, before: Sequence[GameState], held: set[str]) -> None:
    """Bring a policy with memory (the random one's generator) to where an unbroken game
    would have it: let it decide on every earlier state again, and throw the decisions away."""
    if not isinstance(policy, RandomPolicy):
        return  # the named policies decide from the state alone
    for state in before:
        # Another policy's game may reach states this one would never act in: nothing to draw.
        with contextlib.suppress(Stuck):
            next_action(state, policy, held)


def play(scenario: Scenario, policy_name: str, seed: int, pressure: str = "normal") -> GameState:
    """The final state of a whole autoplayed game."""
    state = None
    for step in steps(scenario, policy_name, seed, pressure):
        state = step.state
    assert state is not None
    return state
