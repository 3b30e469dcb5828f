"""The lint rules that play the scenario with the engine (game/session/play_lint.py).

Each rule is shown firing on a scenario that should trigger it and staying quiet on one that
should not; the figures in its message are checked against the engine's own play."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli.main import main
from game.cli.new import render
from game.scenario import load_scenario, parse_scenario
from game.scenario.loader import builtin_path
from game.session import play_lint
from game.session.play_lint import (
    KpisFirstRescoping,
    check_capacity,
    check_hopeless_events,
    rescued,
    squeeze,
    with_capacity,
)

# The skeleton's first event (week 2, the first check-in) and the same effect made crushing: a
# shift that sets the renewals back by more than their whole gap (0 → 15).
EARLY = "effects: [{target: renewals_signed, velocity: -0.2}, {target: at_risk_offices,"
HOPELESS = "effects: [{target: renewals_signed, shift: -20}, {target: at_risk_offices,"
SOFT = "effects: [{target: renewals_signed, shift: -2}, {target: at_risk_offices,"


def skeleton(tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / "example.yaml"
    path.write_text(text if text is not None else render("example"), encoding="utf-8")
    return path


def test_the_skeleton_has_no_play_warnings() -> None:
    scenario, _ = parse_scenario(render("example").encode("utf-8"), "example.yaml")
    assert play_lint.play_findings(scenario) == []


def test_an_early_event_that_leaves_a_key_result_hopeless_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = render("example")
    assert text.count(EARLY) == 1
    path = skeleton(tmp_path, text.replace(EARLY, HOPELESS))
    scenario = load_scenario(path)
    (finding,) = check_hopeless_events(scenario)
    assert finding.path == ("events", 0, "effects", 0, "shift")
    message = finding.message
    assert message.startswith(
        "'A big office calls a review' (week 2) leaves '15 of the 20 renewed' hopeless before "
        "anyone can react: even reported honestly at the first check-in (week 2), supported and "
        "given its 2 corrective actions (the most the rules allow) at once, it ends at "
    )
    assert message.endswith("soften its shift (-20) until the room's reaction can save it")
    # The figures are the engine's: the rescued games, with the effect and without it.
    with_it = [rescued(scenario, seed, "renewals_signed") for seed in range(play_lint.SEEDS)]
    calm = play_lint.without_effect(scenario, 0, 0)
    without = [rescued(calm, seed, "renewals_signed") for seed in range(play_lint.SEEDS)]
    hopeless = [(q, b) for q, b in zip(with_it, without, strict=True) if q < 0.5 * b]
    assert len(hopeless) * 2 > play_lint.SEEDS
    mean = sum(q for q, _ in hopeless) / len(hopeless)
    assert f"it ends at {mean:.0%} on {len(hopeless)} of {play_lint.SEEDS} seeds" in message
    # validate prints it at the effect's line, and --no-play leaves it out.
    assert main(["validate", "--no-fit", str(path)]) == 0
    out = capsys.readouterr().out
    line = next(n for n, row in enumerate(text.splitlines(), 1) if EARLY in row)
    assert f"{path}:{line}:" in out and "hopeless" in out
    assert main(["validate", "--no-fit", "--strict", str(path)]) == 1
    capsys.readouterr()
    assert main(["validate", "--no-fit", "--no-play", str(path)]) == 0
    assert "hopeless" not in capsys.readouterr().out


def test_an_effect_the_room_can_answer_is_not_hopeless(tmp_path: Path) -> None:
    text = render("example")
    soft = load_scenario(skeleton(tmp_path, text.replace(EARLY, SOFT)))
    assert list(check_hopeless_events(soft)) == []


def test_a_crushing_event_after_the_first_check_in_is_left_to_the_reports(tmp_path: Path) -> None:
    """The rule is about events before anyone can report; a later one is news to name."""
    text = render("example").replace(EARLY, HOPELESS)
    later = text.replace(
        'three failed repairs in a month.", week: 2,', 'three failed repairs in a month.", week: 3,'
    )
    assert later != text
    assert list(check_hopeless_events(load_scenario(skeleton(tmp_path, later)))) == []


def test_capacity_eaten_by_trade_offs_is_named_with_its_numbers() -> None:
    northwind = load_scenario(builtin_path())
    assert list(check_capacity(northwind)) == []  # 6: enough for the KPIs and corrections
    tight = with_capacity(northwind, 3)
    (finding,) = check_capacity(tight)
    assert finding.path == ("quarter", "capacity")
    message = finding.message
    assert message.startswith("capacity is one pool: trading off every catchball constraint")
    assert "of the quarter's 3 (quarter.capacity)" in message
    assert "objectives[].throwbacks" in message
    games = [squeeze(tight, seed) for seed in range(play_lint.SEEDS)]
    short = [g for g in games if g.starved]
    assert f"on {len(short)} of {play_lint.SEEDS} seeds" in message
    assert "when every constraint is re-scoped instead (a re-scope costs nothing)" in message
    # The capacity it asks for is the least that is enough: the warning goes away there.
    need = int(message.split("raise quarter.capacity to ")[1].split(",")[0])
    assert need > 3
    assert list(check_capacity(with_capacity(northwind, need))) == []
    assert list(check_capacity(with_capacity(northwind, need - 1)))


def test_capacity_too_small_even_without_trade_offs_blames_the_events_and_kpis() -> None:
    (finding,) = check_capacity(with_capacity(load_scenario(builtin_path()), 1))
    assert "when every constraint is re-scoped, so the events and KPI drift alone" in (
        finding.message
    )


def test_trading_off_costs_the_capacity_the_engine_charges() -> None:
    northwind = load_scenario(builtin_path())
    traded = squeeze(northwind, 0)
    rescoped = squeeze(northwind, 0, KpisFirstRescoping())
    capacity = northwind.quarter.capacity
    assert traded.traded > rescoped.traded
    assert traded.left_for_quarter == capacity - traded.traded
    assert rescoped.left_for_quarter == capacity - rescoped.traded
    assert traded.spare <= traded.left_for_quarter
