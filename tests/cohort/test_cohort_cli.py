"""offsite cohort over a small generated set: summaries read, old files replayed, hostile team
names escaped, broken and foreign files listed and never fatal, Parquet readable by pyarrow."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from game.engine import new_game
from game.scenario import load_scenario, scenario_hash
from game.session.autoplay import steps
from game.session.log import SessionWriter, new_header
from tests.session.helpers import TINY, lines, offsite

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("cohort")
    scenario = load_scenario(TINY)
    for i, policy in enumerate(("good", "hider", "late", "good")):
        start = new_game(scenario, i, scenario_hash=scenario_hash(scenario))
        name = HOSTILE if i == 1 else f"Team {i}"
        with SessionWriter.create(
            new_header(start, teams=[{"name": name, "policy": policy}]), root / f"s{i}.jsonl"
        ) as w:
            for step in steps(scenario, policy, i):
                w.append(step.action, step.state)
    old = root / "s3.jsonl"  # as written before summaries: scored by replay
    old.write_text("".join(lines(old)[:-1]), encoding="utf-8")
    (root / "notes.txt").write_text("not a session\n", encoding="utf-8")
    broken = root / "broken.jsonl"
    rows = lines(root / "s0.jsonl")
    broken.write_text("".join(rows[:5]) + "{garbled\n" + "".join(rows[6:]), encoding="utf-8")
    return root


def test_the_report_is_written_and_names_every_problem(folder, tmp_path, capsys):
    out, parquet = tmp_path / "out", tmp_path / "pq"
    code, stdout, err = offsite(
        capsys,
        "cohort",
        str(folder),
        "-o",
        str(out),
        "--parquet",
        str(parquet),
        "--scenarios",
        str(TINY),
        "--no-cache",
        "--no-progress",
        "--json",
    )
    assert code == 0, err
    data = json.loads(stdout)
    assert data["read"] == 5  # four sessions and the broken one (notes.txt is not a session)
    o = data["overview"]
    assert (o["finished"], o["from_summary"], o["from_replay"]) == (4, 3, 1)
    kinds = {p["kind"] for p in data["problems"]}
    assert kinds == {"broken", "foreign"}
    broken = next(p for p in data["problems"] if p["kind"] == "broken")
    assert "broken.jsonl:6: error:" in broken["message"]
    html = (out / "cohort.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "notes.txt" in html and "broken.jsonl" in html
    assert (out / "scores_by_scenario.png").read_bytes()[:4] == b"\x89PNG"
    sessions = pq.read_table(parquet / "sessions.parquet")
    assert sessions.num_rows == 5
    scores = pq.read_table(parquet / "scores.parquet").to_pydict()
    assert len(scores["total"]) == 4


def test_anonymised_drops_team_names(folder, tmp_path, capsys):
    out = tmp_path / "anon"
    code, _, err = offsite(
        capsys,
        "cohort",
        str(folder),
        "-o",
        str(out),
        "--anonymise",
        "--no-cache",
        "--no-progress",
        "--scenarios",
        str(TINY),
    )
    assert code == 0, err
    text = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.csv"))
    text += (out / "cohort.html").read_text(encoding="utf-8")
    assert "Team 0" not in text
    assert "alert" not in text
    assert str(folder) not in text
    assert "Anonymised" in text


def test_wrong_usage_and_nothing_to_read(tmp_path, capsys):
    with pytest.raises(SystemExit) as usage:
        offsite(capsys, "cohort", str(tmp_path), "--since", "yesterday")
    assert usage.value.code == 2
    for bad in (("--memory", "lots"), ("--threads", "0"), ("--replay", "-1")):
        with pytest.raises(SystemExit) as usage:
            offsite(capsys, "cohort", str(tmp_path), *bad)
        assert usage.value.code == 2, bad
    code, _, err = offsite(capsys, "cohort", str(tmp_path / "none"), "-o", str(tmp_path / "o"))
    assert code == 1 and "no session file could be read" in err
