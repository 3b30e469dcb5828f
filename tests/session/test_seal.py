"""Sealed sessions: the header is in the hash chain, one writer at a time, appends only;
format 1 files (from before the seal) still replay, resume and report."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import new_game, state_hash
from game.scenario import load_scenario, scenario_hash
from game.session.autoplay import play
from game.session.log import SessionError, SessionWriter, load, seal_of
from tests.conftest import ROOT
from tests.session.helpers import TINY, lines, offsite


def autoplayed(capsys, path: Path, stop: int = 30) -> Path:
    code, _, err = offsite(
        capsys, "autoplay", str(TINY), "--session", str(path), "--stop-after", str(stop)
    )
    assert code == 0, err
    return path


def downgrade(path: Path) -> None:
    """Rewrite a session as Offsite wrote format 1: no seal, no chain."""
    rows = [json.loads(row) for row in lines(path)]
    rows[0].pop("seal")
    rows[0]["format_version"] = 1
    for record in rows[1:]:
        record.pop("chain")
    text = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")


def test_the_header_is_sealed_and_every_line_chained_to_it(tmp_path, capsys):
    path = autoplayed(capsys, tmp_path / "game.jsonl")
    rows = [json.loads(row) for row in lines(path)]
    header = rows[0]
    assert header["format_version"] == 2 and header["seal"] == seal_of(header)
    links = [header["seal"]] + [r["chain"] for r in rows[1:]]
    assert len(set(links)) == len(links)  # every line has its own link
    # The same actions under another team name: every link differs, not just the seal.
    other = dict(header, teams=[{"name": "Other", "policy": "good"}])
    assert seal_of(other) != header["seal"]


def test_two_writers_on_one_file_the_second_is_refused(tmp_path, capsys):
    path = autoplayed(capsys, tmp_path / "game.jsonl")
    count = len(load(path)[1])
    first = SessionWriter.open(path, count)
    try:
        with pytest.raises(SessionError) as caught:
            SessionWriter.open(path, count)
        assert str(caught.value) == (
            f"{path}: error: another Offsite is writing this session right now (a game still "
            "open in another window or terminal): close that game first, then resume"
        )
        before = path.read_bytes()
        code, out, err = offsite(capsys, "autoplay", str(TINY), "--session", str(path), "--resume")
        assert (code, out) == (1, "")
        assert "another Offsite is writing this session" in err
        assert path.read_bytes() == before
    finally:
        first.close()
    code, _, err = offsite(capsys, "autoplay", str(TINY), "--session", str(path), "--resume")
    assert code == 0, err  # the lock goes with the first writer


def test_a_writer_in_another_process_holds_the_lock_until_it_ends(tmp_path, capsys):
    path = autoplayed(capsys, tmp_path / "game.jsonl")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from game.session.log import SessionWriter;"
            f"w = SessionWriter.open(Path({str(path)!r}), 30); print('held', flush=True);"
            "sys.stdin.read()",
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        code, _, err = offsite(capsys, "autoplay", str(TINY), "--session", str(path), "--resume")
        assert code == 1 and "another Offsite is writing this session" in err
    finally:
        holder.communicate("")  # ends it: the system drops its lock
    code, _, err = offsite(capsys, "autoplay", str(TINY), "--session", str(path), "--resume")
    assert code == 0, err


def test_appends_cannot_overwrite(tmp_path, capsys):
    path = autoplayed(capsys, tmp_path / "game.jsonl", 20)
    _, actions, _, _ = load(path)
    scenario = load_scenario(TINY)
    start_game = new_game(scenario, 1, scenario_hash=scenario_hash(scenario))  # any state
    with SessionWriter.open(path, len(actions)) as writer:
        assert os.O_APPEND & fcntl.fcntl(writer._file.fileno(), fcntl.F_GETFL)
        writer._file.seek(0)  # even a writer that seeks back only ever appends
        writer.append(actions[0], start_game)
    rows = lines(path)
    assert len(rows) == 22 and json.loads(rows[-1])["n"] == 21
    assert json.loads(rows[1])["n"] == 1  # line 2 is still action 1


def test_a_session_path_that_is_a_folder_is_named_as_such(tmp_path, capsys):
    code, _, err = offsite(capsys, "autoplay", str(TINY), "--session", str(tmp_path))
    assert code == 1
    assert err == (
        f"{tmp_path}: error: is a folder: give the session a file name, such as "
        f"{tmp_path / 'game.jsonl'}\n"
    )


def test_format_1_files_still_replay_resume_and_report(tmp_path, capsys):
    path = autoplayed(capsys, tmp_path / "old.jsonl")
    downgrade(path)
    code, _, err = offsite(capsys, "replay", str(path), "--scenario", str(TINY))
    assert code == 0, err
    assert f"{path}:1: note: session format 1, from before sessions were sealed" in err
    code, out, err = offsite(
        capsys, "autoplay", str(TINY), "--session", str(path), "--resume", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["state_hash"] == state_hash(play(load_scenario(TINY), "good", 1))
    rows = [json.loads(row) for row in lines(path)]
    assert rows[0]["format_version"] == 1
    assert all("chain" not in r for r in rows[1:])  # a format 1 file goes on as format 1
    code, _, err = offsite(capsys, "replay", str(path), "--scenario", str(TINY))
    assert code == 0, err
    code, _, err = offsite(
        capsys, "report", str(path), "--scenario", str(TINY), "-o", str(tmp_path / "r")
    )
    assert code == 0, err
    assert (tmp_path / "r" / "report.html").is_file()


def test_replay_upgrade_writes_a_sealed_copy_and_leaves_the_old_file(tmp_path, capsys):
    path = autoplayed(capsys, tmp_path / "old.jsonl")
    downgrade(path)
    before = path.read_bytes()
    new = tmp_path / "new.jsonl"
    code, out, err = offsite(
        capsys, "replay", str(path), "--scenario", str(TINY), "--upgrade", str(new), "--json"
    )
    assert code == 0, err
    assert json.loads(out)["upgraded"] == str(new)
    assert path.read_bytes() == before
    header = json.loads(lines(new)[0])
    assert header["format_version"] == 2 and header["upgraded_from"]["session"] == "old.jsonl"
    assert len(lines(new)) == len(lines(path))
    code, _, err = offsite(capsys, "replay", str(new), "--scenario", str(TINY))
    assert code == 0 and "note" not in err
    # Twice: the copy is never overwritten; a sealed file has nothing to upgrade.
    code, _, err = offsite(
        capsys, "replay", str(path), "--scenario", str(TINY), "--upgrade", str(new)
    )
    assert code == 1 and f"{new}: error: the file is already there" in err
    code, _, err = offsite(
        capsys, "replay", str(new), "--scenario", str(TINY), "--upgrade", str(tmp_path / "x")
    )
    assert code == 1 and "already session format 2 (sealed): nothing to upgrade" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.jsonl", "old.jsonl"]


def test_an_unsealed_team_name_with_control_characters_is_refused(tmp_path, capsys):
    path = autoplayed(capsys, tmp_path / "old.jsonl")
    downgrade(path)
    rows = lines(path)
    header = json.loads(rows[0])
    header["teams"][0]["name"] = "\x1b]0;owned\x07Team"
    path.write_text(json.dumps(header) + "\n" + "".join(rows[1:]), encoding="utf-8")
    code, out, err = offsite(capsys, "replay", str(path), "--scenario", str(TINY))
    assert code == 1 and out == ""
    assert err.startswith(f"{path}:1: error: header: team name: U+001B ESCAPE (character 1)")
    assert "\x1b" not in err and "\x07" not in err
