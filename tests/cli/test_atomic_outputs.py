"""`schema -o`, `new` and `screenshot` write a temporary file and rename it: a write that fails
(here an injected full disk when the file is synced) leaves the old file whole and no
temporary file behind, with a one-line error."""

from __future__ import annotations

import errno
import os

import game.session.atomic as atomic
from game.cli.main import main


def offsite(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def fill_the_disk(monkeypatch) -> None:
    """Every later sync of an output fails as on a full disk."""

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", fsync)


def test_schema_output_is_whole_or_untouched(tmp_path, capsys, monkeypatch):
    target = tmp_path / "schema.json"
    target.write_text("old", encoding="utf-8")
    assert offsite(capsys, "schema", "-o", str(target))[0] == 0
    new = target.read_text(encoding="utf-8")
    assert new.startswith("{") and [p.name for p in tmp_path.iterdir()] == ["schema.json"]
    target.write_text("old", encoding="utf-8")
    fill_the_disk(monkeypatch)
    code, _, err = offsite(capsys, "schema", "-o", str(target))
    assert code == 1 and err == f"{target}: error: cannot write: No space left on device\n"
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["schema.json"]
    code, _, err = offsite(capsys, "schema", "-o", str(tmp_path))
    assert code == 1 and "cannot write" in err


def test_new_on_a_full_disk_leaves_nothing_half_written(tmp_path, capsys, monkeypatch):
    fill_the_disk(monkeypatch)
    code, _, err = offsite(capsys, "new", "demo", "-o", str(tmp_path))
    assert code == 1 and "No space left on device" in err
    assert list(tmp_path.iterdir()) == []


def test_new_force_replaces_the_file_whole(tmp_path, capsys):
    (tmp_path / "demo.yaml").write_text("mine", encoding="utf-8")
    code, _, err = offsite(capsys, "new", "demo", "-o", str(tmp_path))
    assert code == 1 and "pass --force" in err
    assert (tmp_path / "demo.yaml").read_text(encoding="utf-8") == "mine"
    assert offsite(capsys, "new", "demo", "-o", str(tmp_path), "--force")[0] == 0
    assert (tmp_path / "demo.yaml").read_text(encoding="utf-8").startswith("#")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.yaml", "schema.json"]


def test_a_screenshot_on_a_full_disk_keeps_the_old_png(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    shots = tmp_path / "shots"
    args = ("screenshot", "--scene", "briefing", "--size", "1280x720", "-o", str(shots))
    code, _, err = offsite(capsys, *args)
    assert code == 0, err
    before = (shots / "briefing.png").read_bytes()
    assert before.startswith(b"\x89PNG")
    fill_the_disk(monkeypatch)
    code, _, err = offsite(capsys, *args)
    assert code == 1 and "No space left on device" in err
    assert (shots / "briefing.png").read_bytes() == before
    assert [p.name for p in shots.iterdir()] == ["briefing.png"]
