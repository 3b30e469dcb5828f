"""Shared fixtures: scenarios to play, headless SDL for any test that opens pygame."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def shipped_scenarios() -> list[Path]:
    """Every scenario the project ships (scenarios/) and the good test fixtures."""
    paths = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((FIXTURES / "good").glob("*.yaml"))
    return paths


@pytest.fixture(scope="session")
def tiny():
    """The smallest valid scenario."""
    from game.scenario import load_scenario

    return load_scenario(FIXTURES / "good" / "tiny.yaml")
