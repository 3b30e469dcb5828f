"""The solo coach speaks after every phase of a solo game played through the table, each
reading naming what the player did in that phase (docs/facilitation.md, "Solo practice")."""

from __future__ import annotations

import pytest

from game.bots.policies import POLICIES, Policy
from game.engine import ROOM, new_game
from game.engine.priorities import chosen_label
from game.engine.quarter import checkin_weeks, review_weeks
from game.engine.rules import may_act
from game.scenario import load_scenario, scenario_hash
from game.session.moves import Seat
from game.session.questions import QUESTIONS
from game.session.reading import MAX_LINES
from game.session.table import Table
from tests.conftest import ROOT

MS = 120_000  # every decision takes two minutes


def solo_game(scenario, role: str, seed: int = 3, policy: Policy | None = None, warmup=True):
    """A solo game through the table: the player's seat and the room by `policy`, the
    computer the rest. Returns the table and, for each reading the table held, the state it
    was given on and the reading; each reading is dismissed as the projector would."""
    seats = {r.id: ("person" if r.id == role else "computer") for r in scenario.roles}
    state = new_game(scenario, seed, seats, scenario_hash=scenario_hash(scenario), warmup=warmup)
    table = Table(state, solo=role)
    table.start()
    policy = policy or Policy()
    readings = []
    for _ in range(3000):
        if table.coach is not None:
            readings.append((table.state, table.coach))
            table.dismiss()
            continue
        if table.state.phase == "over":
            return table, readings
        st = table.state
        action = next(
            a for r in (role, ROOM) if r in may_act(st) if (a := policy.decide(st, r)) is not None
        )
        assert table.act(Seat(action.role), action, MS).ok
    raise AssertionError("the solo game did not end")


def expected_titles(state) -> list[str]:
    """One reading per phase the engine has, and per stop of the quarter."""
    titles = ["Coach: the briefing"]
    if state.warmup_on:
        titles.append("Coach: the warm-up")
    titles += ["Coach: the shortlist", "Coach: the debate", "Coach: the key results"]
    titles.append("Coach: the cascade")
    checkins, reviews = set(checkin_weeks(state)), set(review_weeks(state))
    for week in sorted(checkins | reviews):
        what = " and ".join(
            w for w, on in (("check-in", week in checkins), ("KPI review", week in reviews)) if on
        )
        titles.append(f"Coach: the week {week} {what}")
    return [*titles, "Coach: the quarterly review"]


@pytest.fixture(scope="module")
def northwind():
    return load_scenario(ROOT / "scenarios" / "northwind.yaml")


@pytest.fixture(scope="module")
def played(northwind):
    return solo_game(northwind, "vp_operations")


def test_a_reading_after_every_phase_in_order(played):
    table, readings = played
    final = table.state
    titles = [r.title for _, r in readings]
    assert titles == expected_titles(final)
    assert len(titles) == 12  # Northwind: 6 before the quarter, 5 stops, the review
    for _, r in readings:
        assert r.lines and len(r.lines) <= MAX_LINES and r.question in QUESTIONS
    questions = [r.question for _, r in readings]
    assert questions[:5] == [QUESTIONS[0]] * 5  # the briefing … the key results
    assert questions[5] == QUESTIONS[1] and set(questions[6:]) == {QUESTIONS[2]}


def test_without_the_warm_up_there_is_no_warm_up_reading(northwind):
    table, readings = solo_game(northwind, "vp_sales", warmup=False)
    titles = [r.title for _, r in readings]
    assert titles == expected_titles(table.state) and "Coach: the warm-up" not in titles


def said(reading) -> str:
    return " ".join(reading.lines)


def test_each_reading_names_what_the_player_did(played, northwind):
    """Each reading is checked against the game's own record of the player's moves in that
    phase: a reading that spoke of something else, or of nothing, fails."""
    table, readings = played
    role, s = "vp_operations", northwind
    final = table.state
    by_title = {r.title: (state, r) for state, r in readings}

    _, r = by_title["Coach: the briefing"]
    assert "2 minutes on the briefing" in said(r)
    assert s.objectives[[role in o.advocates for o in s.objectives].index(True)].label in said(r)

    _, r = by_title["Coach: the warm-up"]
    right = sum(ok for _, _, ok in final.warmup_answers)
    assert f"You sorted {right} of {len(final.warmup_answers)} cards right" in said(r)

    _, r = by_title["Coach: the shortlist"]
    mine = [o for who, o in final.votes if who == role]
    assert mine and all(f"'{s.objective(o).label}'" in r.lines[0] for o in mine)

    _, r = by_title["Coach: the debate"]
    dropped = sum(c.status == "dropped" for c in final.candidates)
    assert f"You dropped {dropped} cards" in said(r)
    assert all(f"'{chosen_label(final, c)}'" in said(r) for c in final.chosen)

    _, r = by_title["Coach: the key results"]
    yours = [k for c in final.chosen for k in c.key_results if s.key_result(k).owner == role]
    assert yours and s.key_result(yours[0]).model.label in said(r)
    assert f"{len(yours)} of them are yours" in said(r)

    _, r = by_title["Coach: the cascade"]
    lines = [t for t in final.translations if t.role == role]
    assert lines
    for t in lines:
        assert f"Your line on '{chosen_label(final, final.chosen_objective(t.objective))}'" in said(
            r
        )

    for week in sorted(set(checkin_weeks(final)) | set(review_weeks(final))):
        (state, r) = next(
            v for k, v in by_title.items() if k.startswith(f"Coach: the week {week} ")
        )
        mine = [x for x in final.reports if x.week == week and x.role == role]
        assert mine and s.key_result(mine[0].key_result).model.label in said(r)
        assert f"{mine[0].confidence}/10" in said(r)
        reacted = [x for x in final.reactions if x.week == week and x.role == role]
        if reacted:
            assert s.key_result(reacted[0].key_result).model.label in said(r)
        for w, kpi, acted in final.kpi_decisions:
            if w == week:
                assert f"You {'acted on' if acted else 'left'} '{s.kpi(kpi).name}'" in said(r)
        assert f"Capacity left: {state.capacity:g}." == r.lines[-1]

    _, r = by_title["Coach: the quarterly review"]
    for c in final.chosen:
        word = "still right" if c.still_right else "no longer right"
        assert f"You called '{chosen_label(final, c)}' {word}" in said(r)


def test_the_readings_follow_the_game_not_the_seed(northwind):
    """The same seed and seat with a player who hides bad news: the check-ins say so, naming
    the key result and the forecast the report hid."""
    _, honest = solo_game(northwind, "vp_operations", policy=POLICIES["good"]())
    _, hiding = solo_game(northwind, "vp_operations", policy=POLICIES["hider"]())
    first = next(r for _, r in honest if r.title == "Coach: the week 2 check-in")
    hidden = next(r for _, r in hiding if r.title == "Coach: the week 2 check-in")
    assert first.lines != hidden.lines
    assert "You reported honestly" in said(first)
    assert "The room cannot fix what it does not see" in said(hidden)
    assert "The room cannot fix" not in said(first)


def test_a_ceo_who_translates_nothing_still_hears_about_the_cascade(northwind):
    _, readings = solo_game(northwind, "ceo")
    (cascade,) = [r for _, r in readings if r.title == "Coach: the cascade"]
    assert "Your line on" not in said(cascade)
    assert "The level below you gave" in said(cascade)
