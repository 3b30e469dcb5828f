"""What a new game is set up with: the start screen's choices, filled in from the command line.

A `Setup` is plain data the projector's start screen edits with the clicker's keys and
`offsite play` turns into games: the scenario, who plays which role (a person or the
computer), the peer pressure, the warm-up, how many teams share the machine, solo practice,
and how long the phase timers run (a share of the planned minutes). Every change goes
through a method that returns a new, consistent `Setup` — solo practice means exactly one
person; a person seat switched on ends solo practice. See docs/facilitation.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from game.engine.state import PRESSURES
from game.scenario import MAX_QUARTERS, Scenario

MAX_TEAMS = 6
TIMER_PERCENTS = (50, 75, 100, 125, 150, 200)  # of the planned minutes


class SetupError(ValueError):
    """A choice that does not fit the scenario (an unknown role, too many teams), in words."""


@dataclass(frozen=True)
class Setup:
    """One new game's settings (a team's games all share them)."""

    scenario: Scenario
    source: str  # the file (or built-in name) the scenario came from
    people: tuple[str, ...]  # the role ids people hold, in scenario order
    pressure: str = "normal"
    warmup: bool = True
    teams: int = 1
    solo: str | None = None  # the role a leader practises alone, or None
    timer_percent: int = 100  # the phase timers run this share of the planned minutes
    seed: int = 0
    quarters: int | None = None  # how many quarters; None: the scenario's default (else 1)

    # ---- building --------------------------------------------------------------------
    @classmethod
    def for_scenario(
        cls,
        scenario: Scenario,
        source: str,
        *,
        people: Sequence[str] | None = None,
        solo: str | None = None,
        pressure: str = "normal",
        warmup: bool = True,
        teams: int = 1,
        timer_percent: int = 100,
        seed: int = 0,
        quarters: int | None = None,
    ) -> Setup:
        """A setup, checked: `people` None keeps the scenario's own seats; `solo` makes that
        role the only person. Raises SetupError naming what does not fit."""
        roles = [r.id for r in scenario.roles]
        if solo is not None and people is not None:
            raise SetupError("choose either solo practice or who the people are, not both")
        if solo is not None:
            _known(solo, roles)
            people = (solo,)
        elif people is None:
            people = tuple(r.id for r in scenario.roles if r.played_by == "person")
        else:
            for role in people:
                _known(role, roles)
            if not people:
                raise SetupError("at least one role is played by a person")
        if pressure not in PRESSURES:
            raise SetupError(f"pressure is {', '.join(PRESSURES)}, not '{pressure}'")
        if not 1 <= teams <= MAX_TEAMS:
            raise SetupError(f"teams: 1 to {MAX_TEAMS}, not {teams}")
        if timer_percent not in TIMER_PERCENTS:
            shares = ", ".join(f"{p}" for p in TIMER_PERCENTS)
            raise SetupError(f"the timer runs at {shares} percent of the plan, not {timer_percent}")
        if quarters is not None and not 1 <= quarters <= MAX_QUARTERS:
            raise SetupError(f"a session plays 1 to {MAX_QUARTERS} quarters, not {quarters}")
        ordered = tuple(r for r in roles if r in set(people))
        return cls(
            scenario, source, ordered, pressure, warmup, teams, solo, timer_percent, seed, quarters
        )

    # ---- reading ---------------------------------------------------------------------
    def seats(self) -> dict[str, str]:
        """Every role's seat: 'person' or 'computer'."""
        return {
            r.id: ("person" if r.id in self.people else "computer") for r in self.scenario.roles
        }

    def seat_of(self, role: str) -> str:
        """'person' or 'computer'."""
        return "person" if role in self.people else "computer"

    # ---- the start screen's changes ----------------------------------------------------
    def toggle_person(self, role: str) -> Setup:
        """A role switches between a person and the computer (the last person stays one).
        Switching leaves solo practice: the table then has the people it shows."""
        if role in self.people:
            if len(self.people) == 1:
                return self
            people = tuple(r for r in self.people if r != role)
        else:
            people = (*self.people, role)
        order = [r.id for r in self.scenario.roles]
        return replace(self, people=tuple(sorted(people, key=order.index)), solo=None)

    def next_solo(self, step: int = 1) -> Setup:
        """Solo practice: off, then each role in turn (the chosen role is the only person)."""
        options: list[str | None] = [None, *(r.id for r in self.scenario.roles)]
        solo = options[(options.index(self.solo) + step) % len(options)]
        if solo is None:
            defaults = tuple(r.id for r in self.scenario.roles if r.played_by == "person")
            return replace(self, solo=None, people=defaults or self.people)
        return replace(self, solo=solo, people=(solo,))

    def next_pressure(self, step: int = 1) -> Setup:
        """low → normal → high → low."""
        i = PRESSURES.index(self.pressure)
        return replace(self, pressure=PRESSURES[(i + step) % len(PRESSURES)])

    def toggle_warmup(self) -> Setup:
        """The warm-up on or off (a scenario without warm-up cards has none either way)."""
        return replace(self, warmup=not self.warmup)

    def next_teams(self, step: int = 1) -> Setup:
        """1 → 2 → … → 6 → 1 teams."""
        return replace(self, teams=(self.teams - 1 + step) % MAX_TEAMS + 1)

    def next_timer(self, step: int = 1) -> Setup:
        """The timers' share of the plan, in steps (50% … 200%)."""
        i = TIMER_PERCENTS.index(self.timer_percent)
        return replace(self, timer_percent=TIMER_PERCENTS[(i + step) % len(TIMER_PERCENTS)])

    @property
    def quarters_played(self) -> int:
        """How many quarters the games play: the choice made, else the scenario's, else 1."""
        return self.quarters or self.scenario.quarter.quarters or 1

    def next_quarters(self, step: int = 1) -> Setup:
        """1 → 2 → 3 → 4 → 1 quarters."""
        return replace(self, quarters=(self.quarters_played - 1 + step) % MAX_QUARTERS + 1)

    def with_scenario(self, scenario: Scenario, source: str) -> Setup:
        """Another scenario: its own seats (solo carries over when the role exists there)."""
        roles = {r.id for r in scenario.roles}
        solo = self.solo if self.solo in roles else None
        return Setup.for_scenario(
            scenario,
            source,
            solo=solo,
            pressure=self.pressure,
            warmup=self.warmup,
            teams=self.teams,
            timer_percent=self.timer_percent,
            seed=self.seed,
            quarters=self.quarters,
        )


def parse_people(text: str) -> tuple[str, ...]:
    """`--people ROLE,ROLE,…`: the role ids, in the order given (checked against a scenario
    by `Setup.for_scenario`)."""
    roles = tuple(part.strip() for part in text.split(",") if part.strip())
    if not roles:
        raise SetupError("--people lists one or more role ids, separated by commas")
    return roles


def scenario_choices(given: Path, builtin: Sequence[Path]) -> list[Path]:
    """The scenarios the start screen offers: the one given first, then the other scenario
    files beside it, then the built-in ones (each once)."""
    found = [given]
    if given.parent.is_dir():
        found += sorted(p for p in given.parent.glob("*.yaml") if p.is_file())
    found += list(builtin)
    seen: dict[Path, None] = {}
    for p in found:
        key = p.resolve() if p.exists() else p
        if key not in {q.resolve() if q.exists() else q for q in seen}:
            seen[p] = None
    return list(seen)


def _known(role: str, roles: list[str]) -> None:
    if role not in roles:
        raise SetupError(f"no role '{role}' in this scenario (roles: {', '.join(roles)})")
