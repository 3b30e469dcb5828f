"""Session tests count fsync calls instead of waiting for the disk (the crash test waits)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def synced(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every file descriptor os.fsync was called with, in order; nothing waits for the disk."""
    calls: list[int] = []
    monkeypatch.setattr(os, "fsync", calls.append)
    return calls
