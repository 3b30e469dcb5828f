"""The start screen's settings: built from the command line, changed one key at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import load_scenario
from game.session.start import Setup, SetupError, parse_people, scenario_choices

ROOT = Path(__file__).resolve().parents[2]
NORTHWIND = ROOT / "scenarios" / "northwind.yaml"


@pytest.fixture(scope="module")
def northwind():
    return load_scenario(NORTHWIND)


def test_the_scenario_says_who_is_a_person_by_default(northwind):
    setup = Setup.for_scenario(northwind, str(NORTHWIND))
    assert setup.people == ("ceo", "vp_sales", "vp_operations")
    assert setup.seats()["cfo"] == "computer"
    assert setup.seats()["ceo"] == "person"


def test_people_from_the_command_line_in_scenario_order(northwind):
    setup = Setup.for_scenario(northwind, "x", people=parse_people("vp_operations, ceo,cfo"))
    assert setup.people == ("ceo", "vp_operations", "cfo")
    assert [r for r, by in setup.seats().items() if by == "person"] == [
        "ceo",
        "vp_operations",
        "cfo",
    ]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"people": ("ceo", "cmo")}, "no role 'cmo' in this scenario (roles: ceo, "),
        ({"people": ()}, "at least one role"),
        ({"solo": "nobody"}, "no role 'nobody'"),
        ({"solo": "ceo", "people": ("ceo",)}, "either solo practice or who the people are"),
        ({"teams": 7}, "teams: 1 to 6, not 7"),
        ({"pressure": "extreme"}, "not 'extreme'"),
        ({"timer_percent": 33}, "not 33"),
    ],
)
def test_choices_that_do_not_fit_are_named(northwind, options, words):
    with pytest.raises(SetupError, match=None) as no:
        Setup.for_scenario(northwind, "x", **options)
    assert words in str(no.value)


def test_parse_people_needs_a_role():
    with pytest.raises(SetupError, match="one or more role ids"):
        parse_people(" , ")


def test_solo_is_one_person_and_a_seat_switched_on_ends_it(northwind):
    setup = Setup.for_scenario(northwind, "x")
    solo = setup.next_solo()
    assert solo.solo == "ceo" and solo.people == ("ceo",)
    assert solo.next_solo().solo == "vp_sales"
    assert solo.next_solo(-1).solo is None
    assert solo.next_solo(-1).people == (
        "ceo",
        "vp_sales",
        "vp_operations",
    )  # back to the scenario's
    two = solo.toggle_person("cfo")
    assert two.solo is None and two.people == ("ceo", "cfo")


def test_the_last_person_stays_a_person(northwind):
    setup = Setup.for_scenario(northwind, "x", people=("cfo",))
    assert setup.toggle_person("cfo").people == ("cfo",)


def test_settings_cycle(northwind):
    setup = Setup.for_scenario(northwind, "x")
    assert setup.next_pressure().pressure == "high"
    assert setup.next_pressure(-1).pressure == "low"
    assert setup.next_teams(-1).teams == 6 and setup.next_teams().teams == 2
    assert setup.next_timer().timer_percent == 125
    assert setup.toggle_warmup().warmup is False


def test_another_scenario_brings_its_own_seats(northwind):
    ironvale = load_scenario(ROOT / "scenarios" / "ironvale.yaml")
    setup = Setup.for_scenario(northwind, "x", pressure="high", teams=2).next_solo()
    other = setup.with_scenario(ironvale, "y")
    assert other.pressure == "high" and other.teams == 2
    assert other.solo == "ceo" and other.people == ("ceo",)  # Ironvale has a CEO too
    plain = Setup.for_scenario(northwind, "x").with_scenario(ironvale, "y")
    assert plain.people == ("ceo", "gm_dunmere", "gm_ashby")  # Ironvale's own seats


def test_scenario_choices_list_the_given_one_first_and_each_once():
    found = scenario_choices(NORTHWIND, [NORTHWIND])
    assert found[0] == NORTHWIND
    assert len({p.resolve() for p in found}) == len(found)
    assert {p.stem for p in found} >= {"northwind", "ironvale", "rivermead", "brightlane"}
