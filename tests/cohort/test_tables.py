"""The cohort's tables hold what the session files hold: every action, every report and the
scores the game itself gives; a garbled line of any kind makes its file broken (named by the
session package), never a silently different row; filters and the before/after split keep the
sessions they say (docs/cohort.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cohort.run import Options, run
from game.engine import new_game
from game.scenario import load_scenario, scenario_hash
from game.scoring import score
from game.session.autoplay import steps
from game.session.log import SessionWriter, new_header
from tests.session.helpers import TINY, lines

POLICIES = ("good", "hider", "blamer", "late")


def write_game(path: Path, seed: int, policy: str, pressure: str = "normal") -> list:
    scenario = load_scenario(TINY)
    start = new_game(scenario, seed, scenario_hash=scenario_hash(scenario), pressure=pressure)
    header = new_header(start, teams=[{"name": f"Team {seed}", "policy": policy}])
    played = list(steps(scenario, policy, seed, pressure))
    with SessionWriter.create(header, path) as writer:
        for step in played:
            writer.append(step.action, step.state)
    return played


@pytest.fixture(scope="module")
def games(tmp_path_factory):
    root = tmp_path_factory.mktemp("games")
    played = {}
    for i, policy in enumerate(POLICIES):
        pressure = "high" if i % 2 else "normal"
        path = root / ("early" if i < 2 else "late") / f"g{i}.jsonl"
        path.parent.mkdir(exist_ok=True)
        played[path] = (policy, pressure, write_game(path, i, policy, pressure))
    return root, played


def cohort(tmp_path: Path, *paths: Path, **options) -> object:
    temp = tmp_path / "temp"
    temp.mkdir(parents=True)
    return run(
        Options(paths=[str(p) for p in paths], scenarios=[TINY], progress=False, **options), temp
    )


def test_tables_hold_every_action_report_and_the_games_own_scores(games, tmp_path):
    root, played = games
    c = cohort(tmp_path, root)
    assert c.problems == [] and c.read == c.kept == len(played)
    for path, (_policy, _pressure, steps_) in played.items():
        (session,) = c.con.execute(
            "SELECT session FROM sessions WHERE path = ?", [str(path)]
        ).fetchone()
        kinds = [
            k
            for (k,) in c.con.execute(
                "SELECT kind FROM actions WHERE session = ? ORDER BY n", [session]
            ).fetchall()
        ]
        assert kinds == [s.action.to_dict()["kind"] for s in steps_]
        final = steps_[-1].state
        want = score(final)
        got = c.con.execute(
            "SELECT focus, translation, candour, outcome, total FROM scores WHERE session = ?",
            [session],
        ).fetchone()
        parts = (want.focus, want.translation, want.candour, want.outcome)
        assert got == pytest.approx([p.value for p in parts] + [want.total], abs=0.01)
        reports = c.con.execute(
            "SELECT count(*) FROM reports WHERE session = ?", [session]
        ).fetchone()[0]
        assert reports > 0


@pytest.mark.parametrize(
    "garble",
    [
        "{garbled\n",  # not JSON
        '{"n": 6, "action": {}, "hash": "x"}\n',  # an action without its kind
        '{"n": "six", "action": {"kind": "advance"}}\n',  # a number that is not one
        "[1, 2, 3]\n",  # JSON, not an object of ours
        '{"n": 99, "action": {"kind": "advance"}, "hash": "x"}\n',  # a gap in the numbers
    ],
)
def test_a_garbled_line_makes_its_file_broken_and_named(games, tmp_path, garble):
    _root, played = games
    source = next(iter(played))
    rows = lines(source)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(rows[:6]) + garble + "".join(rows[7:]), encoding="utf-8")
    c = cohort(tmp_path, bad, source)
    (problem,) = c.problems
    assert problem.kind == "broken" and problem.file == str(bad)
    assert f"{bad}:7:" in problem.message
    assert c.con.execute("SELECT count(*) FROM scores").fetchone()[0] == 1


def test_filters_and_the_before_after_split(games, tmp_path):
    root, played = games
    high = cohort(tmp_path / "a", root, pressures=["high"])
    assert high.kept == sum(1 for _, p, _ in played.values() if p == "high")
    pressures = {p for (p,) in high.con.execute("SELECT pressure FROM sessions").fetchall()}
    assert pressures == {"high"}
    split = cohort(tmp_path / "b", root, before=str(root / "early"), after=str(root / "late"))
    groups = dict(
        split.con.execute("SELECT compared, count(*) FROM sessions GROUP BY 1").fetchall()
    )
    assert groups == {"before": 2, "after": 2}
    total = next(row for row in split.comparison if row["measure"] == "total")
    means = dict(
        split.con.execute(
            "SELECT s.compared, avg(c.total) FROM sessions s JOIN scores c USING (session) "
            "GROUP BY 1"
        ).fetchall()
    )
    assert total["change"] == pytest.approx(means["after"] - means["before"], abs=1e-3)
    assert total["ci_low"] <= total["change"] <= total["ci_high"]
    json.dumps(split.comparison)  # plain data, as the report writes it
