"""Every behaviour moves the business (docs/rules.md, "The quarter"): attention follows the
reports, support helps and pays back at most half the naming cost, credibility makes later
reports weigh less, "named" follows the latest report, and peers name bad news as early as the
room's candour lets them. Small constructed states on the tiny bakery, numbers by hand."""

from __future__ import annotations

import pytest

from game.engine import apply
from game.engine.actions import Advance, React, Report
from game.engine.quarter import first_named
from game.engine.review import DISCOUNTED, enter_review
from game.engine.state import PRESSURE_FACTOR, ReportMade, get, put, replace, swap
from game.peers.personality import admits_below, challenges, report_confidence
from game.scenario import load_scenario
from game.session.autoplay import steps
from tests.conftest import FIXTURES

TINY = load_scenario(FIXTURES / "good" / "tiny.yaml")
BAKER = "head_baker"  # a person's seat; owns bakers_hired, waste_5, bake_plan


def at_checkin(number: int = 1, seed: int = 3, pressure: str = "normal"):
    """The state just before the first report of check-in `number`, `good` playing."""
    before, seen = None, 0
    for step in steps(TINY, "good", seed, pressure):
        if isinstance(step.action, Report) and not any(
            r.week == before.week for r in before.reports
        ):
            seen += 1
            if seen == number:
                return before
        before = step.state
    raise AssertionError("no such check-in")


def with_q(state, kr_id: str, q: float):
    """The same state with the owner's current forecast for one key result set to q."""
    kr = state.kr(kr_id)
    kr = replace(kr, history=(*kr.history[:-1], kr.latest._replace(q=q)))
    return replace(state, key_results=swap(state.key_results, kr))


def report_all(state, confidences: dict[str, int]):
    """Every report due this check-in: the given confidences, else the honest one."""
    for kr in state.key_results:
        q = kr.latest.q
        c = confidences.get(kr.id, round(10 * q))
        state, _ = apply(state, Report(role=kr.owner, key_result=kr.id, confidence=c))
        if state.step != "report":
            break
    assert state.step == "discuss"
    return state


def attention(state, kr_id: str) -> float:
    return state.kr(kr_id).attention


def test_an_honest_red_draws_the_attention_its_need_calls_for():
    state = with_q(at_checkin(), "bakers_hired", 0.2)  # need: 7 − 2 = 5
    honest = report_all(state, {"bakers_hired": 2})
    assert attention(honest, "bakers_hired") == pytest.approx(0.3 * 5 / 7)
    redder = report_all(state, {"bakers_hired": 0})  # says 7 is wrong: still only the need
    assert attention(redder, "bakers_hired") == pytest.approx(0.3 * 5 / 7)


def test_a_shaded_report_draws_less_and_a_green_draws_nothing():
    state = with_q(at_checkin(), "bakers_hired", 0.2)
    shaded = report_all(state, {"bakers_hired": 5})
    assert attention(shaded, "bakers_hired") == pytest.approx(0.3 * 2 / 7)
    green = report_all(state, {"bakers_hired": 7})
    assert attention(green, "bakers_hired") == 0.0


def test_attention_is_extra_pace_until_the_next_checkin():
    state = with_q(at_checkin(), "bakers_hired", 0.2)
    helped = report_all(state, {"bakers_hired": 2})
    alone = report_all(state, {"bakers_hired": 7})
    week = helped.week
    helped, _ = apply(helped, Advance())
    alone, _ = apply(alone, Advance())
    gain = helped.kr("bakers_hired").progress - alone.kr("bakers_hired").progress
    weeks_run = helped.week - week
    # (0.3 · 5/7) of the required pace (1/12 of the gap) a week; the named key result also
    # stops festering, so the gap is at least the attention's share.
    assert gain >= weeks_run * 0.3 * 5 / 7 / 12 - 1e-9
    assert helped.kr("bakers_hired").attention == pytest.approx(0.3 * 5 / 7)  # until reports


def test_a_false_alarm_draws_nothing_and_costs_capacity_and_credibility():
    state = with_q(at_checkin(), "waste_5", 0.9)
    alarm = report_all(state, {"waste_5": 2})
    assert attention(alarm, "waste_5") == 0.0
    assert alarm.capacity == pytest.approx(state.capacity - 0.5)
    assert get(alarm.credibility, BAKER) == pytest.approx(0.85)


def test_a_hedge_on_a_healthy_key_result_costs_credibility():
    state = with_q(at_checkin(), "waste_5", 0.8)
    hedged = report_all(state, {"waste_5": 5})
    assert get(hedged.credibility, BAKER) == pytest.approx(0.9)
    assert hedged.capacity == pytest.approx(state.capacity)  # no chase: it is no alarm


def test_a_discounted_owner_warns_for_less():
    state = with_q(at_checkin(), "bakers_hired", 0.2)
    state = replace(state, credibility=put(state.credibility, BAKER, 0.5))
    after = report_all(state, {"bakers_hired": 2})
    made = next(r for r in after.reports if r.key_result == "bakers_hired")
    assert made.credibility == 0.5
    assert attention(after, "bakers_hired") == pytest.approx(0.3 * 5 / 7 * 0.5)


def test_the_review_discounts_lost_credibility_in_standing():
    state = at_checkin()
    lost = replace(state, credibility=put(state.credibility, BAKER, 0.4))
    kept, _ = enter_review(state)
    discounted, events = enter_review(lost)
    drop = get(kept.standing, BAKER) - get(discounted.standing, BAKER)
    assert drop == pytest.approx(DISCOUNTED * 0.6)
    assert any(e.kind == "discounted" for e in events)


@pytest.mark.parametrize("pressure", ["low", "normal", "high"])
def test_naming_hurts_now_and_support_gives_back_at_most_half(pressure):
    pf = PRESSURE_FACTOR[pressure]
    state = with_q(at_checkin(pressure=pressure), "bakers_hired", 0.2)
    start = get(state.standing, BAKER)
    named = report_all(state, {"bakers_hired": 2, "waste_5": 8})  # one naming by the baker
    assert get(named.standing, BAKER) == pytest.approx(start - 3.0 * pf)
    supported = named
    for role in ("owner", "shop_lead"):
        supported, _ = apply(
            supported, React(role=role, key_result="bakers_hired", reaction="support")
        )
    assert get(supported.standing, BAKER) == pytest.approx(start - 3.0 * pf + 2 * 0.5 * pf)
    assert get(supported.standing, BAKER) < start  # softened, never a gain
    # "what do you need?": each support adds 0.08 of attention where the need is real
    assert attention(supported, "bakers_hired") == pytest.approx(0.3 * 5 / 7 + 2 * 0.08)


def test_support_on_a_healthy_report_adds_no_help():
    state = with_q(at_checkin(), "waste_5", 0.8)
    hedged = report_all(state, {"waste_5": 5})
    after, _ = apply(hedged, React(role="owner", key_result="waste_5", reaction="support"))
    assert attention(after, "waste_5") == attention(hedged, "waste_5") == 0.0


def test_named_follows_the_latest_report_and_the_first_warning_is_kept():
    first = at_checkin(1)
    named_at = first.week
    second = at_checkin(2)
    assert second.kr("bakers_hired").named_week == named_at  # good named it honestly
    green = report_all(with_q(second, "bakers_hired", 0.9), {"bakers_hired": 9})
    assert green.kr("bakers_hired").named_week is None
    assert first_named(green, "bakers_hired") == named_at


def _made(q: float, confidence: int, week: int = 2, kr: str = "station_sales") -> ReportMade:
    return ReportMade(week, kr, "shop_lead", confidence, q)


def test_candid_peers_challenge_about_half_of_the_greens_over_bad_forecasts():
    state = at_checkin()
    candid = replace(state, candour=put(state.candour, "owner", 0.8))
    krs = [k.id for k in state.key_results]
    made = [_made(0.2, 8, week, kr) for week in range(2, 12) for kr in krs]
    share = sum(challenges(candid, "owner", m) for m in made) / len(made)
    assert 0.35 <= share <= 0.65
    assert not any(challenges(candid, "owner", _made(0.5, 8, w)) for w in range(2, 12))
    assert not any(challenges(candid, "owner", _made(0.2, 5, w)) for w in range(2, 12))
    timid = replace(state, candour=put(state.candour, "owner", 0.6))
    assert not any(challenges(timid, "owner", m) for m in made)


def test_how_early_a_peer_names_follows_its_willingness():
    state = at_checkin()  # shop_lead: a computer peer
    willing = replace(state, candour=put(state.candour, "shop_lead", 1.0))
    afraid = replace(state, candour=put(state.candour, "shop_lead", 0.05))
    assert admits_below(willing, "shop_lead") >= admits_below(state, "shop_lead")
    assert admits_below(afraid, "shop_lead") == pytest.approx(0.05)
    assert report_confidence(afraid, "shop_lead", 0.3) >= 7  # hides until certain to miss
    assert report_confidence(afraid, "shop_lead", 0.04) == 0
    line = admits_below(state, "shop_lead")
    if line > 0.06:
        assert report_confidence(state, "shop_lead", line - 0.01) == round(10 * (line - 0.01))
