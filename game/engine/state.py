"""The game state: one playthrough, as frozen data that serialises to canonical JSON.

The state never changes in place: rules build a new state with `replace` (what
`dataclasses.replace` does, faster), sharing the parts that did not change. It holds the random
draws of the quarter (made once from the seed, see `simulation.py`), so replay is "start from
the first state and apply every logged action again". `scenario` and `prior` are references for
the rules and for undo; they are not part of the serialised state or of its hash (the scenario
is identified by its hash).

**Where derived values live.** What the rules work out from a state (its legal actions, whose
turn it is, this week's reports, …) is kept in that state's one cache, `state.derived` (a
`Derived`): a field that is never compared, serialised or hashed, given empty to every new state
(by its constructor and by `replace`), and filled on first use by the rule that needs the value.
What the engine works out from a scenario alone (the quarter's weeks, the actions it offers) is
kept once per scenario in a `ScenarioDerived`, on the scenario's index
(`game.scenario.model.ScenarioIndex`). Both are named attributes, listed and explained in their
class; there is no other cache in the engine, and no module-level state. (A `HashMemo` is held
by a caller that hashes one game's states one after another, see `state_hash`.)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from game.scenario.model import Scenario, index

Phase = Literal[
    "briefing", "warmup", "priorities", "cascade", "quarter", "review", "quarterly", "over"
]
Pressure = Literal["low", "normal", "high"]
PRESSURES: tuple[str, ...] = ("low", "normal", "high")
PRESSURE_FACTOR = {"low": 0.6, "normal": 1.0, "high": 1.5}


@dataclass(frozen=True)
class Candidate:
    """A candidate objective on the priorities board."""

    id: str
    status: Literal["open", "dropped", "merged", "locked"] = "open"
    votes: int = 0
    tested: bool = False
    argued: bool = False
    reason: str = ""


@dataclass(frozen=True)
class Chosen:
    """One of the three locked objectives: a candidate, or a merge of several."""

    id: str
    members: tuple[str, ...]
    key_results: tuple[str, ...] = ()
    fold: tuple[str, ...] = ()
    still_right: bool | None = None

    @property
    def merged(self) -> bool:
        """True for a vague merge of several candidates."""
        return len(self.members) > 1


@dataclass(frozen=True)
class Translation:
    """What one role said an objective means for its part of the business."""

    objective: str
    role: str
    choice: str
    card: int
    text: str
    parent_text: str
    quality: Literal["translation", "copy", "vague", "misaligned"]


@dataclass(frozen=True)
class ThrownBack:
    """A catchball constraint that was thrown back up, and its answer once given."""

    objective: str
    index: int
    role: str
    to_role: str
    answer: str = ""


class Forecast(NamedTuple):
    """One week of a key result's history: where it stood and its owner's forecast then."""

    week: int
    progress: float  # units of the original gap (a milestone: 1.0 once done, else 0.0)
    q: float  # the owner's private forecast: the model's chance of reaching the goal


class KpiWeek(NamedTuple):
    """A KPI's value in one week of its history (week 0, then each review)."""

    week: int
    value: float


@dataclass(frozen=True)
class KeyResultState:
    """The hidden truth of one chosen key result during the quarter (progress 0 → goal)."""

    id: str
    objective: str
    owner: str
    milestone: bool
    goal: float  # 1.0, or less after a re-scope
    progress: float  # 0 at the baseline, 1 at the original target
    velocity: float  # progress per week, as the owner knows it
    noise: float  # standard deviation of a week's progress
    hazard: float  # milestones: chance per week of completion
    done: bool = False
    named_week: int | None = None
    corrections: int = 0
    attention: float = 0.0  # the room's help until the next check-in, × required pace a week
    risk_hazard: float = 0.0  # an accepted or hidden catchball risk, per week
    risk_impact: float = 0.0
    draws: tuple[float, ...] = ()  # the quarter's weekly normal draws (or uniforms)
    risk_draws: tuple[float, ...] = ()
    history: tuple[Forecast, ...] = ()  # every week so far

    @property
    def latest(self) -> Forecast:
        """This week's entry of the history: where it stands, and its owner's forecast now."""
        return self.history[-1]


@dataclass(frozen=True)
class KpiState:
    """A KPI's value through the quarter."""

    id: str
    value: float
    drift: float
    noise: float
    acted: bool = False  # acted on at the last review: next month moves back toward the band
    ignored: int = 0  # reviews it was left out of band
    draws: tuple[float, ...] = ()
    history: tuple[KpiWeek, ...] = ()


@dataclass(frozen=True)
class ReportMade:
    """An owner's public confidence, next to the private forecast it was made against."""

    week: int
    key_result: str
    role: str
    confidence: int
    q: float
    credibility: float = 1.0  # the owner's credibility when the report was made


@dataclass(frozen=True)
class Reaction:
    """How a role at the table met a report."""

    week: int
    key_result: str
    role: str
    reaction: str
    uncovered: bool = False


@dataclass(frozen=True)
class GameState:
    """One playthrough of a scenario."""

    scenario: Scenario = field(compare=False, repr=False)
    scenario_hash: str
    seed: int
    pressure: Pressure
    seats: tuple[tuple[str, str], ...]  # (role, "person" | "computer")
    warmup_on: bool
    version: int = 0
    phase: Phase = "briefing"
    step: str = ""
    debate_round: int = 1
    warmup_answers: tuple[tuple[int, str, bool], ...] = ()
    votes: tuple[tuple[str, str], ...] = ()
    candidates: tuple[Candidate, ...] = ()
    chosen: tuple[Chosen, ...] = ()
    resentful: tuple[str, ...] = ()
    translations: tuple[Translation, ...] = ()
    thrown: tuple[ThrownBack, ...] = ()
    week: int = 0
    key_results: tuple[KeyResultState, ...] = ()
    kpis: tuple[KpiState, ...] = ()
    event_draws: tuple[tuple[str, tuple[float, ...]], ...] = ()
    events_struck: tuple[tuple[int, str], ...] = ()
    reports: tuple[ReportMade, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    corrections: tuple[tuple[int, str, str], ...] = ()  # (week, key result, role)
    kpi_decisions: tuple[tuple[int, str, bool], ...] = ()  # (week, kpi, acted)
    capacity: float = 0.0
    standing: tuple[tuple[str, float], ...] = ()
    candour: tuple[tuple[str, float], ...] = ()
    credibility: tuple[tuple[str, float], ...] = ()
    phase_ms: tuple[tuple[str, int], ...] = ()
    actions_in_phase: tuple[tuple[str, int], ...] = ()
    last_by: str = ""
    # Later quarters (docs/rules.md, "Later quarters"): serialised only when not at their
    # defaults (`LATER`), so a one-quarter game's canonical JSON and hash are what they were.
    quarter: int = 1  # this quarter, 1 to `quarters`
    quarters: int = 1  # how many quarters the session plays
    answers: tuple[tuple[str, str], ...] = ()  # the quarterly question: (objective, answer)
    past: tuple[GameState, ...] = ()  # each finished quarter as it stood when it closed
    prior: GameState | None = field(default=None, compare=False, repr=False)
    derived: Derived = field(default_factory=lambda: Derived(), compare=False, repr=False)

    # Small lookups the rules share.
    def seat(self, role: str) -> str:
        """Who plays a role: 'person' or 'computer'."""
        return dict(self.seats).get(role, "computer")

    def kr(self, kr_id: str) -> KeyResultState:
        """The state of a chosen key result."""
        return next(k for k in self.key_results if k.id == kr_id)

    def kpi(self, kpi_id: str) -> KpiState:
        """The state of a KPI."""
        return next(k for k in self.kpis if k.id == kpi_id)

    def candidate(self, objective_id: str) -> Candidate:
        """The board state of a candidate objective."""
        return next(c for c in self.candidates if c.id == objective_id)

    def chosen_objective(self, objective_id: str) -> Chosen:
        """A locked objective by id."""
        return next(c for c in self.chosen if c.id == objective_id)


class Derived:
    """The one cache of values derived from one state, each filled on first use by its rule.

    The state is frozen, so a value derived from it never goes stale. Each attribute is None
    until the rule that owns it fills it (the class attribute is the default, so an empty cache
    costs one small object per state). Only the engine reads or writes these.
    """

    legal: dict[str, tuple[Any, ...]] | None = None  # rules.legal_actions, by role
    whose_turn: tuple[str, ...] | None = None  # rules.whose_turn
    board: tuple[Any, dict[str, Candidate]] | None = None  # priorities: open ids, candidates
    translators: tuple[tuple[str, str], ...] | None = None  # cascade: (role, objective) in order
    translations: dict[tuple[str, str], Translation] | None = None  # cascade: by (role, objective)
    cascade_moves: dict[str, list[Any]] | None = None  # cascade: translations left, by role
    reports_due: tuple[tuple[str, str], ...] | None = None  # quarter: (owner, key result)
    this_week: tuple[ReportMade, ...] | None = None  # quarter: this check-in's reports, in order
    first_reports: dict[str, ReportMade] | None = None  # quarter: the first per key result
    reacted: dict[str, frozenset[str]] | None = None  # quarter: key results each role reacted to
    reactions_left: dict[str, tuple[Any, ...]] | None = None  # quarter: reactions, by role
    kpis_to_decide: tuple[str, ...] | None = None  # quarter: out-of-band KPIs not yet decided


class ScenarioDerived:
    """What the engine derives from a scenario alone, once per scenario (see `of_scenario`).

    Actions are frozen values, so one object serves every state that offers it.
    """

    table_roles: tuple[str, ...] | None = None  # the top two levels' roles
    level_order: list[str] | None = None  # level ids, top first
    weeks: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]] | None = None  # quarter:
    # (check-ins, KPI reviews, stops)
    advocates: dict[str, frozenset[str]] | None = None  # priorities: each objective's advocates
    debate_actions: tuple[dict[str, Any], dict[tuple[str, str], Any]] | None = None  # drops, merges
    keep_actions: tuple[Any, ...] | None = None  # priorities: keep three, one per drop reason
    report_actions: dict[tuple[str, str], tuple[Any, ...]] | None = None  # quarter: 0–10 reports
    reaction_actions: dict[tuple[str, str, bool], tuple[Any, ...]] | None = None  # quarter
    cascade_actions: dict[tuple[str, str, int], tuple[Any, ...]] | None = None  # cascade


def of_scenario(s: Scenario) -> ScenarioDerived:
    """The engine's derived values for a scenario (made on first use, kept on its index)."""
    found = index(s)
    if found.engine is None:
        found.engine = ScenarioDerived()
    return found.engine


def replace(obj: Any, /, **changes: Any) -> Any:
    """A copy of a frozen dataclass with some fields changed: `dataclasses.replace` for the
    engine's plain dataclasses (no `__post_init__`, no `init=False` fields), without running
    the generated `__init__` — the engine builds thousands of states a game. The new object's
    attributes are set before anyone can see it; an existing object is never written. A new
    state gets an empty `derived` cache: nothing derived from the old one carries over."""
    cls = type(obj)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = _plain_fields(cls)
    new = object.__new__(cls)
    values = new.__dict__
    values.update(obj.__dict__)
    values.update(changes)
    if cls is GameState and "derived" not in changes:
        values["derived"] = Derived()
    if len(values) != len(names):
        raise TypeError(f"{cls.__name__} has no field {sorted(set(changes) - names)[0]!r}")
    return new


# The field names of each class `replace` copies: a fact about the class, not about any game.
_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _plain_fields(cls: type) -> frozenset[str]:
    fields = dataclasses.fields(cls)
    plain = all(f.init for f in fields) and not hasattr(cls, "__post_init__")
    if not plain or hasattr(cls, "__slots__"):
        raise TypeError(f"replace() copies plain dataclasses only, not {cls.__name__}")
    return frozenset(f.name for f in fields)


def table_roles(s: Scenario) -> list[str]:
    """The roles at the table: the top two levels (they vote, own key results and react)."""
    return list(at_table(s))


def at_table(s: Scenario) -> tuple[str, ...]:
    """`table_roles` as the shared tuple (for the engine's own tests and loops: not a copy)."""
    derived = of_scenario(s)
    if derived.table_roles is None:
        top = {lv.id for lv in s.levels[:2]}
        derived.table_roles = tuple(r.id for r in s.roles if r.level in top)
    return derived.table_roles


def level_index(s: Scenario, role_id: str) -> int:
    """0 for the top level, 1 for the next, …"""
    derived = of_scenario(s)
    if derived.level_order is None:
        derived.level_order = [lv.id for lv in s.levels]
    return derived.level_order.index(s.role(role_id).level)


def get(pairs: tuple[tuple[str, Any], ...], key: str, default: Any = None) -> Any:
    """Read a value from a tuple of (key, value) pairs."""
    for k, v in pairs:
        if k == key:
            return v
    return default


def put(pairs: tuple[tuple[str, Any], ...], key: str, value: Any) -> tuple[tuple[str, Any], ...]:
    """A copy of the pairs with `key` set to `value` (order kept; new keys go last)."""
    for i, (k, _) in enumerate(pairs):
        if k == key:
            return (*pairs[:i], (k, value), *pairs[i + 1 :])
    return (*pairs, (key, value))


def swap(items: tuple[Any, ...], new: Any, key: str = "id") -> tuple[Any, ...]:
    """A copy of a tuple of dataclasses with the item of the same id replaced by `new`."""
    ident = getattr(new, key)
    return tuple(new if getattr(item, key) == ident else item for item in items)


NOT_SERIALISED = ("scenario", "prior", "derived")  # references and the cache: not the game
# The state's fields for later quarters, with their one-quarter values: serialised only when a
# state's value differs (a one-quarter game serialises, and hashes, as before they existed).
LATER: dict[str, Any] = {"quarter": 1, "quarters": 1, "answers": (), "past": ()}
_FIELDS: dict[type, tuple[str, ...]] = {}  # dataclass -> its serialised field names


def _fields(kind: type) -> tuple[str, ...]:
    """The serialised field names of a dataclass, looked up once per class (a state's later
    quarters' fields aside: `_state_fields`)."""
    names = _FIELDS.get(kind)
    if names is None:
        skip = (*NOT_SERIALISED, *LATER) if kind is GameState else NOT_SERIALISED
        names = tuple(f.name for f in dataclasses.fields(kind) if f.name not in skip)
        _FIELDS[kind] = names
    return names


def _state_fields(state: GameState) -> tuple[str, ...]:
    """A state's serialised field names: its class's, and those of `LATER` it has changed."""
    names = _fields(GameState)
    later = tuple(name for name, default in LATER.items() if getattr(state, name) != default)
    return (*names, *later) if later else names


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is tuple or kind is list:
        return [_plain(v) for v in value]
    if kind is float:
        if not math.isfinite(value):
            return str(value)
        return float(f"{value:.12g}")
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is GameState:
        return {name: _plain(getattr(value, name)) for name in _state_fields(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _fields(kind)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return _plain(float(value))
    return value


def to_json(state: GameState) -> dict[str, Any]:
    """The state as plain JSON data (floats rounded to 12 significant digits)."""
    return _plain(state)


def state_hash(state: GameState, memo: HashMemo | None = None) -> str:
    """sha256 of the state's canonical JSON: `json.dumps(to_json(state), sort_keys=True,
    separators=(",", ":"), ensure_ascii=False)`. With a `memo` (a caller hashing one game's
    states one after another) the frozen parts already met are not encoded again; the text
    and the hash are the same."""
    text = _canonical_text(to_json(state)) if memo is None else memo.text(state)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_canonical_text = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


class HashMemo:
    """The canonical JSON of the frozen parts (dataclasses and tuples) of the states hashed so
    far, by identity. A new state shares most of its parts with the one before it (`replace`
    keeps what did not change), so a session writer that hashes every state of its game keeps
    one of these and encodes only what changed. Held by the caller, never by the engine. A part
    longer than `LONGEST` characters is not kept (its own parts are): a tuple that grows by one
    item a move would be kept again after every move. It starts again past `MAX_CHARS`."""

    LONGEST = 4096
    MAX_CHARS = 4_000_000

    def __init__(self) -> None:
        self._parts: dict[int, tuple[Any, str]] = {}  # id -> (the part, kept alive; its text)
        self._chars = 0

    def text(self, state: GameState) -> str:
        """The state's canonical JSON (as `state_hash` writes it)."""
        if self._chars > self.MAX_CHARS:
            self._parts.clear()
            self._chars = 0
        return self._fields(state)  # the state itself is new every time: not kept

    def _fields(self, value: Any) -> str:
        kind = type(value)
        names = _sorted_fields(kind)
        if kind is GameState:
            fields = _state_fields(value)
            if fields is not _fields(kind):  # a later quarter's fields too
                names = tuple(sorted(fields))
        # sort_keys: the fields in name order; a field name needs no escaping
        return (
            "{" + ",".join([f'"{name}":{self._part(getattr(value, name))}' for name in names]) + "}"
        )

    def _part(self, value: Any) -> str:
        kind = type(value)
        frozen = kind is tuple or kind in _FIELDS or dataclasses.is_dataclass(kind)
        if not frozen:
            return _canonical_text(_plain(value))  # a leaf, a list, a named tuple
        known = self._parts.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if kind is tuple:
            text = "[" + ",".join([self._part(v) for v in value]) + "]"
        else:
            text = self._fields(value)
        if len(text) <= self.LONGEST:
            self._parts[id(value)] = (value, text)
            self._chars += len(text)
        return text


_SORTED: dict[type, tuple[str, ...]] = {}  # dataclass -> its serialised field names, sorted


def _sorted_fields(kind: type) -> tuple[str, ...]:
    names = _SORTED.get(kind)
    if names is None:
        names = _SORTED[kind] = tuple(sorted(_fields(kind)))
    return names
