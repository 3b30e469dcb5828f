"""Starting a game: the first state of a playthrough."""

from __future__ import annotations

from collections.abc import Mapping

from game.engine.errors import Rejection
from game.engine.simulation import draws
from game.engine.state import PRESSURES, Candidate, GameState, table_roles
from game.scenario.model import MAX_QUARTERS, Scenario

DEFAULT_CANDOUR = 0.7  # a role with no peer profile
START_STANDING = 50.0


def new_game(
    scenario: Scenario,
    seed: int,
    seats: Mapping[str, str] | None = None,
    *,
    scenario_hash: str = "",
    pressure: str = "normal",
    warmup: bool = True,
    quarters: int | None = None,
) -> GameState:
    """The first state: the briefing. `seats` maps role ids to 'person' or 'computer'
    (roles not named keep the scenario's default); `quarters` is how many quarters the session
    plays (1–4; the scenario's `quarter.quarters`, else 1, when not given)."""
    seats = dict(seats or {})
    roles = [r.id for r in scenario.roles]
    for role, by in seats.items():
        if role not in roles:
            raise Rejection("unknown_role", f"There is no role '{role}' in this scenario.")
        if by not in ("person", "computer"):
            raise Rejection("bad_seat", f"A seat is held by 'person' or 'computer', not '{by}'.")
    if pressure not in PRESSURES:
        raise Rejection("bad_pressure", f"Pressure is low, normal or high, not '{pressure}'.")
    if not isinstance(seed, int) or seed < 0:
        raise Rejection("bad_seed", "The seed is a whole number, 0 or more.")
    if quarters is None:
        quarters = scenario.quarter.quarters or 1
    if (
        isinstance(quarters, bool)
        or not isinstance(quarters, int)
        or not 1 <= quarters <= MAX_QUARTERS
    ):
        raise Rejection(
            "bad_quarters", f"A session plays 1 to {MAX_QUARTERS} quarters, not {quarters!r}."
        )
    table = table_roles(scenario)
    candour = []
    for role in table:
        peer = scenario.peer(role)
        candour.append((role, peer.candour if peer else DEFAULT_CANDOUR))
    weeks = scenario.quarter.weeks
    return GameState(
        scenario=scenario,
        scenario_hash=scenario_hash,
        seed=seed,
        pressure=pressure,
        seats=tuple((r.id, seats.get(r.id, r.played_by)) for r in scenario.roles),
        warmup_on=warmup and bool(scenario.warmup),
        phase="briefing",
        candidates=tuple(Candidate(o.id) for o in scenario.objectives),
        event_draws=tuple(
            (e.id, draws(seed, "event:" + e.id, weeks + 1, uniform=True)) for e in scenario.events
        ),
        capacity=float(scenario.quarter.capacity),
        standing=tuple((role, START_STANDING) for role in table),
        candour=tuple(candour),
        credibility=tuple((role, 1.0) for role in table),
        quarters=quarters,
    )
