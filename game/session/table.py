"""The table: the one place every front end (the projector, the room's server) plays through.

It holds the teams' games and their session writers, lets the computer peers take their turns,
undoes, hands the projector to the team furthest behind, keeps the solo coach's reading and the
phase timer, and tells its listeners what changed. Its face is small (docs/architecture.md):

- `moves(seat)`: what a seat may do now, built from the engine's `legal_actions`, grouped by
  kind, with the words to show and, for a move the rules refuse, the engine's reason;
- `act(seat, move, ms)`: apply it, record it (fsync'ed before this returns), run the
  computers, tell the listeners.

It reads no clock (the caller says how long a decision took, and how much time went by for
the timer) and imports no front end. One writer at a time: every change takes the table's
lock, so threads and tasks of a server may call it freely. Reading (`state_of`, `moves`,
`observe`) waits for no lock: a game's state is frozen and replaced whole, and only once it is
on disk, so a reader sees one recorded state or the next, never half of one, and a server can
build its views while another thread plays. A listener runs inside the lock, on the caller's
thread: it must be quick and must not wait for another thread that changes the table.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from game import peers
from game.engine import (
    ROOM,
    Action,
    GameEvent,
    GameState,
    Rejection,
    apply,
    observe,
    whose_turn,
)
from game.engine.actions import By, Undo
from game.scenario.model import index
from game.session.coach import Reading, reading_after
from game.session.log import SessionWriter
from game.session.moves import (
    ROOM_SEAT,
    Move,
    Moves,
    Seat,
    SeatError,
    moves_for,
)
from game.session.resume import report_command
from game.session.timer import PhaseTimer, budget_for, stage_key, stage_of
from game.session.weeks import WeeksRun, weeks_run

MAX_COMPUTER_TURNS = 2000  # a bound on one burst of computer turns (a rule bug, never a game)


@dataclass
class Team:
    """One team's game at the table."""

    name: str
    state: GameState
    writer: SessionWriter | None = None  # None: not recorded (tests, screenshots)
    actions: list[Action] = field(default_factory=list)  # every action since the table opened


@dataclass(frozen=True)
class Change:
    """What a listener hears after each change at the table."""

    team: int  # whose game changed (or was handed the projector)
    version: int  # that game's state version now
    what: str  # "acted", "undone", "started", "rotated", "dismissed", "replaced"
    seat: Seat | None = None  # who acted (None: the table itself)
    events: tuple[GameEvent, ...] = ()  # what happened, the computers' turns included


@dataclass(frozen=True)
class Outcome:
    """What `act` did: done, or refused with the engine's reason."""

    ok: bool
    message: str = ""  # the reason, when refused
    events: tuple[GameEvent, ...] = ()
    version: int = 0


Listener = Callable[[Change], None]


class Table:
    """The teams' games and everything that plays them (see the module's docstring)."""

    def __init__(
        self,
        states: GameState | Sequence[GameState],
        *,
        names: Sequence[str] | None = None,
        writers: Sequence[SessionWriter | None] | None = None,
        solo: str | None = None,
        computers: bool = True,
        scenario_file: Path | None = None,
    ) -> None:
        games = [states] if isinstance(states, GameState) else list(states)
        if not games:
            raise ValueError("a table needs at least one game")
        names = list(names) if names else [f"Team {i + 1}" for i in range(len(games))]
        writers = list(writers) if writers else [None] * len(games)
        if not len(names) == len(writers) == len(games):
            raise ValueError("one name and one writer per team")
        self.teams = [Team(n, s, w) for n, s, w in zip(names, games, writers, strict=True)]
        self.solo = solo  # the role a leader practises alone: the coach reads after each phase
        self.scenario_file = scenario_file  # where the scenario came from (for the report)
        self.computers = computers  # False: the caller plays the computer seats too (autoplay)
        self.team = 0  # the team on the projector
        self.team_turn = False  # the projector should say "Team N's turn" first
        self.coach: Reading | None = None
        self._recapped: dict[int, int] = {}  # team -> the week whose weeks recap was closed
        self.timer = PhaseTimer()
        self.timer_percent = 100  # the start screen's timer setting: a share of each budget
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        # Each seat's moves on the state they were worked out for: a screen asks several times
        # a frame, and a state is frozen, so they are worked out once per state and seat.
        self._moves: dict[Seat, tuple[GameState, Moves]] = {}

    # ---- reading ---------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        """The game of the team on the projector."""
        return self.teams[self.team].state

    def state_of(self, team: int) -> GameState:
        """One team's game now."""
        return self._team(team).state

    def names(self) -> list[str]:
        """The teams' names, in order."""
        return [t.name for t in self.teams]

    def weeks_card(self, team: int | None = None) -> WeeksRun | None:
        """What happened in the weeks that ran to the stop a team's game is at, until the
        projector closes it (`dismiss`); None when there is nothing new to recap."""
        with self._lock:
            team = self.team if team is None else team
            state = self._team(team).state
            if self._recapped.get(team, 0) >= state.week:
                return None
            return weeks_run(state)

    def recaps_closed(self) -> dict[int, int]:
        """Each team's week whose weeks recap the projector closed (kept for `--resume`)."""
        with self._lock:
            return dict(self._recapped)

    def recaps_were_closed(self, closed: dict[int, int]) -> None:
        """`--resume`: the recaps closed before, closed again (a team or week that does not
        apply is ignored)."""
        with self._lock:
            for team, week in closed.items():
                if 0 <= team < len(self.teams) and week <= self.teams[team].state.week:
                    self._recapped[team] = max(self._recapped.get(team, 0), week)

    def report_command(self) -> str | None:
        """What to run for the written report of every team's game (None: not recorded)."""
        files = [t.writer.path for t in self.teams if t.writer is not None]
        if not files:
            return None
        return report_command(files, self.teams[0].state, self.scenario_file)

    def moves(self, seat: Seat) -> Moves:
        """What `seat` may do now (and sees refused, with the engine's reason)."""
        return self._moves_on(self._seat_state(seat), seat)

    def observe(self, seat: Seat) -> dict[str, Any]:
        """What `seat` may see now: the public board, and a role's own private forecasts
        (the engine's `observe`; ROOM sees only what is public). Carries the state's version."""
        return self._observe_on(self._seat_state(seat), seat)

    def seat_now(self, seat: Seat) -> tuple[dict[str, Any], Moves]:
        """What `seat` sees and may do, both on the same state (`observe`, `moves`)."""
        state = self._seat_state(seat)
        return self._observe_on(state, seat), self._moves_on(state, seat)

    def _moves_on(self, state: GameState, seat: Seat) -> Moves:
        # Worked out once per state and seat (a screen asks several times a frame); two
        # threads may both work them out, and either answer is the same.
        known = self._moves.get(seat)
        if known is not None and known[0] is state:
            return known[1]
        found = moves_for(state, seat)
        self._moves[seat] = (state, found)
        return found

    @staticmethod
    def _observe_on(state: GameState, seat: Seat) -> dict[str, Any]:
        return {**observe(state, seat.role), "version": state.version}

    def people(self, team: int | None = None) -> list[str]:
        """The roles people hold in a team's game, in scenario order."""
        state = self.state if team is None else self.state_of(team)
        return [r.id for r in state.scenario.roles if state.seat(r.id) == "person"]

    # ---- playing ---------------------------------------------------------------------
    def act(self, seat: Seat, move: Move | Action, ms: int, *, by: By = "person") -> Outcome:
        """Play a move for a seat: `ms` is how long the decision took (the caller's clock).

        Refused, with the engine's reason and nothing changed, when the rules refuse it (the
        engine judges every move: one offered earlier may no longer apply), when it belongs
        to another seat, or when it is a next click offered on an earlier state; otherwise
        applied, recorded, followed by the computers' turns, and told to the listeners."""
        with self._lock:
            state = self._seat_state(seat)
            action = move.action if isinstance(move, Move) else move
            if isinstance(move, Move) and move.refused:
                return Outcome(False, move.refused, version=state.version)
            if action.role != seat.role:
                return Outcome(False, "That move belongs to another seat.", version=state.version)
            if isinstance(move, Move) and move.version != state.version and move.kind == "advance":
                return Outcome(False, "The table has moved on since.", version=state.version)
            if isinstance(action, Undo) and seat.role != ROOM:
                return Outcome(False, "Undo is the facilitator's.", version=state.version)
            return self._play(seat, replace(action, by=by, ms=max(int(ms), 0)), "acted")

    def undo(self, ms: int = 0, team: int | None = None) -> Outcome:
        """The facilitator's undo: the last person's action goes, with the computers' after it."""
        with self._lock:
            seat = Seat(ROOM, self.team if team is None else team)
            self._team(seat.team)
            return self._play(seat, Undo(by="person", ms=max(int(ms), 0)), "undone")

    def start(self) -> None:
        """The game starts (leaving the title screen): the computers take any turn that is
        theirs, in every team."""
        with self._lock:
            for i in range(len(self.teams)):
                events = self._run_computers(i)
                self._tell(Change(i, self.teams[i].state.version, "started", None, events))

    def dismiss(self) -> None:
        """Close what the projector shows over the game: the coach's reading, else the card
        that says whose turn it is, else the recap of the weeks that just ran."""
        with self._lock:
            if self.coach is not None:
                self.coach = None
            elif self.team_turn:
                self.team_turn = False
            else:
                self._recapped[self.team] = self.state.week
            self._tell(Change(self.team, self.state.version, "dismissed"))

    def replace_games(
        self,
        states: Sequence[GameState],
        writers: Sequence[SessionWriter | None],
        history: bool = True,
    ) -> None:
        """Every team goes on in another game (the scenario was reloaded under `--watch`); the
        actions that led there stay the teams' history, unless the games start again
        (`history` False)."""
        with self._lock:
            if len(states) != len(self.teams) or len(writers) != len(self.teams):
                raise ValueError("one game and one writer per team")
            for i, (team, state, writer) in enumerate(
                zip(self.teams, states, writers, strict=True)
            ):
                team.state, team.writer = state, writer
                if not history:
                    team.actions = []
                self._tell(Change(i, state.version, "replaced"))

    def tick(self, dt: float) -> bool:
        """`dt` seconds went by (the caller's clock): restart the timer on a new stage; True
        once when it reaches zero (time for the chime)."""
        with self._lock:
            stage = stage_of(self.state)
            if stage != self.timer.stage:
                self.timer.restart(stage, budget_for(self.state) * self.timer_percent / 100)
            return self.timer.tick(dt)

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` after every change; returns the function that stops it."""
        with self._lock:
            self._listeners.append(listener)

        def stop() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return stop

    def note(self, kind: str, data: dict[str, Any]) -> None:
        """Record a setting of the facilitator's (how reactions are shown, …) in every team's
        session file: an entry line after the last action, which replay skips
        (docs/sessions.md)."""
        with self._lock:
            for team in self.teams:
                if team.writer is not None:
                    team.writer.append_entry(kind, team.state, data)

    def close(self) -> None:
        """Close the session files (everything is already on disk)."""
        with self._lock:
            for team in self.teams:
                if team.writer is not None:
                    team.writer.close()

    # ---- inside ----------------------------------------------------------------------
    def _team(self, team: int) -> Team:
        if not isinstance(team, int) or not 0 <= team < len(self.teams):
            raise SeatError(f"there is no team {team!r} (teams 0 to {len(self.teams) - 1})")
        return self.teams[team]

    def _seat_state(self, seat: Seat) -> GameState:
        state = self._team(seat.team).state
        if seat.role != ROOM and seat.role not in index(state.scenario).roles:
            raise SeatError(f"there is no role {seat.role!r} in this scenario")
        return state

    def _play(self, seat: Seat, action: Action, what: str) -> Outcome:
        team = self.teams[seat.team]
        before = team.state
        try:
            after, events = apply(before, action)  # the engine judges every move
        except Rejection as no:
            return Outcome(False, no.message, version=before.version)
        except Exception as exc:  # a move the rules cannot even read (a hostile message)
            return Outcome(
                False, f"That move cannot be read ({type(exc).__name__}).", version=before.version
            )
        self._record(seat.team, action, after)
        events = [*events, *self._run_computers(seat.team)]
        if self.solo and action.by == "person" and not isinstance(action, Undo):
            self.coach = reading_after(before, team.state, self.solo) or self.coach
        self._tell(Change(seat.team, team.state.version, what, seat, tuple(events)))
        self._rotate()
        return Outcome(True, "", tuple(events), team.state.version)

    def _record(self, team: int, action: Action, state: GameState) -> None:
        t = self.teams[team]
        if t.writer is not None:
            t.writer.append(action, state)  # fsync'ed when this returns
        t.actions.append(action)
        t.state = state  # readers see it once it is on disk

    def _run_computers(self, team: int) -> list[GameEvent]:
        """The computer peers take every turn that is theirs, until a person must act."""
        if not self.computers:
            return []
        events: list[GameEvent] = []
        for _ in range(MAX_COMPUTER_TURNS):
            state = self.teams[team].state
            for role in whose_turn(state):
                if role == ROOM or state.seat(role) != "computer":
                    continue
                action = peers.decide(state, role)
                if action is None:
                    continue
                after, new = apply(state, action)
                self._record(team, action, after)
                events += new
                break
            else:
                return events
        return events

    def _rotate(self) -> None:
        """With several teams, hand the projector to the team furthest behind."""
        if len(self.teams) < 2:
            return
        stages = [stage_key(t.state) for t in self.teams]
        behind = [i for i, st in enumerate(stages) if st < stages[self.team]]
        if behind:
            self.team = behind[0]
            self.team_turn = True
            self._tell(Change(self.team, self.state.version, "rotated"))

    def _tell(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)


__all__ = ["ROOM_SEAT", "Change", "Move", "Moves", "Outcome", "Seat", "SeatError", "Table", "Team"]
