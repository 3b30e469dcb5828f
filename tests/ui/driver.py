"""Drive the projector app with synthetic input events only, as a facilitator would.

The driver asks the `good` policy what each of the screen's seats wants next, finds the
control on the screen bound to that move (a card, a card's button, a strip button, the next
click, or a tab that opens it), and presses or clicks it. It never calls the engine or the
table: only pygame events go in.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.bots.policies import Policy
from game.engine import ROOM, Action
from game.session.move_words import DROP_WORDS
from game.session.moves import Move, same_move
from game.ui.app import App
from game.ui.scenes.checkin import HandoverScene, PrivateReportScene
from game.ui.scenes.opening import TitleScene
from game.ui.scenes.overlays import OverlayScene
from game.ui.scenes.priorities import KeyResultsScene


def key(app: App, k: int, unicode: str = "") -> None:
    """Press and handle one key (a second after the last one: screen guards let it through)."""
    app.clock_skew_ms += 1000
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=unicode, scancode=0))
    app.draw()


def hover(app: App, pos: tuple[int, int]) -> None:
    """Move the mouse (a second after the last gesture)."""
    app.clock_skew_ms += 1000
    app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    app.draw()


def click(app: App, pos: tuple[int, int], approach: bool = True) -> None:
    """Move the mouse there (from off the board, as a hand would) and click the left button."""
    if approach:
        hover(app, (1, 1))
    hover(app, pos)
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    app.draw()


def choice_rect(app: App, key_: str) -> pygame.Rect:
    """Where a choice is on the screen."""
    return next(c.rect for c in app.scene.choices if c.key == key_)


def focus_card(app: App, key_: str) -> None:
    """Bring the focus to a card by moving the mouse off any grown card, then onto it."""
    hover(app, (1, 1))
    hover(app, choice_rect(app, key_).center)


def click_card_button(app: App, label_start: str) -> None:
    """Click one of the focused card's own buttons (a click on the card opens them first,
    when it has not grown: a card grows over its neighbours only while they are open)."""
    focused = app.focused_choice()
    if app.card_menu is None and app.scene.grown is None:
        click(app, focused.rect.center, approach=False)
    labels = [label for label, _ in focused.actions]
    index = next(i for i, label in enumerate(labels) if label.startswith(label_start))
    rect, _ = app.scene.card_buttons[index]
    click(app, rect.center, approach=False)


@dataclass(frozen=True)
class Control:
    """One thing on the screen that plays a move (or opens a view that offers it)."""

    how: str  # "card", "button", "strip", "next"
    card: int = -1
    button: int = -1
    label: str = ""
    plays: Move | None = None
    opens: tuple[Move, ...] = ()


def controls(app: App) -> list[Control]:
    """Every control of the screen, with what it plays or opens."""
    scene = app.scene
    found = []
    for i, c in enumerate(scene.choices):
        if c.move is not None or c.reach:
            found.append(Control("card", i, plays=c.move, opens=c.reach, label=c.key))
        for j, m in enumerate(c.action_moves):
            label = c.actions[j][0]
            found.append(Control("button", i, j, label, plays=m))
    for k, item in enumerate(scene.strip):
        plays = item[2] if len(item) > 2 else None
        opens = item[3] if len(item) > 3 else ()
        found.append(Control("strip", button=k, label=item[0], plays=plays, opens=opens))
    if scene.next_move is not None:
        found.append(Control("next", plays=scene.next_move))
    return found


def matches(move: Move | None, want: Action) -> bool:
    """The move is what the policy wants (a template it would fill counts; the room hearing
    a card is any of its advocates' Hear buttons)."""
    if move is None or not move.allowed or move.kind != want.kind:
        return False
    if want.kind == "argue":
        return move.action.objective == want.objective
    if want.kind == "pick_key_results":
        return move.action.objective == want.objective
    return same_move(move.action, want)


def wants(app: App, policy: Policy) -> list[Action]:
    """What the policy would do now for each of the screen's seats it holds, in seat order."""
    state = app.state
    found = []
    for seat in app.scene.seats():
        if seat.role != ROOM and state.seat(seat.role) != "person":
            continue
        want = policy.decide(state, seat.role)
        if want is not None:
            found.append(want)
    return found


def plan(app: App, policy: Policy) -> tuple[Control, Action] | None:
    """The control that plays (or else opens) the first thing the policy wants."""
    shown = controls(app)
    options = wants(app, policy)
    for want in options:
        for c in shown:
            if matches(c.plays, want):
                return c, want
    for want in options:
        for c in shown:
            if any(matches(m, want) for m in c.opens):
                return c, want
        if want.kind == "drop":  # the card's "Drop…" button opens its reasons
            for c in shown:
                card = app.scene.choices[c.card] if c.how == "button" else None
                if card and card.key == want.objective and c.label.startswith("Drop"):
                    return c, want
    return None


def press_control(app: App, c: Control) -> None:
    """Mouse and keys: click the card, the grown card's button or the strip's; PgDn."""
    if c.how == "next":
        key(app, pygame.K_PAGEDOWN)
    elif c.how == "card":
        click(app, app.scene.choices[c.card].rect.center)
        if isinstance(app.scene, PrivateReportScene):  # chosen, then sent
            click(app, app.scene.choices[c.card].rect.center)
    elif c.how == "button":
        focus_card(app, app.scene.choices[c.card].key)
        click_card_button(app, c.label)
    else:
        app.draw()
        grown = len(app.focused_choice().actions) if _grown(app) else 0
        rect, _ = app.scene.card_buttons[grown + c.button]
        click(app, rect.center, approach=False)


def _grown(app: App) -> bool:
    return app.scene.grown is not None and bool(app.focused_choice().actions)


def pick_key_results(app: App, policy: Policy, want) -> bool:
    """Tick what the policy wants on the key-results screen; True when something was ticked."""
    scene = app.scene
    wanted = [*want.key_results, *(f"fold:{k}" for k in want.fold)]
    have = {c.key for c in scene.choices if c.selected}
    for k in wanted:
        if k not in have and any(c.key == k for c in scene.choices):
            click(app, choice_rect(app, k).center)
            return True
    return False


def step(app: App, policy: Policy) -> None:
    """One facilitator gesture toward what the policy wants."""
    scene = app.scene
    if isinstance(scene, TitleScene | OverlayScene | HandoverScene):
        key(app, pygame.K_RETURN)
        return
    found = plan(app, policy)
    if found is None:
        key(app, pygame.K_PAGEDOWN)
        return
    control, want = found
    if (
        isinstance(scene, KeyResultsScene)
        and want.kind == "pick_key_results"
        and pick_key_results(app, policy, want)
    ):
        return
    if want.kind == "drop" and control.plays is None and control.how == "button":
        press_control(app, control)  # opens the reasons
        focus_card(app, want.objective)
        click_card_button(app, DROP_WORDS[want.reason])
        return
    press_control(app, control)
