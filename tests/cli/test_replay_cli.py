"""`offsite replay`: every recorded state hash checked; the first line that differs named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.cli.main import main
from tests.conftest import FIXTURES
from tests.session.helpers import edit_header, reseal_file

TINY = FIXTURES / "good" / "tiny.yaml"


def offsite(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    """A tiny game stopped after 40 actions (built once; tests copy it)."""
    path = tmp_path_factory.mktemp("replay") / "game.jsonl"
    assert main(["autoplay", str(TINY), "--session", str(path), "--stop-after", "40"]) == 0
    return path


@pytest.fixture
def session(recorded, tmp_path, capsys) -> Path:
    capsys.readouterr()
    return Path(shutil.copy(recorded, tmp_path / "game.jsonl"))


def change_line(path: Path, number: int, reseal: bool = True, **action) -> None:
    """Change an action; with `reseal` the chain is made whole again (as if the program had
    logged it: only the state hashes can tell), without it the edit breaks the chain."""
    rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    record = json.loads(rows[number - 1])
    record["action"].update(action)
    rows[number - 1] = json.dumps(record) + "\n"
    path.write_text("".join(rows), encoding="utf-8")
    if reseal:
        reseal_file(path)


def test_a_whole_session_replays(session, capsys):
    code, out, _ = offsite(capsys, "replay", str(session), "--scenario", str(TINY), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["session", "actions", "ok", "first_mismatch", "state_hash"]
    assert (data["session"], data["actions"], data["ok"]) == (str(session), 40, True)
    assert data["first_mismatch"] is None and len(data["state_hash"]) == 64
    code, out, _ = offsite(capsys, "replay", str(session), "--scenario", str(TINY))
    assert out.startswith(f"{session}: 40 actions replayed; every recorded state hash matches")
    assert "The game is not over; go on with: offsite autoplay" in out


def test_a_tampered_action_is_named_by_its_line(session, capsys):
    change_line(session, 12, ms=1)  # the same move, said to have taken another time
    before = session.read_bytes()
    code, out, err = offsite(capsys, "replay", str(session), "--scenario", str(TINY))
    assert code == 1 and out == ""
    assert err.startswith(f"{session}:12: error: action 11 (")
    assert "the state hash differs from the one recorded" in err
    assert len(err.splitlines()) == 1
    code, out, _ = offsite(capsys, "replay", str(session), "--scenario", str(TINY), "--json")
    data = json.loads(out)
    assert (data["ok"], data["first_mismatch"]) == (False, 12)
    assert session.read_bytes() == before  # replay never writes


def test_an_action_edited_by_hand_breaks_the_chain_at_its_line(session, capsys):
    change_line(session, 12, reseal=False, ms=1)
    before = session.read_bytes()
    code, out, err = offsite(capsys, "replay", str(session), "--scenario", str(TINY), "--json")
    assert code == 1
    assert err.startswith(f"{session}:12: error: action 11 was changed after it was written")
    assert "the 10 actions before it are intact" in err
    assert json.loads(out)["first_mismatch"] == 12
    code, _, err = offsite(capsys, "autoplay", "--session", str(session), "--resume")
    assert code == 1 and err.startswith(f"{session}:12: error: action 11 was changed")
    assert session.read_bytes() == before


@pytest.mark.parametrize(
    "change", [{"teams": [{"name": "Winners", "policy": "good"}]}, {"seed": 2}, {"created": "x"}]
)
def test_a_header_edited_by_hand_is_named_as_such_and_refused(session, capsys, tmp_path, change):
    edit_header(session, reseal=False, **change)
    before = session.read_bytes()
    code, out, err = offsite(capsys, "replay", str(session), "--scenario", str(TINY), "--json")
    assert code == 1
    assert err.startswith(f"{session}:1: error: the header was changed after the session began")
    assert json.loads(out)["first_mismatch"] == 1
    code, _, err = offsite(capsys, "autoplay", str(TINY), "--session", str(session), "--resume")
    assert code == 1 and "the header was changed" in err
    code, _, err = offsite(
        capsys, "report", str(session), "--scenario", str(TINY), "-o", str(tmp_path / "r")
    )
    assert code == 1 and "the header was changed" in err
    assert not (tmp_path / "r").exists()
    assert session.read_bytes() == before


def test_a_rejected_action_is_named_by_its_line(session, capsys):
    change_line(session, 2, kind="lock")  # action 1 was the Advance out of the briefing
    code, out, err = offsite(capsys, "replay", str(session), "--scenario", str(TINY), "--json")
    assert code == 1
    assert err.startswith(f"{session}:2: error: action 1 (lock, room) is rejected: ")
    assert json.loads(out)["first_mismatch"] == 2


def test_a_tampered_hash_is_named_by_its_line(session, capsys):
    rows = session.read_text(encoding="utf-8").splitlines(keepends=True)
    record = json.loads(rows[29])
    record["hash"] = "0" * 64
    rows[29] = json.dumps(record) + "\n"
    session.write_text("".join(rows), encoding="utf-8")
    reseal_file(session)
    code, _, err = offsite(capsys, "replay", str(session), "--scenario", str(TINY))
    assert code == 1 and err.startswith(f"{session}:30: error: action 29 ")
    assert "(recorded 000000000000…" in err


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "1: error: the file is empty"),
        (b"name,score\nada,3\n", "1: error: not an Offsite session"),
    ],
)
def test_files_that_are_not_sessions(tmp_path, capsys, content, message):
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    code, out, err = offsite(capsys, "replay", str(path), "--json")
    assert code == 1
    assert err == f"{path}:{message}" + err.split(message, 1)[1]
    assert len(err.splitlines()) == 1
    data = json.loads(out)
    assert data["ok"] is False and data["error"] == err.strip()
    assert path.read_bytes() == content


def test_another_scenario_is_refused_with_the_reason(session, capsys):
    code, _, err = offsite(capsys, "replay", str(session), "--scenario", "northwind")
    assert code == 1
    assert "is another scenario ('northwind')" in err
    code, _, err = offsite(capsys, "replay", str(session))
    assert code == 1 and "which is not built in: give its file with --scenario FILE" in err


def test_replay_is_listed_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "replay" in capsys.readouterr().out
