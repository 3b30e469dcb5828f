"""The theme file: text contrast of 4.5:1 or more in both themes; colour-blind-safe status."""

from __future__ import annotations

import pytest

from game.ui.theme import contrast, hex_rgb, load_theme_file

THEME = load_theme_file()


@pytest.mark.parametrize("name", sorted(THEME["themes"]))
@pytest.mark.parametrize("pair", THEME["text_pairs"], ids=lambda p: f"{p[0]}-on-{p[1]}")
def test_text_contrast_is_at_least_4_5(name, pair):
    colours = THEME["themes"][name]
    ratio = contrast(hex_rgb(colours[pair[0]]), hex_rgb(colours[pair[1]]))
    assert ratio >= 4.5, f"{name}: {pair[0]} on {pair[1]} is {ratio:.2f}:1"


def test_contrast_formula_matches_known_values():
    assert abs(contrast((0, 0, 0), (255, 255, 255)) - 21.0) < 1e-9
    assert abs(contrast((119, 119, 119), (255, 255, 255)) - 4.48) < 0.01


@pytest.mark.parametrize("name", sorted(THEME["themes"]))
def test_status_colours_are_okabe_ito(name):
    okabe_ito = {"#009E73", "#E69F00", "#D55E00", "#56B4E9", "#0072B2", "#CC79A7"}
    colours = THEME["themes"][name]
    for key in ("on_track", "at_risk", "off_track"):
        assert colours[key].upper() in okabe_ito


def test_sizes_respect_the_projector_minimums():
    sizes = THEME["sizes_at_1080p"]
    assert sizes["body"] >= 32 and min(sizes.values()) >= 28 and sizes["timer"] == 120
