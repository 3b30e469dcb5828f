"""A readable story of a played game: who did what, each week's reports and what was true."""

from __future__ import annotations

from collections.abc import Iterable

from game import peers
from game.engine import is_over
from game.engine.actions import React, Report, Translate
from game.engine.quarter import first_named
from game.engine.simulation import attainment
from game.engine.state import GameState
from game.engine.words import names_problem
from game.session.autoplay import Step

HEADINGS = {
    "warmup": "WARM-UP — KPI or OKR?",
    "priorities": "PRIORITIES — argue down to three",
    "cascade": "CASCADE — translate, don't copy",
    "quarter": "THE QUARTER",
    "review": "QUARTERLY REVIEW — the truth",
    "quarterly": "THE QUARTERLY QUESTION — keep, rewrite or replace",
    "over": "DEBRIEF",
}
QUIET = {"voted"}  # events too small to tell one by one


def _speaker(state: GameState, role: str) -> str:
    return state.scenario.role(role).title


def lines(start: GameState, played: Iterable[Step]) -> Iterable[str]:
    """The transcript, line by line."""
    s = start.scenario
    yield f"{s.meta.title} — seed {start.seed}, pressure {start.pressure}"
    yield f"{s.company.name}: {s.company.strategy}"
    phase = start.phase
    before = start
    for step in played:
        state, action = step.state, step.action
        if state.phase != phase:
            phase = state.phase
            yield ""
            heading = HEADINGS.get(phase, phase.upper())
            if state.quarters > 1 and phase != "over":
                heading += f" · quarter {state.quarter} of {state.quarters}"
            yield heading
        peer = before.seat(action.role) == "computer" if action.role != "room" else False
        if isinstance(action, Report):
            kr = before.kr(action.key_result)
            q = kr.latest.q
            label = s.key_result(kr.id).model.label
            truth = f"(private forecast {q:.0%})"
            say = ""
            if peer:
                kind = "bad_news" if names_problem(action.confidence) else "good_news"
                say = f" — “{peers.line(before, action.role, kind, kr.id)}”"
            who = _speaker(before, action.role)
            yield f"  {who}: '{label}' {action.confidence}/10 {truth}{say}"
        elif isinstance(action, React) and peer:
            say = peers.line(before, action.role, action.reaction, action.key_result)
            yield f"    {_speaker(before, action.role)} ({action.reaction}): “{say}”"
        elif isinstance(action, Translate):
            for e in step.events:
                yield f"  {e.text}"
        else:
            for e in step.events:
                if e.kind == "stop":
                    yield ""
                    yield e.text
                elif e.kind not in QUIET and e.kind not in ("phase", "review"):
                    yield f"  {e.text}"
        before = state
    if not is_over(before):
        return  # a game stopped part-way keeps its truth for the debrief
    for quarter in (*before.past, before):
        yield ""
        yield "WHAT WAS TRUE" + (f" IN QUARTER {quarter.quarter}" if before.quarters > 1 else "")
        for kr in quarter.key_results:
            label = s.key_result(kr.id).model.label
            week = first_named(quarter, kr.id)
            named = f"named in week {week}" if week else "never named"
            yield f"  {label}: {attainment(kr):.0%} ({named}, {kr.corrections} corrective actions)"


def transcript(start: GameState, played: Iterable[Step]) -> str:
    """The whole transcript as text."""
    return "\n".join(lines(start, played)) + "\n"
