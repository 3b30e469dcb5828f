"""The headroom verdict: good at the ceiling, or a thin margin, is said in words."""

from __future__ import annotations

from game.session.balance import Balance, Check
from game.session.headroom import headroom


def result(good: dict[str, float], margins: list[tuple[float, float]]) -> Balance:
    b = Balance(runs=10, seed=0)
    b.policies["good"] = {k: (v, (v - 0.2, v + 0.2)) for k, v in good.items()}
    for n, (m, lo) in enumerate(margins):
        b.checks.append(Check(f"good beats rival{n} on outcome", lo > 0, m, (lo, 2 * m - lo)))
    b.checks.append(Check("naming bad news costs standing that week", True, 0.05, (0.01, 0.09)))
    return b


def test_two_components_at_the_ceiling_are_too_easy() -> None:
    room = headroom(
        result({"focus": 100.0, "translation": 99.9, "candour": 80, "outcome": 90}, [(5, 4)])
    )
    assert room.too_easy
    text = room.verdict()
    assert "too easy: good scores 100.0, 99.9 on Focus and Translation" in text
    assert "objectives[].type" in text and "objectives[].translations[]" in text
    assert room.as_json()["components"]["focus"] == {
        "good": 100.0,
        "headroom": 0.0,
        "at_ceiling": True,
    }


def test_a_thin_margin_is_named_and_the_naming_check_is_not() -> None:
    room = headroom(
        result({"focus": 90, "translation": 90, "candour": 80, "outcome": 70}, [(0.3, 0.1), (6, 5)])
    )
    assert room.too_easy and room.thin == ["good beats rival0 on outcome"]
    assert "within noise of zero: good beats rival0 on outcome" in room.verdict()


def test_a_scenario_with_teeth() -> None:
    room = headroom(
        result({"focus": 99.5, "translation": 90, "candour": 80, "outcome": 70}, [(6, 5)])
    )
    assert not room.too_easy and "has teeth" in room.verdict()


def test_a_failing_check_is_left_to_the_tuning_table() -> None:
    room = headroom(
        result({"focus": 90, "translation": 90, "candour": 80, "outcome": 70}, [(-0.01, -0.05)])
    )
    assert room.thin == [] and not room.too_easy
    assert "within noise" not in room.verdict()


def test_three_at_the_ceiling_and_a_thin_margin_read_as_sentences() -> None:
    room = headroom(
        result({"focus": 100, "translation": 100, "candour": 99.5, "outcome": 90}, [(0.3, 0.1)])
    )
    text = room.verdict()
    assert text.startswith(
        "Headroom: too easy: good scores 100.0, 100.0, 99.5 on Focus, Translation and Candour, "
        "so the room gets those right without having to learn anything"
    )
    assert ". Within noise of zero: good beats rival0 on outcome (the lesson is too thin" in text
