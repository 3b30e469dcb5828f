"""Every move a player, the facilitator or the computer can make, as plain frozen data.

Actions are what the session log stores: `to_dict` / `from_dict` round-trip them through JSON.
`role` is who acts: a role id, or `ROOM` for a decision the team takes together (locking,
dropping, advancing the week). `by` says whether a person or the computer took it (undo
reverts the last person's action and the computer's actions after it). `ms` is how long the
decision took; the engine never reads a clock.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

ROOM = "room"
By = Literal["person", "computer"]
DropReason = Literal["not_a_change", "not_our_strategy", "no_capacity", "next_quarter"]
TranslationChoice = Literal["card", "copy", "typed"]
ReactionKind = Literal["support", "challenge", "blame"]
ThrowbackAnswer = Literal["trade_off", "rescope", "accept"]
QuarterlyAnswerKind = Literal["keep", "rewrite", "replace"]

DROP_REASONS: tuple[str, ...] = ("not_a_change", "not_our_strategy", "no_capacity", "next_quarter")
REACTIONS: tuple[str, ...] = ("support", "challenge", "blame")
ANSWERS: tuple[str, ...] = ("trade_off", "rescope", "accept")
QUARTERLY_ANSWERS: tuple[str, ...] = ("keep", "rewrite", "replace")


@dataclass(frozen=True)
class Action:
    """Base of every action."""

    kind: ClassVar[str] = ""
    role: str = ROOM
    by: By = "person"
    ms: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The action as JSON-ready data, with its kind."""
        data = {"kind": self.kind}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            data[f.name] = list(value) if isinstance(value, tuple) else value
        return data


@dataclass(frozen=True)
class SortCard(Action):
    """Answer one warm-up card: is it a KPI or an OKR?"""

    kind: ClassVar[str] = "sort_card"
    card: int = 0
    answer: Literal["kpi", "okr"] = "kpi"


@dataclass(frozen=True)
class Vote(Action):
    """One shortlist vote by a role at the table for a candidate objective."""

    kind: ClassVar[str] = "vote"
    objective: str = ""


@dataclass(frozen=True)
class TestCard(Action):
    """Put the first question to a card: if we hit every KR, is the business different?"""

    kind: ClassVar[str] = "test_card"
    __test__: ClassVar[bool] = False  # not a pytest test class, despite its name
    objective: str = ""


@dataclass(frozen=True)
class Argue(Action):
    """The advocate makes the case for a card in front of the room."""

    kind: ClassVar[str] = "argue"
    objective: str = ""


@dataclass(frozen=True)
class Drop(Action):
    """Drop a candidate, naming the reason."""

    kind: ClassVar[str] = "drop"
    objective: str = ""
    reason: DropReason = "not_a_change"


@dataclass(frozen=True)
class Keep(Action):
    """Keep three objectives (open cards or merges) and drop every other one, all with one
    reason: the same drops, one by one, that `Drop` makes (an unheard card's advocates resent
    it just the same)."""

    kind: ClassVar[str] = "keep"
    objectives: tuple[str, ...] = ()
    reason: DropReason = "not_a_change"


@dataclass(frozen=True)
class Merge(Action):
    """Fold several candidates into one softened objective that keeps every advocate happy."""

    kind: ClassVar[str] = "merge"
    objectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class EndRound(Action):
    """Close a debate round (rounds are budgeted; decision speed is scored)."""

    kind: ClassVar[str] = "end_round"


@dataclass(frozen=True)
class Lock(Action):
    """Lock the three objectives that remain."""

    kind: ClassVar[str] = "lock"


@dataclass(frozen=True)
class PickKeyResults(Action):
    """Choose 3–5 key results for a locked objective, folding overlapping KPIs in."""

    kind: ClassVar[str] = "pick_key_results"
    objective: str = ""
    key_results: tuple[str, ...] = ()
    fold: tuple[str, ...] = ()


@dataclass(frozen=True)
class Translate(Action):
    """A role says what an objective means for its part of the business."""

    kind: ClassVar[str] = "translate"
    objective: str = ""
    choice: TranslationChoice = "card"
    card: int = -1
    text: str = ""


@dataclass(frozen=True)
class ThrowBack(Action):
    """Catchball: a lower role throws a constraint back up to the role above."""

    kind: ClassVar[str] = "throw_back"
    objective: str = ""
    throwback: int = 0


@dataclass(frozen=True)
class AnswerThrowback(Action):
    """The role above answers a constraint: trade off, re-scope a KR, or accept the risk."""

    kind: ClassVar[str] = "answer_throwback"
    objective: str = ""
    throwback: int = 0
    answer: ThrowbackAnswer = "accept"


@dataclass(frozen=True)
class Report(Action):
    """An owner's public confidence, 0–10, that a key result will be hit."""

    kind: ClassVar[str] = "report"
    key_result: str = ""
    confidence: int = 5


@dataclass(frozen=True)
class React(Action):
    """A role at the table reacts to a report: support, challenge, or blame."""

    kind: ClassVar[str] = "react"
    key_result: str = ""
    reaction: ReactionKind = "support"


@dataclass(frozen=True)
class Correct(Action):
    """Spend capacity on a corrective action for a named problem."""

    kind: ClassVar[str] = "correct"
    key_result: str = ""


@dataclass(frozen=True)
class ActOnKpi(Action):
    """At a monthly review, act on an out-of-band KPI (or leave it, knowingly)."""

    kind: ClassVar[str] = "act_on_kpi"
    kpi: str = ""
    act: bool = True


@dataclass(frozen=True)
class Advance(Action):
    """The next click: close the current step once it is complete (briefing, warm-up,
    shortlist, key results, cascade, a check-in, the review)."""

    kind: ClassVar[str] = "advance"


@dataclass(frozen=True)
class ReviewObjective(Action):
    """At the quarterly review: is this objective still the right one?"""

    kind: ClassVar[str] = "review_objective"
    objective: str = ""
    still_right: bool = True


@dataclass(frozen=True)
class AnswerQuarterly(Action):
    """The quarterly question, after a quarter's review when quarters remain: keep the
    objective (its key results and cascade), rewrite it (new key results, the same objective
    and cascade) or replace it (back to the candidates: a new pick and a new cascade)."""

    kind: ClassVar[str] = "answer_quarterly"
    objective: str = ""
    answer: QuarterlyAnswerKind = "keep"


@dataclass(frozen=True)
class Undo(Action):
    """Revert the last action a person took, and the computer's actions that followed it."""

    kind: ClassVar[str] = "undo"


ACTION_TYPES: dict[str, type[Action]] = {
    cls.kind: cls
    for cls in (
        SortCard,
        Vote,
        TestCard,
        Argue,
        Drop,
        Keep,
        Merge,
        EndRound,
        Lock,
        PickKeyResults,
        Translate,
        ThrowBack,
        AnswerThrowback,
        Report,
        React,
        Correct,
        ActOnKpi,
        Advance,
        ReviewObjective,
        AnswerQuarterly,
        Undo,
    )
}


def by_kind(actions: Iterable[Action]) -> dict[str, list[Action]]:
    """Actions grouped by kind, each group in the order given (no action class extends another,
    so a group is exactly the actions of one class)."""
    groups: dict[str, list[Action]] = {}
    for a in actions:
        group = groups.get(a.kind)
        if group is None:
            groups[a.kind] = [a]
        else:
            group.append(a)
    return groups


def from_dict(data: dict[str, Any]) -> Action:
    """Rebuild an action from `to_dict` output; raises ValueError naming what is wrong."""
    if not isinstance(data, dict) or data.get("kind") not in ACTION_TYPES:
        raise ValueError(
            f"unknown action kind {data.get('kind') if isinstance(data, dict) else data!r}"
        )
    cls = ACTION_TYPES[data["kind"]]
    names = {f.name: f for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "kind":
            continue
        if key not in names:
            raise ValueError(f"action '{cls.kind}' has no field '{key}'")
        values[key] = tuple(value) if isinstance(value, list) else value
    return cls(**values)
