"""What a seat may do now: the engine's legal actions, grouped by kind, with the words to show.

`moves_for(state, seat)` is built from `legal_actions` and never recomputes a rule. Every move
the engine lists is there, in the engine's order; a few the room expects to see even when the
rules refuse them (the next click, "Lock three", "Trade off" with no capacity, support for a
green report, …) are there too, marked `refused` with the engine's own reason — the front end
may show them greyed out, never send them. Some legal actions are templates (typed text, the
key results picked, the cards merged): their `blanks` say what the front end fills in, and
`Move.fill` fills them; the engine judges the result when it is played. See docs/architecture.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from game.engine import ROOM, Action, GameState, Rejection, apply, legal_actions
from game.engine.actions import (
    ANSWERS,
    REACTIONS,
    ActOnKpi,
    Advance,
    AnswerThrowback,
    Correct,
    Keep,
    Lock,
    Merge,
    PickKeyResults,
    React,
    Translate,
    Undo,
)
from game.engine.cascade import MAX_TYPED
from game.engine.priorities import MAX_KRS, MIN_KRS, key_result_pool, on_board, open_ids, to_lock
from game.session.move_words import words_for, words_for_objective


@dataclass(frozen=True)
class Seat:
    """Who acts: a role id, or ROOM (the facilitator's seat: the team's shared decisions), in
    one of the teams at the table (0 for the first)."""

    role: str = ROOM
    team: int = 0


ROOM_SEAT = Seat()


class SeatError(ValueError):
    """A seat the table does not have (no such role, no such team)."""


@dataclass(frozen=True)
class Option:
    """One thing a blank may be filled with (a key result, a KPI to fold in, a card to merge).

    `needs`: the option makes sense only beside one of these (a KPI folds in only with a key
    result that overlaps it); the engine still judges the whole move."""

    id: str
    label: str
    detail: str = ""
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Blank:
    """A field of a template move the front end fills in: free text (`options` empty, `most`
    characters) or a pick of `least`..`most` of the `options` (ids)."""

    field: str
    least: int
    most: int
    options: tuple[Option, ...] = ()

    @property
    def is_text(self) -> bool:
        """Free text rather than a pick."""
        return not self.options


@dataclass(frozen=True)
class Move:
    """One thing a seat may do now (or sees, refused, with the engine's reason)."""

    action: Action  # as the engine listed it (a template when it has blanks)
    label: str  # the words on the button or card
    detail: str = ""  # the longer words: the sentence behind it
    refused: str = ""  # the engine's reason, when the rules refuse this move now
    blanks: tuple[Blank, ...] = ()
    version: int = 0  # the state's version the move was offered on

    @property
    def kind(self) -> str:
        """The action's kind (`vote`, `translate`, …)."""
        return self.action.kind

    @property
    def allowed(self) -> bool:
        """The rules allow it now (it is one of the engine's legal actions)."""
        return not self.refused

    def blank(self, field: str) -> Blank | None:
        """The blank for a field, if the move has one."""
        return next((b for b in self.blanks if b.field == field), None)

    def fill(self, **values: Any) -> Move:
        """The same move with its blanks filled in (lists become tuples). Only blanks may be
        filled; the engine judges the values when the move is played."""
        fields = {b.field for b in self.blanks}
        unknown = set(values) - fields
        if unknown:
            raise ValueError(f"'{self.kind}' has no blank {', '.join(sorted(unknown))}")
        given = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        return dataclasses.replace(self, action=dataclasses.replace(self.action, **given))


@dataclass(frozen=True)
class Moves:
    """Every move of one seat now, grouped by kind in the engine's order."""

    seat: Seat
    version: int
    groups: tuple[tuple[str, tuple[Move, ...]], ...]

    def __iter__(self) -> Iterator[Move]:
        for _, moves in self.groups:
            yield from moves

    def __len__(self) -> int:
        return sum(len(m) for _, m in self.groups)

    def kinds(self) -> list[str]:
        """The kinds present, in order."""
        return [k for k, _ in self.groups]

    def of(self, kind: str) -> tuple[Move, ...]:
        """The moves of one kind (allowed and refused)."""
        return next((m for k, m in self.groups if k == kind), ())

    def allowed(self) -> list[Move]:
        """The moves the rules allow now: exactly the engine's legal actions."""
        return [m for m in self if m.allowed]

    def find(self, kind: str, **fields: Any) -> Move | None:
        """The first move of a kind whose action has these field values."""
        for m in self.of(kind):
            if all(getattr(m.action, k) == v for k, v in fields.items()):
                return m
        return None


def same_move(a: Action, b: Action) -> bool:
    """The same move, whoever took it and however long it took (`by` and `ms` aside)."""
    return type(a) is type(b) and _plain(a) == _plain(b)


def _plain(action: Action) -> Action:
    """The action as a person took it at once (`by` and `ms` aside): equal for the same move."""
    if action.by == "person" and action.ms == 0:
        return action  # as the engine lists it: nothing to set
    return dataclasses.replace(action, by="person", ms=0)


def moves_for(state: GameState, seat: Seat) -> Moves:
    """The seat's moves on this state (see the module's docstring)."""
    legal = [a for a in legal_actions(state, seat.role) if not isinstance(a, Undo)]
    groups: dict[str, list[Move]] = {}
    for action in legal:
        groups.setdefault(action.kind, []).append(_move(state, action))
    offered = {_plain(a) for a in legal}
    for action in _shown_when_refused(state, seat.role, legal):
        if _plain(action) in offered:
            continue
        try:
            apply(state, action)
        except Rejection as no:
            groups.setdefault(action.kind, []).append(_move(state, action, no.message))
    return Moves(seat, state.version, tuple((k, tuple(v)) for k, v in groups.items()))


def _move(state: GameState, action: Action, refused: str = "") -> Move:
    label, detail = words_for(state, action)
    return Move(action, label, detail, refused, _blanks(state, action), state.version)


def _blanks(state: GameState, action: Action) -> tuple[Blank, ...]:
    """What a template leaves to fill (typed text, the key results, the cards merged)."""
    s = state.scenario
    if isinstance(action, Translate) and action.choice == "typed":
        return (Blank("text", 1, MAX_TYPED),)
    if isinstance(action, PickKeyResults):
        chosen = state.chosen_objective(action.objective)
        pool = key_result_pool(state, chosen)
        krs = [s.key_result(k).model for k in pool]  # (objective, key result)
        picks = tuple(Option(kr.id, kr.label, kr.sentence) for kr in krs)
        folds = []
        for kpi in s.kpis:
            overlapping = tuple(kr.id for kr in krs if kr.overlaps_kpi == kpi.id)
            if overlapping:
                folds.append(Option(kpi.id, kpi.name, "", overlapping))
        return (
            Blank("key_results", MIN_KRS, MAX_KRS, picks),
            Blank("fold", 0, len(folds), tuple(folds)),
        )
    if isinstance(action, Merge):
        ids = open_ids(state)
        cards = tuple(Option(o, s.objective(o).label, s.objective(o).sentence) for o in ids)
        return (Blank("objectives", 2, len(ids), cards),)
    if isinstance(action, Keep):
        board = tuple(Option(o, *words_for_objective(state, o)) for o in on_board(state))
        n = to_lock(state)
        return (Blank("objectives", n, n, board),)
    return ()


def _shown_when_refused(state: GameState, role: str, legal: list[Action]) -> list[Action]:
    """Moves the room expects to see even when the rules refuse them now (the table asks the
    engine for the reason): the next click, locking, and the other answers, reactions and
    decisions on the things the seat is deciding."""
    out: list[Action] = []
    if role == ROOM and state.phase != "over":
        out.append(Advance())
        if state.phase == "priorities" and state.step == "debate":
            out.append(Lock())
        if state.phase == "quarter" and state.step == "discuss":
            out += [Correct(key_result=k.id) for k in state.key_results if k.named_week is not None]
    for a in legal:
        if isinstance(a, React):
            out += [dataclasses.replace(a, reaction=r) for r in REACTIONS]
        elif isinstance(a, AnswerThrowback):
            out += [dataclasses.replace(a, answer=x) for x in ANSWERS]
        elif isinstance(a, ActOnKpi):
            out.append(dataclasses.replace(a, act=True))
    return list(dict.fromkeys(out))
