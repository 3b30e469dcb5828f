"""Does every short label fit its card on the projector? Measured with the real font.

The boards are laid out exactly as the screens lay them out (the same grid, the same card
sizes) at 1920×1080 — and, the layout scaling with the screen, at every 16:9 size. Each label
that would be cut gets a warning at its field, for `offsite validate --fit`.
"""

from __future__ import annotations

import unicodedata

import pygame

from game.scenario.model import Scenario
from game.scenario.problems import Finding
from game.scenario.text_rules import code_point
from game.ui.scenes.base import BOTTOM, GAP, MARGIN, NEWS, TOP
from game.ui.text import glyph, text_height, wrap
from game.ui.theme import Theme, make_theme
from game.ui.widgets import Choice, card_heights, fit_grid

SIZE = (1920, 1080)


def _board(theme: Theme) -> pygame.Rect:
    w, h = SIZE
    height = h - theme.px(TOP) - theme.px(BOTTOM) - theme.px(NEWS) - 2 * theme.px(GAP)
    return pygame.Rect(theme.px(MARGIN), theme.px(TOP), w - 2 * theme.px(MARGIN), height)


def _check_board(
    theme: Theme, area: pygame.Rect, cards: list[tuple[tuple, Choice]], where: str
) -> list[Finding]:
    choices = [c for _, c in cards]
    found = []
    for (path, choice), rect in zip(
        cards, fit_grid(theme, area, choices, theme.px(16)), strict=True
    ):
        need = card_heights(theme, choice, rect.width)
        if need > rect.height:
            font = theme.font("card_title", bold=True)
            lines = len(wrap(font, choice.label, rect.width - 2 * theme.px(14)))
            found.append(
                Finding(
                    path,
                    f"{choice.label!r} takes {lines} lines on its card {where} and is cut on the "
                    "projector: shorten the label (the full sentence shows when it is focused)",
                    "warning",
                )
            )
    return found


def fit_findings(s: Scenario) -> list[Finding]:
    """Warnings for every label that would not fit its card on the projector."""
    pygame.font.init()
    theme = make_theme("light", SIZE[1], SIZE[0])
    board = _board(theme)
    found: list[Finding] = []
    # The debate board holds every candidate, tested and voted on (the longest marks).
    cards = [
        (("objectives", i, "label"), Choice(o.id, o.label, marks=("MAINTENANCE",), badge="9 votes"))
        for i, o in enumerate(s.objectives)
    ]
    found += _check_board(theme, board, cards, "on the priorities board")
    for i, o in enumerate(s.objectives):
        pool = [
            (
                ("objectives", i, "key_results", j, "label"),
                Choice(kr.id, kr.label, marks=("milestone",)),
            )
            for j, kr in enumerate(o.key_results)
        ]
        found += _check_board(theme, board, pool, "when key results are picked")
        # The check-in board: up to fifteen key results (five columns, three rows), with status.
        cell = pygame.Rect(
            0, 0, (board.width - 4 * theme.px(16)) // 5, (board.height - 2 * theme.px(16)) // 3
        )
        for path, choice in pool:
            checked = Choice(choice.key, choice.label, status=10)
            if card_heights(theme, checked, cell.width) > cell.height:
                found.append(
                    Finding(
                        path,
                        f"{choice.label!r} is cut on the check-in board: shorten the label",
                        "warning",
                    )
                )
        for role, translation_cards in o.translations.items():
            cascade = [
                (("objectives", i, "translations", role, k, "label"), Choice(str(k), c.label))
                for k, c in enumerate(translation_cards)
            ]
            cascade += [
                ((), Choice("copy", "Copy the line above")),
                ((), Choice("type", "Type our own…")),
            ]
            area = board.copy()
            area.height -= theme.px(190)  # the line above, in its panel
            area.y += theme.px(190)
            found += [f for f in _check_board(theme, area, cascade, "in the cascade") if f.path]
    for i, card in enumerate(s.warmup):
        panel_width = board.width * 3 // 4 - 2 * theme.px(20)
        if text_height(theme.font("card_title"), f"“{card.statement}”", panel_width) > theme.px(
            260
        ):
            found.append(
                Finding(
                    ("warmup", i, "statement"),
                    "too long for the warm-up card: keep it to two lines",
                    "warning",
                )
            )
    found += glyph_findings(s, theme)
    unique = {(f.path, f.message): f for f in found}
    return list(unique.values())


def glyph_findings(s: Scenario, theme: Theme) -> list[Finding]:
    """Warnings for characters the projector's font cannot draw (they would show as ▯)."""
    font = theme.font("body")
    found = []

    def walk(value, path: tuple) -> None:
        if isinstance(value, str):
            # Joiners, variation selectors and combining marks have no width of their own:
            # they shape the character beside them. Any other character without a width is a
            # finding (never a crash: text.glyph catches pygame's "Text has zero width").
            unmeasured = sorted(
                {
                    ch
                    for ch in value
                    if ord(ch) > 127
                    and unicodedata.category(ch) not in ("Cf", "Mn", "Me")
                    and glyph(font, ch) is None
                }
            )
            if unmeasured:
                listed = ", ".join(code_point(ch) for ch in unmeasured)
                found.append(
                    Finding(
                        path,
                        f"the projector's font cannot measure {listed} (it has no width): "
                        "delete it",
                        "warning",
                    )
                )
            missing = sorted({ch for ch in value if ord(ch) > 127 and glyph(font, ch) is False})
            if missing:
                shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
                found.append(
                    Finding(
                        path,
                        f"the projector's font cannot draw {shown}: use plain words",
                        "warning",
                    )
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))

    walk(s.model_dump(mode="json"), ())
    return found


def available() -> bool:
    """Whether pygame's fonts can measure text on this machine."""
    try:
        pygame.font.init()
    except pygame.error:
        return False
    return True
