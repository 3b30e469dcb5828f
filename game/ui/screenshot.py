"""Render every screen headless, at a representative moment reached by the `good` bot."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pygame

from game.bots.policies import Policy
from game.engine import GameState, new_game
from game.engine.words import names_problem
from game.scenario import Scenario, scenario_hash
from game.session.atomic import write_file
from game.session.autoplay import steps
from game.session.facts import open_cards
from game.session.log import default_path
from game.session.moves import ROOM_SEAT, Seat, moves_for
from game.session.resume import report_command
from game.session.table import Table
from game.session.weeks import weeks_run
from game.ui.app import App
from game.ui.scenes.checkin import HandoverScene
from game.ui.scenes.ending import DebriefScene
from game.ui.scenes.priorities import KeyResultsScene, PrioritiesScene

Moment = Callable[[GameState], bool]


def _a_person_may(s: GameState, kind: str) -> bool:
    """Some role a person plays has a move of this kind now (the table's moves, not a rule)."""
    return any(
        s.seat(r.id) == "person" and moves_for(s, Seat(r.id)).of(kind) for r in s.scenario.roles
    )


def _person_due(s: GameState) -> bool:
    return s.phase == "quarter" and _a_person_may(s, "report")


def _person_translating(s: GameState) -> bool:
    return s.phase == "cascade" and _a_person_may(s, "translate")


def _room_may(s: GameState, kind: str) -> bool:
    return any(m.allowed for m in moves_for(s, ROOM_SEAT).of(kind))


def _kpis_to_decide(s: GameState) -> bool:
    return _room_may(s, "act_on_kpi")


def _busy_weeks(s: GameState) -> bool:
    run = weeks_run(s) if s.phase == "quarter" and s.step == "report" else None
    return (
        run is not None
        and run.after_a_stop
        and len(run.events) + len(run.risks) >= 2
        and not any(r.week == s.week for r in s.reports)
    )


def _red_board(s: GameState) -> bool:
    return (
        s.phase == "quarter"
        and s.step == "discuss"
        and any(r.week == s.week and names_problem(r.confidence) for r in s.reports)
        and not _kpis_to_decide(s)
    )


# name -> (moment in the good bot's game, screen-only settings)
SCENES: dict[str, tuple[Moment, dict]] = {
    "title": (lambda s: s.version == 0, {"started": False}),
    "briefing": (lambda s: s.version == 0, {}),
    "warmup": (lambda s: s.phase == "warmup" and len(s.warmup_answers) == 2, {}),
    "shortlist": (lambda s: s.step == "shortlist" and len(s.votes) >= 4, {}),
    "debate": (
        lambda s: (
            s.step == "debate" and sum(c.tested for c in s.candidates) >= min(6, len(open_cards(s)))
        ),
        {},
    ),
    "keep_three": (
        lambda s: (
            s.step == "debate" and sum(c.tested for c in s.candidates) >= min(6, len(open_cards(s)))
        ),
        {"keep": True},
    ),
    "key_results": (lambda s: s.step == "key_results", {"picks": True}),
    "cascade": (lambda s: _person_translating(s) or (s.phase == "cascade" and s.translations), {}),
    # A busy recap: the first run after a check-in in which two or more things struck (weeks
    # 5–6 in Northwind's seed 1), at the stop itself, before anyone reported.
    "weeks": (_busy_weeks, {"weeks": True}),
    "handover": (_person_due, {}),
    "private_forecast": (_person_due, {"private": True}),
    "checkin_board": (_red_board, {}),
    "kpi_review": (
        lambda s: s.phase == "quarter" and s.step == "discuss" and _kpis_to_decide(s),
        {},
    ),
    "review": (
        lambda s: s.phase == "review" and not any(c.still_right is not None for c in s.chosen),
        {},
    ),
    # A two-quarter game at the quarterly question, the first objective answered.
    "quarterly": (lambda s: s.phase == "quarterly" and len(s.answers) == 1, {"quarters": 2}),
    "debrief_scores": (lambda s: s.phase == "over", {"page": "scores"}),
    "debrief_watermelon": (lambda s: s.phase == "over", {"page": "watermelon"}),
    "debrief_questions": (lambda s: s.phase == "over", {"page": "questions"}),
    "debrief_earlier": (lambda s: s.phase == "over", {"page": "earlier"}),
    "debrief_standing": (lambda s: s.phase == "over", {"page": "standing"}),
    # A recorded game's closing page: the file named as `offsite play` would name it then.
    "debrief_end": (lambda s: s.phase == "over", {"page": "end", "recorded": True}),
    "help": (_red_board, {"help": True}),
    # Solo practice: the coach's reading after the debate, as the table gives it when the
    # room locks its three (the first of the scenario's people practising alone).
    "coach": (lambda s: _room_may(s, "lock"), {"coach": "lock"}),
}


def moment(scenario: Scenario, seed: int, name: str) -> tuple[GameState, list]:
    """The first state of the good bot's game where the scene's moment holds, and its events."""
    reached, settings = SCENES[name]
    quarters = settings.get("quarters", 1)
    start = new_game(scenario, seed, scenario_hash=scenario_hash(scenario), quarters=quarters)
    if reached(start):
        return start, []
    for step in steps(scenario, "good", seed, state=start):
        if reached(step.state):
            return step.state, step.events
    raise LookupError(f"the scene '{name}' never occurs in this game (seed {seed})")


def render_scene(app: App, scenario: Scenario, seed: int, name: str) -> pygame.Surface:
    """Put the app at the scene's moment (a table on that state) and draw one frame."""
    state, events = moment(scenario, seed, name)
    _, settings = SCENES[name]
    table = Table(state)
    if "coach" in settings:  # the room's move played at a solo table: its coach reads
        solo = next(role for role, by in state.seats if by == "person")
        table = Table(state, solo=solo, computers=False)
        (move, *_) = table.moves(ROOM_SEAT).of(settings["coach"])
        table.act(ROOM_SEAT, move, 0)
    app.reset(table, started=settings.get("started", True))
    while app.weeks is not None and not settings.get("weeks"):
        app.close_overlay()  # the room has read what happened in the weeks
    app.news = events
    app.help = settings.get("help", False)
    scene = app.scene
    if "page" in settings and isinstance(scene, DebriefScene):
        if settings.get("recorded"):
            made = datetime(2026, 12, 4, 9, 30)
            file = default_path(state.scenario.meta.id, state.seed, made)
            scene.command = report_command([file], state, None)
        scene.show(settings["page"])
    if settings.get("private") and isinstance(scene, HandoverScene):
        scene.reveal()
    if settings.get("keep") and isinstance(scene, PrioritiesScene):
        by_votes = sorted(open_cards(state), key=lambda o: -state.candidate(o).votes)
        scene.selected, scene.keeping = by_votes[:3], True
    if settings.get("picks") and isinstance(scene, KeyResultsScene) and scene.current:
        picks, fold = Policy().pick_key_results(state, scene.current)
        scene.picks, scene.fold = list(picks), list(fold)
    app.focus = 0
    app.rebuild()
    if len(app.scene.choices) > 1:
        app.focus = 1
    return app.draw()


def screenshot_all(
    scenario: Scenario,
    names: list[str],
    size: tuple[int, int],
    out: Path,
    theme: str = "light",
    seed: int = 1,
) -> list[tuple[str, Path | None, str]]:
    """Render the named scenes to PNG files; returns (scene, path or None, note) per scene."""
    out.mkdir(parents=True, exist_ok=True)
    state = new_game(scenario, seed, scenario_hash=scenario_hash(scenario))
    app = App(state, size=size, theme=theme)
    results = []
    for name in names:
        try:
            surface = render_scene(app, scenario, seed, name)
        except LookupError as missing:
            results.append((name, None, str(missing)))
            continue
        path = out / f"{name}.png"
        png = io.BytesIO()
        pygame.image.save(surface, png, path.name)  # the name tells pygame to write PNG
        write_file(path, png.getvalue())  # a temporary file renamed: the old PNG or the new
        results.append((name, path, ""))
    return results
