"""The recap of the weeks that ran between two stops (game.session.weeks): what struck, the KPIs,
what the room had paid for — from the game's states, and only from what the room may see; the
table shows it once per stop until the projector closes it."""

from __future__ import annotations

import pytest

from game.engine.state import replace
from game.scenario import builtin_path, load_scenario
from game.session.autoplay import steps
from game.session.table import Table
from game.session.weeks import run_start, weeks_run


@pytest.fixture(scope="module")
def stops():
    """Northwind, the good policy, seed 1: the state at each stop as the weeks arrive there."""
    scenario = load_scenario(builtin_path("northwind"))
    found = {}
    for step in steps(scenario, "good", 1):
        s = step.state
        if s.phase == "quarter" and s.week not in found:
            found[s.week] = s
    return found


def test_each_stop_recaps_the_weeks_since_the_last(stops) -> None:
    weeks = sorted(stops)
    assert weeks == [2, 4, 6, 8, 10]
    for previous, week in zip([0, *weeks], weeks, strict=False):
        run = weeks_run(stops[week])
        assert (run.first, run.last) == (previous + 1, week)
        assert run.title == f"What happened in weeks {previous + 1}–{week}"
        assert run_start(stops[week]).week == previous


def test_the_recap_names_what_struck_moved_and_was_corrected(stops) -> None:
    state = stops[6]
    run = weeks_run(state)
    struck = [(w, e) for w, e in state.events_struck if 5 <= w <= 6]
    labels = {e.id: e.label for e in state.scenario.events}
    assert [(e.week, e.label) for e in run.events] == [(w, labels[e]) for w, e in struck]
    assert len(run.struck()) == len(struck) >= 1
    before = {k.id: k.value for k in stops[4].kpis}
    for moved, kpi in zip(run.kpis, state.kpis, strict=True):
        assert moved.after == kpi.value and moved.before == pytest.approx(before[kpi.id])
    corrected = {
        state.scenario.key_result(k).model.label for w, k, _ in state.corrections if w == 4
    }
    acted = {state.scenario.kpi(k).name for w, k, a in state.kpi_decisions if w == 4 and a}
    assert set(run.corrected) == corrected and set(run.kpi_actions) == acted
    assert corrected or acted  # the good room paid for something at week 4
    assert run.room_lines()[-1] == f"Capacity left: {state.capacity:g}"
    assert weeks_run(stops[2]).room_lines()[0] == "The quarter began."


def test_the_recap_shows_nothing_private(stops) -> None:
    """Change every key result's hidden truth (progress, pace, forecasts): the recap is the same."""
    state = stops[8]
    hidden = tuple(
        replace(
            k,
            progress=k.progress + 0.5,
            velocity=k.velocity * 3,
            history=tuple(f._replace(q=1 - f.q, progress=f.progress + 0.5) for f in k.history),
        )
        for k in state.key_results
    )
    other = replace(state, key_results=hidden, prior=state.prior)
    assert weeks_run(other) == weeks_run(state)


def test_the_table_shows_the_recap_until_the_projector_closes_it(stops) -> None:
    state = stops[4]
    table = Table(state)
    assert table.weeks_card() == weeks_run(state)
    table.dismiss()
    assert table.weeks_card() is None
    assert Table(run_start(stops[2])).weeks_card() is None  # the cascade: no weeks ran yet
    assert weeks_run(replace(state, phase="over")) is None  # the debrief


def test_a_change_in_a_percent_unit_is_in_points(stops) -> None:
    """A jump of a KPI or key result measured in % reads '-0.3 pts' (percentage points), never
    '-0.3%', which reads as a relative change; a KPI's move is the board's figures apart."""
    from game.engine.words import amount, change

    assert change(-0.3, "%") == "-0.3 pts" and change(0.04, "£/order") == "+0.04 £/order"
    assert change(-1.7, "% of plan") == "-1.7 pts"
    seen = 0
    for state in stops.values():
        run = weeks_run(state)
        s = state.scenario
        units = {k.name: k.unit for k in s.kpis}
        units |= {
            s.key_result(k.id).model.label: s.key_result(k.id).model.unit for k in state.key_results
        }
        for event in run.events:
            for effect in event.effects:
                name, said = effect[1:].split("' ", 1)
                if (units.get(name) or "").startswith("%") and "pace" not in said:
                    assert said.endswith(" pts") and "%" not in said, effect
                    seen += 1
        for k in run.kpis:
            if k.moved and k.unit.startswith("%"):
                shown = float(amount(k.after)) - float(amount(k.before))
                assert f"({change(round(shown, 9), '%')})" in k.said, k.said
                seen += 1
    assert seen >= 3


def test_the_kpis_group_under_their_band(stops) -> None:
    """Out of band first, each with how it moved; in band the ones that moved, the rest
    counted — or, brief (a screen short of room), every one in band counted."""
    run = weeks_run(stops[6])
    out = [k for k in run.kpis if not k.in_band]
    moved = [k for k in run.kpis if k.in_band and k.moved]
    rest = len(run.kpis) - len(out) - len(moved)
    assert out and moved and rest
    assert run.kpi_groups() == [
        (False, [k.said for k in out]),
        (True, [k.said for k in moved] + [f"The other {rest}, unchanged"]),
    ]
    left = len(run.kpis) - len(out)
    assert run.kpi_groups(brief=True) == [
        (False, [k.said for k in out]),
        (True, [f"The other {left}, {len(moved)} of them moved"]),
    ]
