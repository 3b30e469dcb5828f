"""The briefing's story turns pages between paragraphs or sentences, never inside a sentence."""

from __future__ import annotations

import pygame
import pytest

from game.engine import new_game
from game.scenario import load_scenario
from game.ui.app import App
from game.ui.scenes.opening import BriefingScene
from game.ui.text import paginate, wrap
from tests.conftest import ROOT


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_a_briefing_page_ends_on_a_whole_sentence(path, size):
    scenario = load_scenario(path)
    app = App(new_game(scenario, 3), size=size)
    scene = BriefingScene(app)
    board = scene.board_rect(app.size)
    pages = scene.pages(board)
    for page in pages:
        assert page.rstrip().endswith((".", "!", "?")), page[-80:]
    assert " ".join(" ".join(pages).split()) == " ".join(scenario.company.story.split())
    font = app.theme.font("body")
    story_h = board.height - scene.strategy_height(board)
    for page in pages:  # and each page fits its box
        assert len(wrap(font, page, board.width)) * font.get_linesize() <= story_h


def test_a_sentence_longer_than_a_page_still_turns_by_lines():
    pygame.font.init()
    font = pygame.font.Font(None, 20)
    box = pygame.Rect(0, 0, 200, font.get_linesize() * 3)
    sentence = " ".join(["word"] * 80) + "."
    pages = paginate(font, f"Short one. {sentence}\n\nLast.", box)
    assert pages[0] == "Short one."
    assert all(len(wrap(font, p, box.width)) <= 3 for p in pages)
    assert " ".join(" ".join(pages).split()) == f"Short one. {sentence} Last."
