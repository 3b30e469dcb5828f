"""Drive the projector app with the keys a presentation clicker sends, and Enter, only:
Page Down / Page Up, Right / Left, Space — plus Enter to choose."""

from __future__ import annotations

import pygame

from game.bots.policies import Policy
from game.session.move_words import DROP_WORDS
from game.ui.app import App
from game.ui.scenes.checkin import HandoverScene, PrivateReportScene
from game.ui.scenes.opening import TitleScene
from game.ui.scenes.overlays import OverlayScene
from game.ui.scenes.priorities import KeyResultsScene
from tests.ui.driver import controls, key, matches, wants

CLICKER = (pygame.K_PAGEDOWN, pygame.K_PAGEUP, pygame.K_RIGHT, pygame.K_LEFT, pygame.K_SPACE)
ENTER = pygame.K_RETURN
PRESSED: list[int] = []  # every key this driver pressed, for the test to check


def press(app: App, k: int) -> None:
    """One clicker key (or Enter)."""
    assert k in (*CLICKER, ENTER)
    PRESSED.append(k)
    key(app, k)


def focus_on(app: App, wanted: str) -> None:
    """Press Right until the wanted card has the focus."""
    for _ in range(2 * len(app.scene.choices) + 2):
        focused = app.focused_choice()
        if focused is not None and focused.key == wanted:
            return
        press(app, pygame.K_RIGHT)
    raise AssertionError(f"cannot reach {wanted} with Right")


def card_move(app: App, wanted: str, label_start: str) -> None:
    """Open the focused card's moves with Enter, step Right to one, Enter."""
    focus_on(app, wanted)
    press(app, ENTER)
    menu_pick(app, label_start)


def menu_pick(app: App, label_start: str) -> None:
    """With the card's moves open: Right to the one that starts with `label_start`, Enter."""
    labels = [label for label, _ in app.focused_choice().actions]
    index = next(i for i, label in enumerate(labels) if label.startswith(label_start))
    for _ in range(index):
        press(app, pygame.K_RIGHT)
    press(app, ENTER)


def step(app: App, policy: Policy) -> None:
    """One clicker gesture toward what the policy wants: Right to the card, Enter (and Right /
    Enter through the grown card's buttons), or Page Down for the next click."""
    scene = app.scene
    if isinstance(scene, TitleScene | OverlayScene | HandoverScene):
        press(app, ENTER)
        return
    shown = [c for c in controls(app) if c.how != "strip"]  # a clicker has no strip buttons
    found = None
    for want in wants(app, policy):
        found = next(((c, want) for c in shown if matches(c.plays, want)), None)
        if found is None and want.kind == "drop":
            found = next(
                (
                    (c, want)
                    for c in shown
                    if c.how == "button"
                    and scene.choices[c.card].key == want.objective
                    and c.label.startswith("Drop")
                ),
                None,
            )
        if found:
            break
    if found is None:
        press(app, pygame.K_PAGEDOWN)
        return
    control, want = found
    if isinstance(scene, KeyResultsScene) and want.kind == "pick_key_results":
        wanted = [*want.key_results, *(f"fold:{k}" for k in want.fold)]
        have = {c.key for c in scene.choices if c.selected}
        missing = [k for k in wanted if k not in have and any(c.key == k for c in scene.choices)]
        if missing:
            focus_on(app, missing[0])
            press(app, ENTER)
            return
    if control.how == "next":
        press(app, pygame.K_PAGEDOWN)
    elif control.how == "card":
        focus_on(app, scene.choices[control.card].key)
        press(app, ENTER)
        if isinstance(scene, PrivateReportScene):
            press(app, ENTER)  # chosen, then sent
    else:
        card_move(app, scene.choices[control.card].key, control.label)
        if want.kind == "drop" and control.plays is None:
            menu_pick(app, DROP_WORDS[want.reason])
