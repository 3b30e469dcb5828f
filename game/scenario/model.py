"""The scenario model: everything a designer writes in a scenario file (docs/authoring.md).

Every model is frozen and forbids unknown keys. Field-level rules live here; rules that
relate one part of a scenario to another (ids that must exist, counts per role) live in
`references.py`, so that each problem can point at the exact value in the file.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from game.scenario.text_rules import text_problem

MAX_QUARTERS = 4  # the most quarters one session plays


def _one_line(value: str) -> str:
    """The text rule (docs/scenario-format.md, "What text may hold") for one-line text."""
    problem = text_problem(value)
    if problem is not None:
        raise PydanticCustomError("text_character", "{problem}", {"problem": problem})
    return value


def _long_text(value: str) -> str:
    """The text rule for long text, where line breaks and tabs are allowed."""
    problem = text_problem(value, multiline=True)
    if problem is not None:
        raise PydanticCustomError("text_character", "{problem}", {"problem": problem})
    return value


OneLine = AfterValidator(_one_line)
LongText = AfterValidator(_long_text)

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$"),
    Field(description="An identifier: lower-case letters, digits and _, starting with a letter."),
]
Label = Annotated[
    str,
    StringConstraints(min_length=1, max_length=40, strip_whitespace=True),
    OneLine,
    Field(description="A short label for the projector board: 40 characters at most."),
]
Sentence = Annotated[
    str,
    StringConstraints(min_length=1, max_length=400, strip_whitespace=True),
    OneLine,
    Field(description="The full sentence, shown on focus and in the debrief."),
]
Text = Annotated[
    str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True), LongText
]
Word = Annotated[
    str, StringConstraints(min_length=1, max_length=40, strip_whitespace=True), OneLine
]
Unit = Annotated[
    str, StringConstraints(min_length=1, max_length=20, strip_whitespace=True), OneLine
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=80), OneLine]
Share = Annotated[float, Field(ge=0.0, le=1.0)]

KpiCategory = Literal["revenue", "customer", "employee", "operating", "financial"]
ObjectiveType = Literal["change", "kpi_target", "kpi_bundle", "maintenance", "vague"]
KeyResultKind = Literal["real", "activity", "kpi_copy"]
Difficulty = Literal["easy", "medium", "hard"]
TranslationQuality = Literal["translation", "vague", "misaligned"]
PlayedBy = Literal["person", "computer"]


class Part(BaseModel):
    """Base of every scenario part: frozen, unknown keys forbidden."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False
    )


class Meta(Part):
    """Who wrote the scenario and what it is."""

    id: Id = Field(description="The scenario's id, unique within a library.")
    title: Name = Field(description="The scenario's title as shown on the title screen.")
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")] = Field(
        description="The scenario's own version, such as 1.0 or 1.2.3."
    )
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = (
        Field(default="en", description="The language of the text, as a BCP 47 tag such as en.")
    )
    estimated_minutes: int = Field(
        ge=15, le=600, description="How long a facilitated session takes, in minutes."
    )
    authors: list[Name] = Field(min_length=1, description="Who wrote the scenario.")


class Theme(Part):
    """A strategic theme, with the words that show a translation is about it."""

    id: Id
    name: Label
    keywords: list[Word] = Field(
        min_length=3, description="Words that signal this theme in a typed translation."
    )


class Company(Part):
    """The company the team runs for a quarter."""

    name: Name = Field(description="The company's name.")
    story: Text = Field(description="The briefing: where the company stands and why now.")
    strategy: Sentence = Field(description="The strategy in one sentence a child could explain.")
    themes: list[Theme] = Field(
        min_length=1, max_length=8, description="The strategic themes the strategy names."
    )


class Level(Part):
    """One level of the organisation, from the top down."""

    id: Id
    title: Label


class Role(Part):
    """A seat at the table (or further down the cascade)."""

    id: Id
    title: Label
    level: Id = Field(description="The id of the level this role sits on.")
    reports_to: Id | None = Field(
        default=None,
        description="The role one level up that this role translates from; none on the top level.",
    )
    played_by: PlayedBy = Field(
        default="computer", description="Who plays the role unless the session says otherwise."
    )
    vocabulary: list[Word] = Field(
        min_length=3,
        description="Words of this role's function, used to judge whether a typed translation "
        "is local.",
    )


class Band(Part):
    """The healthy band of a KPI."""

    low: float = Field(description="The lowest healthy value.")
    high: float = Field(description="The highest healthy value.")

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.low >= self.high:
            raise ValueError(f"low ({self.low:g}) must be below high ({self.high:g})")
        return self


class Kpi(Part):
    """A health metric of the business the team already runs."""

    id: Id
    name: Label
    unit: Unit = Field(description="The unit the KPI is measured in, such as % or £k.")
    category: KpiCategory = Field(description="Which part of the business it watches.")
    owner: Id | None = Field(default=None, description="The role that answers for this KPI.")
    current: float = Field(description="The value at the start of the quarter.")
    band: Band = Field(description="The healthy band; outside it the KPI needs an action.")
    drift: float = Field(
        default=0.0, description="Expected change per month when nobody acts, in the KPI's unit."
    )
    noise: float = Field(
        default=0.0, ge=0.0, description="Standard deviation of the monthly change, in the unit."
    )


class KeyResult(Part):
    """A key result in an objective's pool: a real one, or a decoy."""

    id: Id
    label: Label
    sentence: Sentence
    kind: KeyResultKind = Field(
        default="real",
        description="real: measures the change; activity: an output, not an outcome; "
        "kpi_copy: a KPI already tracked elsewhere.",
    )
    owner: Id | None = Field(
        default=None, description="The role that reports on it; the objective's first advocate."
    )
    milestone: bool = Field(default=False, description="Done or not done, instead of a number.")
    baseline: float | None = Field(default=None, description="The value at the start.")
    target: float | None = Field(default=None, description="The value that counts as hit.")
    unit: Unit | None = Field(default=None, description="The unit of baseline and target.")
    difficulty: Difficulty = Field(
        default="medium", description="How hard the target is for a well-translated objective."
    )
    overlaps_kpi: Id | None = Field(
        default=None, description="A KPI this key result overlaps; it can be folded in."
    )

    @model_validator(mode="after")
    def _measure(self) -> KeyResult:
        if self.milestone:
            if self.baseline is not None or self.target is not None:
                raise ValueError("a milestone key result has no baseline or target")
        else:
            missing = [n for n in ("baseline", "target", "unit") if getattr(self, n) is None]
            if missing:
                raise ValueError(
                    "a numeric key result needs " + ", ".join(missing) + " (or milestone: true)"
                )
            if self.baseline == self.target:
                raise ValueError(f"target equals baseline ({self.target:g}): nothing would move")
        return self


class TranslationCard(Part):
    """One way a role could translate an objective for its part of the business."""

    label: Label
    sentence: Sentence
    quality: TranslationQuality = Field(
        description="Hidden: translation (real and local), vague (a slogan) or misaligned."
    )


class Throwback(Part):
    """A catchball constraint a lower role throws back up ("only if we pause the ERP upgrade")."""

    role: Id = Field(description="The role that throws it back.")
    label: Label
    sentence: Sentence
    key_result: Id | None = Field(
        default=None, description="The key result at risk if the constraint is accepted as a risk."
    )
    risk: Share = Field(
        default=0.3, description="Chance the accepted risk strikes during the quarter."
    )
    impact: float = Field(
        default=-0.3,
        ge=-1.0,
        le=0.0,
        description="Velocity change of the key result if it strikes.",
    )


class Objective(Part):
    """A candidate objective on the priorities board."""

    id: Id
    label: Label
    sentence: Sentence
    type: ObjectiveType = Field(
        description="change: a real change; the rest are decoys (kpi_target, kpi_bundle, "
        "maintenance, vague)."
    )
    themes: list[Id] = Field(default_factory=list, description="Ids of the themes it serves.")
    advocates: list[Id] = Field(min_length=1, description="Roles that argue for it.")
    impact: float = Field(
        ge=0.0, le=10.0, description="Strategic impact when fully achieved, 0 to 10."
    )
    keywords: list[Word] = Field(
        default_factory=list, description="Words that signal this objective in typed text."
    )
    key_results: list[KeyResult] = Field(
        min_length=3, description="The pool to pick 3–5 from: real key results plus decoys."
    )
    translations: dict[Id, list[TranslationCard]] = Field(
        default_factory=dict, description="Translation cards per role id below the top level."
    )
    throwbacks: list[Throwback] = Field(
        default_factory=list, description="Catchball constraints lower roles may throw back."
    )


class Effect(Part):
    """What an event does to one key result or KPI."""

    target: Id = Field(description="A key result id or a KPI id.")
    velocity: float = Field(
        default=0.0, ge=-1.0, le=2.0, description="Relative change of its weekly velocity."
    )
    shift: float = Field(default=0.0, description="An immediate jump, in the target's unit.")


class Event(Part):
    """Something that happens during the quarter."""

    id: Id
    label: Label
    narrative: Sentence
    week: int | None = Field(default=None, ge=1, le=13, description="A scripted week.")
    probability: Share | None = Field(default=None, description="A chance per week instead.")
    effects: list[Effect] = Field(min_length=1, description="What it does when it strikes.")

    @model_validator(mode="after")
    def _when(self) -> Event:
        if (self.week is None) == (self.probability is None):
            raise ValueError("give exactly one of week (scripted) or probability (per week)")
        return self


class PeerLines(Part):
    """What a computer peer says in the room."""

    support: list[Sentence] = Field(min_length=1, description="Said when supporting bad news.")
    challenge: list[Sentence] = Field(min_length=1, description="Said when challenging a report.")
    blame: list[Sentence] = Field(min_length=1, description="Said when blaming bad news.")
    bad_news: list[Sentence] = Field(min_length=1, description="Said when reporting a red.")
    good_news: list[Sentence] = Field(min_length=1, description="Said when reporting a green.")
    advocate: list[Sentence] = Field(min_length=1, description="Said when arguing a pet priority.")


class Peer(Part):
    """The personality of a role when the computer plays it."""

    role: Id
    candour: Share = Field(description="How freely it names bad news, 0 to 1.")
    status_sensitivity: Share = Field(description="How much losing face hurts, 0 to 1.")
    influence: Share = Field(description="How much the room listens to it, 0 to 1.")
    pet_priorities: list[Id] = Field(default_factory=list, description="Objective ids it pushes.")
    lines: PeerLines = Field(description="What the peer says in the room, by moment.")


class WarmupCard(Part):
    """A card for the "KPI or OKR?" rapid sort."""

    statement: Sentence
    answer: Literal["kpi", "okr"] = Field(description="The right answer: kpi or okr.")
    why: Sentence


class Vocabulary(Part):
    """Words for judging typed translations."""

    vague: list[Word] = Field(
        min_length=3, description="Slogan words that make a translation vague."
    )


class Priorities(Part):
    """How the priorities debate runs."""

    votes_per_role: int = Field(
        default=3, ge=1, le=6, description="Shortlist votes each role at the table places."
    )
    rounds: int = Field(default=3, ge=1, le=10, description="Debate rounds budgeted.")
    minutes: int = Field(default=25, ge=5, le=120, description="Minutes budgeted.")


class Quarter(Part):
    """The length and rhythm of the quarter."""

    weeks: Literal[12, 13] = Field(default=12, description="Weeks in the quarter.")
    checkin_every: int = Field(default=1, ge=1, le=4, description="Weeks between check-ins.")
    capacity: int = Field(
        default=6, ge=1, le=30, description="Capacity points for corrective actions."
    )
    kpi_review_weeks: list[Annotated[int, Field(ge=1, le=13)]] = Field(
        default=[4, 8, 12], description="Weeks that end with the monthly KPI review."
    )
    quarters: int | None = Field(
        default=None,
        ge=1,
        le=MAX_QUARTERS,
        description="How many quarters a session plays unless the facilitator says otherwise "
        "(1 to 4; 1 when not given). After each quarter but the last the room keeps, rewrites or "
        "replaces each objective.",
    )

    @model_serializer(mode="wrap")
    def _without_unset_quarters(self, handler: Any) -> Any:
        """`quarters` left out of the model's data when not given: the canonical JSON, and so
        the identity, of a scenario written before it existed stays what it was."""
        data = handler(self)
        if isinstance(data, dict) and data.get("quarters") is None:
            data.pop("quarters", None)
        return data


class Weights(Part):
    """Weights of the four score components (each 0.1–0.4, summing to 1)."""

    focus: float = Field(default=0.25, ge=0.1, le=0.4, description="Weight of Focus (B1).")
    translation: float = Field(
        default=0.25, ge=0.1, le=0.4, description="Weight of Translation (B2)."
    )
    candour: float = Field(default=0.25, ge=0.1, le=0.4, description="Weight of Candour (B3).")
    outcome: float = Field(default=0.25, ge=0.1, le=0.4, description="Weight of Outcome.")

    @model_validator(mode="after")
    def _sum_to_one(self) -> Weights:
        weights = {n: getattr(self, n) for n in ("focus", "translation", "candour", "outcome")}
        total = sum(weights.values())
        if abs(total - 1.0) > 1e-6:
            excess = total - 1.0
            named = ", ".join(f"{n} {w:g}" for n, w in weights.items())
            # One weight to change: the largest (smallest) that stays within 0.1-0.4.
            fixes = [
                f"{'lower' if excess > 0 else 'raise'} {n} to {round(w - excess, 4):g}"
                for n, w in sorted(weights.items(), key=lambda x: -x[1] if excess > 0 else x[1])
                if 0.1 - 1e-9 <= w - excess <= 0.4 + 1e-9
            ]
            how = fixes[0] if fixes else f"change them by {-excess:+g} in all, each 0.1 to 0.4"
            raise ValueError(
                f"the weights ({named}) sum to {round(total, 4):g}, not 1: {how} "
                f"({'over' if excess > 0 else 'under'} by {abs(round(excess, 4)):g})"
            )
        return self


class Scenario(Part):
    """One self-contained scenario file."""

    meta: Meta = Field(description="The scenario's id, title, version and authors.")
    company: Company = Field(description="The company, its story and its strategy.")
    levels: list[Level] = Field(min_length=2, max_length=5, description="From the top down.")
    roles: list[Role] = Field(
        min_length=2, max_length=40, description="Every seat, at the table and down the cascade."
    )
    kpis: list[Kpi] = Field(
        min_length=5, max_length=9, description="The health dashboard of the business."
    )
    objectives: list[Objective] = Field(
        min_length=4, max_length=20, description="Candidate objectives: real changes and decoys."
    )
    vocabulary: Vocabulary = Field(description="Words the judge of typed translations uses.")
    events: list[Event] = Field(
        default_factory=list, max_length=60, description="What may happen in the quarter."
    )
    peers: list[Peer] = Field(
        default_factory=list, description="Personalities of the roles the computer plays."
    )
    warmup: list[WarmupCard] = Field(
        default_factory=list, max_length=40, description="Cards for the KPI-or-OKR warm-up."
    )
    priorities: Priorities = Field(
        default_factory=Priorities, description="Votes, rounds and minutes of the debate."
    )
    quarter: Quarter = Field(
        default_factory=Quarter, description="The quarter's length and rhythm."
    )
    scoring: Weights = Field(default_factory=Weights, description="Weights of the four scores.")

    _index: ScenarioIndex = PrivateAttr()

    def model_post_init(self, context: Any, /) -> None:
        """Build the lookups once, with the model (it is frozen, so they never go stale)."""
        self._index = ScenarioIndex(self)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Scenario:
        """A copy, with lookups of its own (an updated copy must not answer from the old)."""
        copy = super().model_copy(update=update, deep=deep)
        copy._index = ScenarioIndex(copy)
        return copy

    # Lookups used by the engine, answered from the index. Each keeps the first match, like a
    # linear search.
    def role(self, role_id: str) -> Role:
        """The role with this id."""
        found = index(self).roles.get(role_id)
        if found is None:
            raise StopIteration
        return found

    def objective(self, objective_id: str) -> Objective:
        """The candidate objective with this id."""
        found = index(self).objectives.get(objective_id)
        if found is None:
            raise StopIteration
        return found

    def key_result(self, kr_id: str) -> Pooled:
        """The key result with this id, and the objective whose pool holds it."""
        found = index(self).key_results.get(kr_id)
        if found is None:
            raise KeyError(kr_id)
        return found

    def kpi(self, kpi_id: str) -> Kpi:
        """The KPI with this id."""
        found = index(self).kpis.get(kpi_id)
        if found is None:
            raise StopIteration
        return found

    def peer(self, role_id: str) -> Peer | None:
        """The peer profile of a role, if it has one."""
        return index(self).peers.get(role_id)

    def roles_on(self, level_id: str) -> list[Role]:
        """The roles on a level, in file order."""
        return list(index(self).roles_on.get(level_id, ()))


class Pooled(NamedTuple):
    """A key result as the scenario writes it (`model`), and the objective whose pool holds it."""

    objective: Objective
    model: KeyResult

    @property
    def owner(self) -> str:
        """The role that owns it: its own `owner`, else the first advocate of its objective."""
        return self.model.owner or self.objective.advocates[0]


class ScenarioIndex:
    """Dictionaries over one scenario's ids, and the values derived from it once.

    Built with the scenario (`Scenario.model_post_init`) and held by it as a private attribute,
    so it lives exactly as long as the scenario and there is no module-level table. Scenarios are
    frozen models, so nothing here goes stale. Besides the lookups it holds two derived values,
    filled on first use: `hash` (the scenario's identity, `loader.scenario_hash`) and `engine`
    (what the engine derives from a scenario: `game.engine.state.ScenarioDerived`).
    """

    __slots__ = (
        "engine",
        "hash",
        "key_results",
        "kpis",
        "objectives",
        "peers",
        "roles",
        "roles_on",
    )

    def __init__(self, s: Scenario) -> None:
        self.roles: dict[str, Role] = {}
        self.objectives: dict[str, Objective] = {}
        self.key_results: dict[str, Pooled] = {}
        self.peers: dict[str, Peer] = {}
        self.kpis: dict[str, Kpi] = {}
        self.roles_on: dict[str, tuple[Role, ...]] = {}
        self.hash: str | None = None
        self.engine: Any = None
        for r in s.roles:
            self.roles.setdefault(r.id, r)
            self.roles_on[r.level] = (*self.roles_on.get(r.level, ()), r)
        for o in s.objectives:
            self.objectives.setdefault(o.id, o)
            for kr in o.key_results:
                self.key_results.setdefault(kr.id, Pooled(o, kr))
        for peer in s.peers:
            self.peers.setdefault(peer.role, peer)
        for kpi in s.kpis:
            self.kpis.setdefault(kpi.id, kpi)


def index(s: Scenario) -> ScenarioIndex:
    """The index of a scenario (built with it)."""
    return s.__pydantic_private__["_index"]
