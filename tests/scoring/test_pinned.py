"""Each score component pinned to numbers worked out by hand, on small constructed states.

The states are built directly (no play, no luck) on the tiny bakery fixture, so every input a
formula reads is written here, and each expected value is the arithmetic of docs/scoring.md
spelt out. A change to a formula, a weight or a threshold fails one of these tests; when the
change is intended, redo the arithmetic in the comment and the expression together.

Tiny bakery: candidates third_shop (change, theme growth, impact 9), raise_nps (KPI target,
theme quality, impact 3), cut_waste (change, quality, impact 6) and keep_running (maintenance,
no theme, impact 1); 12 weeks, a check-in every 2 weeks (2, 4, 6, 8, 10), KPI reviews in weeks
4, 8 and 12; budget 3 debate rounds and 25 minutes; the weights 0.25 each.
"""

from __future__ import annotations

import pytest

from game.engine import new_game
from game.engine.state import (
    Candidate,
    Chosen,
    Forecast,
    GameState,
    KeyResultState,
    KpiState,
    KpiWeek,
    Reaction,
    ReportMade,
    ThrownBack,
    Translation,
    replace,
)
from game.scoring import score
from game.scoring.components import candour, focus, outcome, report_accuracy, translation

EXACT = 1e-9
PEOPLE = (("owner", "person"), ("head_baker", "person"), ("shop_lead", "computer"))


def base(tiny) -> GameState:
    """The tiny bakery after its review: the owner and the head baker are people."""
    state = new_game(tiny, 1, {"owner": "person", "head_baker": "person", "shop_lead": "computer"})
    return replace(state, phase="over", step="", week=12, seats=PEOPLE)


def kr(
    kr_id: str,
    objective: str,
    owner: str,
    qs: list[float],
    *,
    progress: float = 0.0,
    milestone: bool = False,
    done: bool = False,
    named: int | None = None,
) -> KeyResultState:
    """A key result at the quarter's end with the owner's forecast `qs[w]` in week w."""
    history = tuple(Forecast(w, progress, q) for w, q in enumerate(qs))
    return KeyResultState(
        id=kr_id,
        objective=objective,
        owner=owner,
        milestone=milestone,
        goal=1.0,
        progress=progress,
        velocity=0.0,
        noise=0.1,
        hazard=0.1,
        done=done,
        named_week=named,
        history=history,
    )


THREE = (
    Chosen("third_shop", ("third_shop",), ("lease_signed", "station_sales", "bakers_hired")),
    Chosen("raise_nps", ("raise_nps",), ("nps_60", "survey_all", "complaints_down")),
    Chosen("keep_running", ("keep_running",), ("open_days", "no_breakdowns", "staff_rota")),
)


# ---- Focus (B1) --------------------------------------------------------------------------


def test_focus_by_hand(tiny) -> None:
    state = replace(
        base(tiny),
        chosen=THREE,
        candidates=(
            Candidate("third_shop", "locked", argued=True),
            Candidate("raise_nps", "locked"),
            Candidate("cut_waste", "dropped", argued=False),  # dropped unheard
            Candidate("keep_running", "locked"),
        ),
        debate_round=2,  # locked in round 2: two debate rounds (game.scoring.timing.debate_rounds)
        phase_ms=(("priorities", 30 * 60_000),),  # 30 minutes for a budget of 25
    )
    # Value of the three (50): change 1.0, KPI target 0.35, maintenance 0.2, each of 50/3.
    value = (1.0 + 0.35 + 0.2) * 50 / 3  # 25.8333
    # Strategy fit (15): third_shop and raise_nps serve a theme, keep_running none: 2 of 3.
    fit = 2 / 3 * 15  # 10.0
    # Key-result quality (25, 25/3 per objective): share of real picks, −0.25 per unfolded KPI.
    third = 3 / 3  # lease, station sales, bakers: all real
    nps = 2 / 3 - 0.25  # survey is an activity; NPS 60 overlaps the NPS KPI, not folded in
    running = 2 / 3  # the rota is an activity
    quality = (third + nps + running) * 25 / 3  # 17.3611
    # Decision speed (10): 2 rounds ≤ 3 → 1; 30 minutes → 2 − 30/25 = 0.8; the mean, × 10.
    pace = (1.0 + (2 - 30 / 25)) / 2 * 10  # 9.0
    unheard = -3 * 1  # one card dropped before its case was heard
    expected = value + fit + quality + pace + unheard  # 59.1944
    assert focus(state).value == pytest.approx(expected, abs=EXACT)
    assert expected == pytest.approx(59.1944, abs=1e-4)


def test_focus_of_a_merge_over_budget_by_hand(tiny) -> None:
    merged = Chosen(
        "third_shop+cut_waste", ("third_shop", "cut_waste"), ("lease_signed", "waste_5"), ("waste",)
    )
    state = replace(
        base(tiny),
        chosen=(merged, THREE[1]),
        candidates=tuple(Candidate(o.id, "locked", argued=True) for o in tiny.objectives),
        debate_round=5,  # locked in round 5: 5 rounds for a budget of 3
        phase_ms=(("priorities", 20 * 60_000),),
    )
    # Value (50/2 each of two objectives): a merge 0.25, a KPI target 0.35.
    value = (0.25 + 0.35) * 50 / 2  # 15.0
    # Fit: members third_shop, cut_waste and raise_nps all serve a theme.
    fit = 3 / 3 * 15  # 15.0
    # Quality (25/2 each): the merge's picks are real and its KPI folded in; NPS as above.
    quality = (1.0 + (2 / 3 - 0.25)) * 25 / 2  # 17.7083
    # Speed: rounds 5 > 3 → 1 − (5 − 3)/3 = 1/3; 20 minutes within 25 → 1.
    pace = ((1 - 2 / 3) + 1.0) / 2 * 10  # 6.6667
    expected = value + fit + quality + pace  # 54.375
    assert focus(state).value == pytest.approx(expected, abs=EXACT)


# ---- Translation (B2) --------------------------------------------------------------------


def _said(role: str, objective: str, quality: str) -> Translation:
    return Translation(objective, role, "card", 0, "", "", quality)


def test_translation_by_hand(tiny) -> None:
    state = replace(
        base(tiny),
        chosen=THREE,
        translations=(
            _said("head_baker", "third_shop", "translation"),
            _said("head_baker", "raise_nps", "vague"),
            _said("head_baker", "keep_running", "copy"),
            _said("shop_lead", "third_shop", "misaligned"),  # a computer's: not judged
        ),
        thrown=(ThrownBack("third_shop", 0, "head_baker", "owner", "accept"),),
    )
    # 85 points over the people's three translations: 1.0 + 0.3 + 0, each 85/3.
    lines = (1.0 + 0.3 + 0.0) * 85 / 3  # 36.8333
    # Catchball (15): third_shop's one constraint, thrown back and accepted as a risk: 0.6.
    catchball = 0.6 / 1 * 15  # 9.0
    assert translation(state).value == pytest.approx(lines + catchball, abs=EXACT)


def test_translation_when_only_computers_translate_by_hand(tiny) -> None:
    state = replace(
        base(tiny),
        chosen=(THREE[1], THREE[2]),  # no catchball constraints: full marks there
        translations=(
            _said("shop_lead", "raise_nps", "misaligned"),
            _said("shop_lead", "keep_running", "translation"),
        ),
    )
    # Nobody below the top is a person: every translation is judged. (0.2 + 1.0) × 85/2 + 15.
    expected = (0.2 + 1.0) * 85 / 2 + 15  # 66.0
    assert translation(state).value == pytest.approx(expected, abs=EXACT)


# ---- Candour (B3) ------------------------------------------------------------------------


def _candour_state(tiny) -> GameState:
    # lease_signed (the owner's): at risk from week 2, certain to miss from week 6, hidden
    # green in week 2 and named in week 4. bakers_hired (the head baker's): at risk from week 2
    # (week 1 is no check-in), named at once, never certain to miss. station_sales belongs to
    # the computer's shop lead and is not the people's to warn about.
    lease = [0.8, 0.75, 0.5, 0.45, 0.3, 0.2, 0.04, 0.02, 0.02, 0.01, 0.01, 0.01, 0.0]
    bakers = [0.7, 0.6, 0.3, 0.35, 0.4, 0.4, 0.3, 0.3, 0.2, 0.2, 0.1, 0.1, 0.1]
    station = [0.7] * 4 + [0.4] * 9
    return replace(
        base(tiny),
        chosen=(THREE[0],),
        key_results=(
            kr("lease_signed", "third_shop", "owner", lease, milestone=True, named=4),
            kr("bakers_hired", "third_shop", "head_baker", bakers, progress=0.5, named=2),
            kr("station_sales", "third_shop", "shop_lead", station, progress=0.5, named=4),
        ),
        reports=(
            ReportMade(2, "lease_signed", "owner", 8, 0.5),  # hides: 0.8 against 0.5
            ReportMade(2, "bakers_hired", "head_baker", 3, 0.3),  # honest
            ReportMade(2, "station_sales", "shop_lead", 7, 0.7),
            ReportMade(4, "lease_signed", "owner", 3, 0.3),  # honest: named in week 4
            ReportMade(4, "bakers_hired", "head_baker", 2, 0.4),  # sandbags: 0.2 against 0.4
            ReportMade(4, "station_sales", "shop_lead", 4, 0.4),  # the computer names it
        ),
        reactions=(
            Reaction(2, "station_sales", "owner", "challenge", uncovered=True),
            Reaction(4, "station_sales", "owner", "support"),
            Reaction(4, "station_sales", "head_baker", "blame"),
        ),
    )


def test_report_accuracy_by_hand() -> None:
    # 1 − w·(p − q)² / (1 − q(1 − q)), w = 1.5 when p > q.
    assert report_accuracy(0.8, 0.5) == pytest.approx(1 - 1.5 * 0.09 / 0.75, abs=EXACT)  # 0.82
    assert report_accuracy(0.2, 0.4) == pytest.approx(1 - 0.04 / 0.76, abs=EXACT)  # 0.947368
    assert report_accuracy(0.3, 0.3) == pytest.approx(1.0, abs=EXACT)
    assert report_accuracy(1.0, 0.0) == pytest.approx(1 - 1.5, abs=EXACT)  # floored in Candour


def test_candour_by_hand(tiny) -> None:
    # Reports (60): the people's four, each against the forecast stored with it.
    reports = (
        (
            (1 - 1.5 * (0.8 - 0.5) ** 2 / (1 - 0.5 * 0.5))  # 0.82
            + 1.0  # bakers 3/10 on 0.3
            + 1.0  # lease 3/10 on 0.3
            + (1 - (0.2 - 0.4) ** 2 / (1 - 0.4 * 0.6))  # 0.947368
        )
        / 4
        * 60
    )  # 56.5105
    # Early warning (25): lease could be named in week 2, certain to miss in week 6, named in
    # week 4: 1 − (4 − 2) / (6 − 2) = 0.5. Bakers: could be named in week 2, named in week 2: 1.
    warning = (0.5 + 1.0) / 2 * 25  # 18.75
    # Reactions (15) to others' bad news (the shop lead's red in week 4): support 1, blame 0;
    # the challenge that uncovered a green in week 2 counts 1.
    reactions = (1.0 + 0.0 + 1.0) / 3 * 15  # 10.0
    expected = reports + warning + reactions  # 85.2605
    assert candour(_candour_state(tiny)).value == pytest.approx(expected, abs=EXACT)
    assert expected == pytest.approx(85.2605, abs=1e-4)


def test_candour_without_reactions_to_bad_news_by_hand(tiny) -> None:
    state = replace(_candour_state(tiny), reactions=())
    # As above, but nobody reacted to the shop lead's red: 0.5 of the 15 reaction points.
    reports = (0.82 + 1.0 + 1.0 + (1 - 0.04 / 0.76)) / 4 * 60
    expected = reports + 18.75 + 0.5 * 15  # 82.7605
    assert candour(state).value == pytest.approx(expected, abs=EXACT)


# ---- Outcome -----------------------------------------------------------------------------


def _kpis(tiny, out_at_the_end: str) -> tuple[KpiState, ...]:
    found = []
    for k in tiny.kpis:
        inside = (k.band.low + k.band.high) / 2
        last = k.band.low - 2 if k.id == out_at_the_end else inside
        history = (KpiWeek(0, k.current), KpiWeek(4, inside), KpiWeek(8, inside), KpiWeek(12, last))
        found.append(KpiState(k.id, last, 0.0, 0.0, history=history))
    return tuple(found)


def test_outcome_by_hand(tiny) -> None:
    flat = [0.5] * 13
    state = replace(
        base(tiny),
        chosen=THREE,
        key_results=(
            kr("lease_signed", "third_shop", "owner", flat, milestone=True, done=False),  # 0
            kr("station_sales", "third_shop", "shop_lead", flat, progress=0.5),  # 0.5
            kr("bakers_hired", "third_shop", "head_baker", flat, progress=0.5),  # 0.5
            kr("nps_60", "raise_nps", "shop_lead", flat, progress=1.0),  # 1.0
            kr("survey_all", "raise_nps", "shop_lead", flat, progress=1.0),  # activity: 1.0
            kr("complaints_down", "raise_nps", "shop_lead", flat, progress=0.8),  # 0.8
            kr("open_days", "keep_running", "shop_lead", flat, progress=1.0),  # 1.0
            kr("no_breakdowns", "keep_running", "shop_lead", flat, milestone=True, done=True),
            kr("staff_rota", "keep_running", "shop_lead", flat, milestone=True, done=True),
        ),
        kpis=_kpis(tiny, out_at_the_end="nps"),
    )
    # Key results attained (40): real ones weigh 1, the two activities 0.3.
    real = 0 + 0.5 + 0.5 + 1.0 + 0.8 + 1.0 + 1.0  # 4.8 over 7 real key results
    decoys = 0.3 * 1.0 + 0.3 * 1.0  # survey and rota, both done
    attained = (real + decoys) / (7 + 0.6) * 40  # 28.4211
    # Strategic impact (40): Σ impact × mean attainment of the real key results, over the three
    # highest impacts among the candidates (9 + 6 + 3 = 18).
    impact = (9 * (0 + 0.5 + 0.5) / 3 + 3 * (1.0 + 0.8) / 2 + 1 * (1.0 + 1.0) / 2) / 18 * 40
    # KPIs in band (20): 5 KPIs × reviews in weeks 4, 8, 12; NPS ends under its band.
    band = 14 / 15 * 20  # 18.6667
    expected = attained + impact + band  # 28.4211 + 14.8889 + 18.6667 = 61.9766
    assert outcome(state).value == pytest.approx(expected, abs=EXACT)
    assert expected == pytest.approx(61.9766, abs=1e-4)


def test_outcome_of_a_merge_by_hand(tiny) -> None:
    merged = Chosen("third_shop+cut_waste", ("third_shop", "cut_waste"), ("lease_signed",))
    flat = [0.5] * 13
    state = replace(
        base(tiny),
        chosen=(merged,),
        key_results=(kr("lease_signed", merged.id, "owner", flat, milestone=True, done=True),),
        kpis=_kpis(tiny, out_at_the_end=""),
    )
    # Attained: the one real key result, done: 1 × 40. Impact: the merge's mean impact
    # (9 + 6) / 2 = 7.5, × 0.6 for a merge, × 1.0 attained, over 18. Every KPI in band: 20.
    expected = 1.0 * 40 + 7.5 * 0.6 * 1.0 / 18 * 40 + 20  # 40 + 10 + 20 = 70
    assert outcome(state).value == pytest.approx(expected, abs=EXACT)


def test_the_total_weighs_the_components_by_hand(tiny) -> None:
    state = replace(
        _candour_state(tiny),
        chosen=THREE,
        candidates=tuple(Candidate(c.id, "locked", argued=True) for c in THREE),
        debate_round=2,
        phase_ms=(("priorities", 10 * 60_000),),
    )
    s = score(state)
    # The tiny bakery weighs each component 0.25.
    expected = 0.25 * (s.focus.value + s.translation.value + s.candour.value + s.outcome.value)
    assert s.total == pytest.approx(expected, abs=EXACT)
    assert s.as_dict()["candour"] == round(candour(state).value, 2)
