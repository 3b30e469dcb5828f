"""One debrief model: the projector's debrief screens and `offsite report` show the same data.

The report builds each session's debrief from the replayed session file; the projector builds it
from the table's state (the states behind it through `prior`). For the same game they must be
equal in every field — scores with reasons, the three questions, the watermelon grid, named
against certain to miss, decision speed and the counterfactuals.
"""

from __future__ import annotations

import dataclasses

import pytest

from game.report import build
from game.scoring import score
from game.session.debrief import Debrief, debrief, states_of
from game.session.resume import resume
from game.session.table import Table
from game.ui.app import App
from game.ui.scenes.ending import DebriefScene
from tests.report.helpers import TINY, autoplay


@pytest.fixture(scope="module", params=["late", "hider", "good"])
def game(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    path = autoplay(folder, "g.jsonl", str(TINY), "--policy", request.param, "--seed", "3")
    return resume(path, TINY)


def test_the_report_is_the_debrief_of_the_final_state(game) -> None:
    (session,) = build([game]).sessions
    final = game.replayed.state
    made = debrief(final)  # through `prior`, as the projector has it
    for f in dataclasses.fields(Debrief):
        assert getattr(session, f.name) == getattr(made, f.name), f.name
    assert states_of(final)[0].version == 0 and states_of(final)[-1] is final


def test_the_debrief_keeps_the_scores_words(game) -> None:
    final = game.replayed.state
    made, scores = debrief(final), score(final)
    assert made.scores == scores.as_dict() and made.reasons == scores.reasons()
    for line in made.lines[:4]:
        component = getattr(scores, line.name)
        assert line.value == component.value
        assert [f"{r.points:+.0f} {line.name}: {r.text}" for r in line.reasons] == (
            component.top_reasons()
        )
    assert made.lines[-1].name == "total" and made.lines[-1].value == scores.total


def test_the_projectors_debrief_screens_draw_the_same_model(game) -> None:
    final = game.replayed.state
    app = App(final, size=(1280, 720))
    app.reset(Table(final), started=True)
    scene = app.scene
    assert isinstance(scene, DebriefScene)
    assert scene.debrief == debrief(final)
    assert "earlier" in scene.pages  # named against certain to miss, and the counterfactuals
    for page in scene.pages:
        scene.show(page)
        app.draw()  # every page draws from the model without error
