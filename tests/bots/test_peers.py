"""Computer peers: candour moves with the room's reactions, and low candour hides bad news."""

from __future__ import annotations

from dataclasses import replace

from game import peers
from game.engine import apply, new_game
from game.engine.actions import React, Report
from game.engine.state import get, put
from game.session.autoplay import steps


def to_first_checkin(scenario, seed=3):
    for step in steps(scenario, "good", seed):
        if step.state.phase == "quarter":
            return step.state
    raise AssertionError("never reached the quarter")


def red_report_state(tiny):
    """A check-in where the shop lead (a computer peer) has just reported bad news."""
    state = to_first_checkin(tiny)
    for owner, kr in [(k.owner, k.id) for k in state.key_results]:
        confidence = 2 if owner == "shop_lead" else 9
        state, _ = apply(state, Report(role=owner, key_result=kr, confidence=confidence))
    return state, next(k.id for k in state.key_results if k.owner == "shop_lead")


def test_support_raises_candour_for_the_peer_and_a_little_for_the_room(tiny):
    state, kr = red_report_state(tiny)
    after, _ = apply(state, React(role="owner", key_result=kr, reaction="support"))
    assert get(after.candour, "shop_lead") > get(state.candour, "shop_lead")
    room_gain = get(after.candour, "head_baker") - get(state.candour, "head_baker")
    peer_gain = get(after.candour, "shop_lead") - get(state.candour, "shop_lead")
    assert 0 < room_gain < peer_gain


def test_blame_lowers_candour_more_under_high_pressure(tiny):
    state, kr = red_report_state(tiny)
    normal, _ = apply(state, React(role="owner", key_result=kr, reaction="blame"))
    high, _ = apply(
        replace(state, pressure="high"), React(role="owner", key_result=kr, reaction="blame")
    )
    drop_normal = get(state.candour, "shop_lead") - get(normal.candour, "shop_lead")
    drop_high = get(state.candour, "shop_lead") - get(high.candour, "shop_lead")
    assert 0 < drop_normal < drop_high
    assert get(normal.candour, "head_baker") < get(state.candour, "head_baker")


def test_a_low_candour_peer_reports_green_over_a_bad_forecast(tiny):
    state = new_game(tiny, 1)
    timid = replace(state, candour=put(state.candour, "shop_lead", 0.2))
    brave = replace(state, candour=put(state.candour, "shop_lead", 0.95))
    assert peers.report_confidence(timid, "shop_lead", 0.2) >= 7
    assert peers.report_confidence(brave, "shop_lead", 0.2) == 2
    assert peers.report_confidence(timid, "shop_lead", 0.9) == 9


def test_peers_speak_their_scenario_lines(tiny):
    state = new_game(tiny, 1)
    said = peers.line(state, "shop_lead", "blame", "station_sales")
    assert said in tiny.peer("shop_lead").lines.blame


def test_naming_bad_news_costs_standing_that_week(tiny):
    state = to_first_checkin(tiny)
    kr = state.key_results[0]
    before = get(state.standing, kr.owner)
    after, events = apply(state, Report(role=kr.owner, key_result=kr.id, confidence=3))
    assert get(after.standing, kr.owner) < before
    assert any(e.kind == "named" for e in events)
