"""What happened in the weeks the quarter just ran: the recap the projector shows at each stop.

Worked out from the game's states alone (the state at the stop and, through `prior`, the one
before the weeks ran), and only from what the room may see (game.engine.observe's board): the
events that struck and what they hit, the catchball risks that struck, how each KPI moved
against its band, and what the room did at the last stop — the corrective actions and the KPI
actions it paid for, with the capacity left. No owner's private forecast or progress is in it:
the truth stays hidden until the review (docs/rules.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.simulation import kpi_in_band
from game.engine.state import GameState
from game.engine.words import amount, change


@dataclass(frozen=True)
class Struck:
    """One event that struck: its week, what it says, and what it did to which key result or
    KPI (a key result's pace, or a jump in its own unit)."""

    week: int
    label: str
    narrative: str
    effects: tuple[str, ...]


@dataclass(frozen=True)
class KpiMoved:
    """One KPI from the last stop to this one."""

    name: str
    unit: str
    before: float
    after: float
    in_band: bool

    @property
    def moved(self) -> bool:
        """Whether it moved, as the board shows its value (three significant figures)."""
        return amount(self.before) != amount(self.after)

    @property
    def delta(self) -> float:
        """How far it moved, as the board's figures show it (93.7 to 93.4: -0.3)."""
        shown = [float(amount(x).replace(",", "")) for x in (self.before, self.after)]
        return round(shown[1] - shown[0], 9)

    @property
    def said(self) -> str:
        """'OTIF: 94.3 to 93.8 % (-0.5 pts)' (the screen marks it in band or out of it)."""
        if not self.moved:
            return f"{self.name}: {amount(self.after)} {self.unit}, unchanged"
        moved = f"{amount(self.before)} to {amount(self.after)} {self.unit}".rstrip()
        return f"{self.name}: {moved} ({change(self.delta, self.unit)})"


@dataclass(frozen=True)
class WeeksRun:
    """The weeks from `first` to `last` (the stop the game is at now)."""

    first: int
    last: int
    events: tuple[Struck, ...]
    risks: tuple[str, ...]  # key results a catchball risk struck (their labels)
    kpis: tuple[KpiMoved, ...]
    corrected: tuple[str, ...]  # key results the room put capacity on at the last stop
    kpi_actions: tuple[str, ...]  # KPIs the room acted on at the last stop
    capacity: float  # left now
    after_a_stop: bool  # the weeks ran from a check-in or review (not the quarter's start)

    @property
    def title(self) -> str:
        """'What happened in weeks 3–4' ('in week 5' for one week)."""
        if self.first == self.last:
            return f"What happened in week {self.last}"
        return f"What happened in weeks {self.first}–{self.last}"

    def struck(self) -> list[str]:
        """What struck in these weeks: each event with what it did, each catchball risk."""
        said = []
        for e in self.events:
            hit = f": {', '.join(e.effects)}" if e.effects else ""
            said.append(f"Week {e.week} · {e.label}{hit}")
        said += [f"A catchball risk struck '{label}': its pace fell" for label in self.risks]
        return said or ["No event struck."]

    def kpi_groups(self, brief: bool = False) -> list[tuple[bool, list[str]]]:
        """The KPIs out of band, then those in band that moved, with how they moved (the rest
        in band counted; `brief`: every one in band counted): each group under whether it is
        in band, which the screen draws as the band's mark (`BAND_MARKS`, with its shape and
        colour)."""
        out = [k.said for k in self.kpis if not k.in_band]
        moved = [k.said for k in self.kpis if k.in_band and k.moved]
        back = [] if brief else moved
        rest = len(self.kpis) - len(out) - len(back)
        if rest:
            some = f"The other {rest}" if out or back else "Every KPI"
            still = len(moved) - len(back)
            how = ", all moved" if still == rest else f", {still} of them moved" if still else ""
            back.append(some + (how or ", unchanged"))
        return [(inside, said) for inside, said in ((False, out), (True, back)) if said]

    def room_lines(self) -> list[str]:
        """What the room paid for at the last stop, and the capacity left now."""
        said = []
        if self.corrected:
            said.append("Corrective action on " + ", ".join(f"'{c}'" for c in self.corrected))
        if self.kpi_actions:
            said.append("Action on " + ", ".join(f"'{c}'" for c in self.kpi_actions))
        if not said:
            said.append("Nothing corrected" if self.after_a_stop else "The quarter began.")
        said.append(f"Capacity left: {self.capacity:g}")
        return said


def run_start(state: GameState) -> GameState | None:
    """The state just before the weeks that led to this one ran (None: no weeks ran yet)."""
    first = state
    while first.prior is not None and first.prior.week == state.week:
        first = first.prior
    return first.prior if first.prior is not None and first.prior.week < state.week else None


def weeks_run(state: GameState) -> WeeksRun | None:
    """The recap of the weeks that ran to the stop the game is at, or to the quarter's end at
    the review (None before the quarter, before any week ran, and at the debrief)."""
    if state.phase not in ("quarter", "review"):
        return None
    before = run_start(state)
    if before is None:
        return None
    s = state.scenario
    first, last = before.week + 1, state.week
    labels = {k.id: s.key_result(k.id).model.label for k in state.key_results}
    events = tuple(
        _struck(state, week, event_id, labels)
        for week, event_id in state.events_struck
        if first <= week <= last
    )
    was = {k.id: k.risk_hazard for k in before.key_results}
    risks = tuple(
        labels[k.id] for k in state.key_results if k.risk_hazard == 0 and was.get(k.id, 0) > 0
    )
    values = {k.id: k.value for k in before.kpis}  # none before the quarter: its start
    kpis = tuple(
        KpiMoved(
            s.kpi(k.id).name,
            s.kpi(k.id).unit,
            values.get(k.id, k.history[0].value if k.history else k.value),
            k.value,
            kpi_in_band(s, k),
        )
        for k in state.kpis
    )
    corrected = tuple(dict.fromkeys(labels[k] for w, k, _ in state.corrections if w == before.week))
    acted = tuple(s.kpi(k).name for w, k, act in state.kpi_decisions if w == before.week and act)
    return WeeksRun(
        first,
        last,
        events,
        risks,
        kpis,
        corrected,
        acted,
        state.capacity,
        before.phase == "quarter",
    )


def _struck(state: GameState, week: int, event_id: str, labels: dict[str, str]) -> Struck:
    """An event that struck, with what its effects did, in the scenario's units."""
    s = state.scenario
    event = next(e for e in s.events if e.id == event_id)
    kpis = {k.id: k for k in s.kpis}
    effects = []
    for fx in event.effects:
        if fx.target in labels:
            name, unit = labels[fx.target], s.key_result(fx.target).model.unit or ""
        elif fx.target in kpis:
            name, unit = kpis[fx.target].name, kpis[fx.target].unit
        else:
            continue  # a key result the room did not choose: nothing of theirs moved
        if fx.velocity:
            effects.append(f"'{name}' pace {fx.velocity:+.0%}")
        if fx.shift:
            effects.append(f"'{name}' {change(fx.shift, unit)}")
    return Struck(week, event.label, event.narrative, tuple(effects))
