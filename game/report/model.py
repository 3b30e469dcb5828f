"""The debrief report as plain data: what each game did, ready for any renderer.

Nothing here draws or writes; `build.py` fills these from replayed sessions, and the
renderers (`markdown.py`, `html.py`, `jsonout.py`) and the CLI's charts read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine.words import article, percent, plural

CHARTS = ("scores", "watermelon", "timeline")  # per session; "comparison" when several


@dataclass(frozen=True)
class Answered:
    """One chosen objective and the answers to the three questions (docs/report.md)."""

    label: str
    sentence: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class KeyResultWeeks:
    """One chosen key result through the quarter: what was reported, what was true, when."""

    id: str
    label: str
    objective: str
    owner: str  # the owner's role title
    played_by: str  # "person" or "computer"
    attainment: float  # 0.0–1.0 against its (possibly re-scoped) goal
    watermelon: bool  # reported on track at the last check-in, and missed
    warning: int | None  # first check-in an honest report would have named it (forecast < 0.65)
    named: int | None  # the week it was first reported at risk or off track
    certain: int | None  # the first week its forecast fell under CERTAIN_MISS
    reports: tuple[tuple[int, int, float], ...]  # (week, confidence 0–10, forecast then)
    forecasts: tuple[tuple[int, float], ...]  # (week, the owner's forecast) every week

    @property
    def hit(self) -> bool:
        """Whether it reached its goal."""
        return self.attainment >= 1.0

    @property
    def result(self) -> str:
        """HIT, or MISSED with its grade."""
        return "HIT" if self.hit else f"MISSED {self.attainment:.0%}"


@dataclass(frozen=True)
class Counterfactual:
    """What the model says naming a missed key result earlier would have given."""

    key_result: str
    label: str
    early: int  # the first check-in an honest report would have named it
    late: int | None  # the week it was named, or None: never
    chance_early: float  # forecast with one corrective action from `early`
    chance_late: float  # the same action from `late`; never named: the last check-in's forecast
    last_checkin: int  # the last check-in (where "never" was decided for good)
    forecast_when_named: float | None  # the owner's forecast in the week it was named

    def sentence(self) -> str:
        """The counterfactual in one sentence, naming this game's key result and weeks."""
        if self.late is None:
            instead, basis = (
                "never",
                f"its chance at the last check-in, week {self.last_checkin}, with nothing done",
            )
        else:
            instead, basis = f"week {self.late}", f"the same action from week {self.late}"
        early = percent(self.chance_early)
        return (
            f"Had '{self.label}' been named in week {self.early} instead of {instead}, the model "
            f"gives {article(early)} {early} chance of hitting it (one corrective action from "
            f"week {self.early}) instead of {percent(self.chance_late)} ({basis})."
        )


@dataclass(frozen=True)
class SessionReport:
    """The debrief of one game."""

    name: str  # the team, made unique across the report
    file: str  # the session file's name
    scenario: str
    scenario_title: str
    scenario_hash: str
    seed: int
    pressure: str
    policy: str | None  # the bot that held the people's seats, or None for people
    created: str
    actions: int
    state_hash: str
    weeks: int  # the quarter's length
    checkins: tuple[int, ...]  # the weeks reports were made
    weights: dict[str, float]
    scores: dict[str, float]  # exactly `score(state).as_dict()`, as autoplay --json prints
    reasons: dict[str, list[str]]  # exactly `score(state).reasons()`
    questions: tuple[Answered, ...]
    key_results: tuple[KeyResultWeeks, ...]
    counterfactuals: tuple[Counterfactual, ...]
    speed: str
    charts: dict[str, str] = field(default_factory=dict)  # chart name -> PNG file name

    @property
    def watermelons(self) -> int:
        """How many key results were reported green at the end and missed."""
        return sum(k.watermelon for k in self.key_results)

    @property
    def hits(self) -> int:
        """How many key results reached their goal."""
        return sum(k.hit for k in self.key_results)

    def headline(self) -> str:
        """The game in two sentences: the total, hits, watermelons, problems named late."""
        late, melons = len(self.counterfactuals), self.watermelons
        return (
            f"Total {self.scores['total']:.1f} out of 100. {self.hits} of {len(self.key_results)} "
            f"key results hit; {plural(melons, 'watermelon')} (reported on track at the last "
            f"check-in, then missed); {plural(late, 'missed key result')} named later than "
            f"{'it' if late == 1 else 'they'} could have been, or never."
        )


@dataclass(frozen=True)
class Report:
    """The whole debrief: one or more games, and a comparison when there are several."""

    sessions: tuple[SessionReport, ...]
    comparison_chart: str | None = None  # PNG file name of the side-by-side scores

    @property
    def compared(self) -> tuple[SessionReport, ...]:
        """The sessions, best total first (the comparison's order); empty for one session."""
        if len(self.sessions) < 2:
            return ()
        return tuple(sorted(self.sessions, key=lambda s: -s.scores["total"]))
