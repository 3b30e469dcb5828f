"""Outputs that appear whole or not at all: written under a temporary name, then renamed.

A rename within one folder is atomic on every system Offsite runs on, so a reader sees the old
file or the new one, never half of one; when writing fails (a full disk, a read-only folder,
an interrupt) the temporary file is removed and the old output is left as it was. A folder of
outputs (the report) is built as a temporary sibling folder and swapped in. Used by `report`,
`new`, `schema -o`, `screenshot` and `replay --upgrade` (docs/report.md, docs/sessions.md).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path


def temporary_name(path: Path, kind: str = "tmp") -> Path:
    """A hidden sibling of `path` that no one else uses: `.name.<random>.tmp`."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.{kind}")


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a crash (where the system lets a folder be synced)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def publish(temporary: Path, path: Path, overwrite: bool = True) -> None:
    """Rename a finished temporary file to its name (without `overwrite`: FileExistsError
    when the name is taken, and the temporary file is removed)."""
    try:
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails when `path` exists: never replaces it
            os.unlink(temporary)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_folder(path.parent)


def write_file(path: Path, data: bytes | str, overwrite: bool = True) -> None:
    """Write `data` to `path` atomically: the old file, or the whole new one, never a part."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    temporary = temporary_name(path)
    try:
        with open(temporary, "xb") as file:
            file.write(raw)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    publish(temporary, path, overwrite)


@contextlib.contextmanager
def new_folder(path: Path) -> Iterator[Path]:
    """Build a folder's contents in a temporary sibling, then swap it in for `path`.

    Yields the temporary folder to write into. When the block succeeds, the old `path` (if
    any) is moved aside, the new one renamed in, and the old one removed; when it fails,
    the temporary folder is removed and `path` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    building = temporary_name(path)
    building.mkdir()
    try:
        yield building
        for item in building.iterdir():
            with open(item, "rb") as file:
                os.fsync(file.fileno())
        aside = None
        if path.exists():
            aside = temporary_name(path, "old")
            os.rename(path, aside)
        try:
            os.rename(building, path)
        except BaseException:
            if aside is not None:
                os.rename(aside, path)  # put the old output back
            raise
        sync_folder(path.parent)
        if aside is not None:
            shutil.rmtree(aside, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
