"""The what-ifs and the weeks behind them agree with the model, the scores and the projector."""

from __future__ import annotations

import re

import pytest

from game.engine import simulation as sim
from game.engine.quarter import first_named
from game.engine.words import article, percent, plural, truth_status
from game.report import build
from game.session.counterfactual import Counterfactual, at_week
from game.session.resume import resume
from tests.report.helpers import TINY, autoplay


@pytest.fixture(scope="module")
def late(tmp_path_factory):
    """A tiny game where the `late` policy names two problems late (at the last check-in, or
    earlier when a candid peer's challenge uncovers them)."""
    folder = tmp_path_factory.mktemp("late")
    return resume(
        autoplay(folder, "late.jsonl", str(TINY), "--policy", "late", "--seed", "3"), TINY
    )


def test_named_late_is_compared_with_the_same_action_later(late) -> None:
    (session,) = build([late]).sessions
    found = {c.label: c for c in session.counterfactuals}
    assert found and set(found) <= {"Two bakers hired", "Waste at 5%"}
    states = [late.replayed.start] + [s.state for s in late.replayed.steps]
    weeks = states[-1].scenario.quarter.weeks
    final = states[-1]
    for c in found.values():
        assert c.late == first_named(final, c.key_result) and c.early < c.late <= 10
        early_kr = at_week(states, c.key_result, c.early)
        late_kr = at_week(states, c.key_result, c.late)
        assert c.chance_early == sim.forecast(sim.correct(early_kr, weeks), c.early, weeks)
        assert c.chance_late == sim.forecast(sim.correct(late_kr, weeks), c.late, weeks)
        assert c.chance_early > c.chance_late
        assert f"instead of week {c.late}" in c.sentence()


def test_the_state_used_is_the_one_the_owner_reported_on(late) -> None:
    """At the week's stop, the model's forecast is the one recorded in the history."""
    states = [late.replayed.start] + [s.state for s in late.replayed.steps]
    final = states[-1]
    for kr in final.key_results:
        for f in kr.history:
            if f.week in (2, 4, 6, 8, 10):
                found = at_week(states, kr.id, f.week)
                weeks = final.scenario.quarter.weeks
                assert sim.forecast(found, f.week, weeks) == pytest.approx(f.q)


def test_the_report_names_what_the_score_charged_for(late) -> None:
    """Each early-warning reason of the candour score has its what-if, with the same weeks."""
    (session,) = build([late]).sessions
    whatifs = {(c.label, c.early, c.late) for c in session.counterfactuals}
    pattern = r"'(.+)' could be named in week (\d+), was named in week (\d+)"
    charged = {
        (m[1], int(m[2]), int(m[3]))
        for reason in session.reasons["candour"]
        if (m := re.search(pattern, reason))
    }
    assert charged and charged <= whatifs


def test_never_named_reads_as_never() -> None:
    c = Counterfactual("k", "Renewals", 3, None, 0.64, 0.12, 10, None)
    assert c.sentence() == (
        "Had 'Renewals' been named in week 3 instead of never, the model gives a 64% chance of "
        "hitting it (one corrective action from week 3) instead of 12% (its chance at the last "
        "check-in, week 10, with nothing done)."
    )
    late = Counterfactual("k", "Renewals", 3, 9, 0.84, 0.001, 10, 0.0)
    assert late.sentence() == (
        "Had 'Renewals' been named in week 3 instead of week 9, the model gives an 84% chance of "
        "hitting it (one corrective action from week 3) instead of <1% (the same action from "
        "week 9)."
    )


@pytest.mark.parametrize(
    "p,text,a",
    [
        (0.64, "64%", "a"),
        (0.08, "8%", "an"),
        (0.11, "11%", "an"),
        (0.18, "18%", "an"),
        (0.81, "81%", "an"),
        (0.001, "<1%", "a"),
        (0.9991, ">99%", "a"),
        (1.0, "100%", "a"),
        (0.0, "0%", "a"),
    ],
)
def test_chances_are_worded_without_false_certainty(p, text, a) -> None:
    assert percent(p) == text
    assert article(text) == a


def test_plurals() -> None:
    assert [plural(n, "watermelon") for n in (0, 1, 3)] == [
        "no watermelons",
        "1 watermelon",
        "3 watermelons",
    ]


def test_truth_reads_as_the_debrief_grid_reads_it() -> None:
    """The projector and the report draw the grid's cells, which read the truth this way."""
    from game.session.debrief import Cell

    for q in [i / 200 for i in range(201)]:
        assert Cell(12, None, q).true == truth_status(q)
