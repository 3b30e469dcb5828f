"""Build the debrief report's data from replayed sessions: each game's debrief, and its session."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from game.engine import state_hash
from game.report.model import CHARTS, Report, SessionReport
from game.session.debrief import Debrief, debrief
from game.session.resume import Resumed

FINISHED = ("review", "over")  # a report needs the quarter's truth, revealed at the review


def unfinished(game: Resumed) -> str | None:
    """Why a session cannot be reported on yet (one line, `file:1: error: …`), or None."""
    state = game.replayed.state
    if state.phase in FINISHED:
        return None
    where = state.phase + (f", week {state.week}" if state.week else "")
    return (
        f"{game.path}:1: error: the game is not finished ({where}): a report needs the quarterly "
        f"review; play it to the end first (offsite play --resume --session {game.path})"
    )


def session_report(game: Resumed, name: str, prefix: str) -> SessionReport:
    """The debrief of one replayed session (finished: see `unfinished`)."""
    header, start = game.header, game.replayed.start
    states = [start] + [step.state for step in game.replayed.steps]
    state = states[-1]
    s = state.scenario
    teams = header.get("teams") or [{}]
    made = debrief(state, states)
    return SessionReport(
        **{f.name: getattr(made, f.name) for f in dataclasses.fields(Debrief)},
        name=name,
        file=game.path.name,
        scenario=s.meta.id,
        scenario_title=s.meta.title,
        scenario_hash=state.scenario_hash,
        seed=state.seed,
        pressure=state.pressure,
        policy=teams[0].get("policy"),
        created=str(header.get("created", "")),
        actions=len(game.replayed.steps),
        state_hash=state_hash(state),
        charts={chart: f"{prefix}{chart}.png" for chart in CHARTS},
    )


def names(games: Sequence[Resumed]) -> list[str]:
    """Each session's team name, with its file added where two would read the same."""
    plain = [" & ".join(t.get("name", "?") for t in g.header.get("teams") or []) for g in games]
    plain = [p or "Team" for p in plain]
    named = [
        f"{p} ({g.path.name})" if plain.count(p) > 1 else p
        for p, g in zip(plain, games, strict=True)
    ]
    return [f"{n} #{i}" if named.count(n) > 1 else n for i, n in enumerate(named, start=1)]


def build(games: Sequence[Resumed]) -> Report:
    """The report of one or more finished sessions (a comparison when there are several)."""
    several = len(games) > 1
    sessions = tuple(
        session_report(game, name, f"{i}-" if several else "")
        for i, (game, name) in enumerate(zip(games, names(games), strict=True), start=1)
    )
    return Report(sessions, "comparison.png" if several else None)
