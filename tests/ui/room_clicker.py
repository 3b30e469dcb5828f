"""A facilitator with a presentation clicker: Page Down / Page Up, Right / Left, Enter, B and
Esc — nothing else — playing a whole game the way a room would, fast.

It reads only the screen (the scene's cards, their marks and badges, what is selected) and
presses keys; it never calls the engine or the table. Its room: skips the warm-up cards and the
people's shortlist votes (the computers vote), keeps the three most-voted cards with one reason,
picks the first three key results of each objective, takes each level's first translation card
(and answers a constraint thrown back with the first answer), reports each key result at the
number the row starts on, acts on (or leaves) every KPI out of band, and says every objective
is still right. Every press is counted, by key."""

from __future__ import annotations

from collections import Counter

import pygame

from game.ui.app import App
from game.ui.scenes.cascade import CascadeScene
from game.ui.scenes.checkin import BoardScene, HandoverScene, PrivateReportScene
from game.ui.scenes.ending import ReviewScene
from game.ui.scenes.overlays import OverlayScene
from game.ui.scenes.priorities import KeyResultsScene, PrioritiesScene
from tests.ui.driver import key

KEYS = {
    pygame.K_PAGEDOWN: "PgDn",
    pygame.K_PAGEUP: "PgUp",
    pygame.K_RIGHT: "Right",
    pygame.K_LEFT: "Left",
    pygame.K_RETURN: "Enter",
    pygame.K_b: "B",
    pygame.K_ESCAPE: "Esc",
}


class RoomClicker:
    """Plays the app on the screen with clicker keys only (see the module's docstring)."""

    def __init__(self, app: App):
        self.app = app
        self.presses: Counter[str] = Counter()

    @property
    def total(self) -> int:
        return sum(self.presses.values())

    def press(self, k: int) -> None:
        assert k in KEYS, f"not a clicker key: {pygame.key.name(k)}"
        self.presses[KEYS[k]] += 1
        key(self.app, k)

    def focus_on(self, wanted) -> None:
        """Right until a card that `wanted(choice)` accepts has the focus."""
        for _ in range(len(self.app.scene.choices) + 1):
            focused = self.app.focused_choice()
            if focused is not None and wanted(focused):
                return
            self.press(pygame.K_RIGHT)
        raise AssertionError(f"no such card on {type(self.app.scene).__name__}")

    def step(self) -> None:
        """One gesture (a few presses) toward the debrief."""
        scene = self.app.scene
        if isinstance(scene, OverlayScene | HandoverScene):
            self.press(pygame.K_RETURN)
        elif isinstance(scene, PrioritiesScene) and self.app.state.step == "debate":
            self.debate(scene)
        elif isinstance(scene, KeyResultsScene) and scene.current:
            picked = [c for c in scene.choices if c.selected and not c.key.startswith("fold:")]
            if len(picked) < 3:
                self.focus_on(lambda c: not c.selected and not c.key.startswith("fold:"))
                self.press(pygame.K_RETURN)
            else:
                self.press(pygame.K_PAGEDOWN)
        elif isinstance(scene, CascadeScene) and scene.current:
            self.focus_on(lambda c: not c.key.startswith("Type our own"))
            self.press(pygame.K_RETURN)
        elif isinstance(scene, PrivateReportScene):
            self.press(pygame.K_RETURN)  # the number the row starts on: chosen,
            self.press(pygame.K_RETURN)  # then sent
        elif isinstance(scene, BoardScene) and scene.showing() == "kpis":
            self.decide(scene, lambda c: "DECIDE" in " ".join(c.marks) and c.actions)
        elif isinstance(scene, ReviewScene) and scene.page == "objectives":
            self.decide(scene, lambda c: not c.marks and c.actions)
        else:
            self.press(pygame.K_PAGEDOWN)

    def decide(self, scene, undecided) -> None:
        """Enter on an undecided card, Enter on its first button; PgDn when none is left."""
        if not any(undecided(c) for c in scene.choices):
            self.press(pygame.K_PAGEDOWN)
            return
        self.focus_on(undecided)
        self.press(pygame.K_RETURN)
        self.press(pygame.K_RETURN)

    def debate(self, scene: PrioritiesScene) -> None:
        """Select the three most-voted cards (Enter, Enter: Select is the first button), then
        PgDn: the keep-three preview, PgDn: its first reason, PgDn: lock."""
        if scene.keeping or scene.next_move is not None:
            self.press(pygame.K_PAGEDOWN)
            return
        cards = [c for c in scene.choices if not c.key.startswith("merge_") and not c.button]
        ranked = sorted(cards, key=lambda c: -int(c.badge.split()[0]) if c.badge else 0)
        wanted = [c.key for c in ranked[:3]]
        if set(wanted) <= set(scene.selected):
            self.press(pygame.K_PAGEDOWN)
            return
        self.focus_on(lambda c: c.key in wanted and c.key not in scene.selected)
        self.press(pygame.K_RETURN)
        self.press(pygame.K_RETURN)


def play_to_the_debrief(app: App, limit: int = 2000) -> RoomClicker:
    """Play until the debrief; returns the clicker with its count."""
    room = RoomClicker(app)
    for _ in range(limit):
        if app.state.phase == "over":
            return room
        before = (app.state.version, type(app.scene).__name__, app.focus, app.layouts)
        room.step()
        after = (app.state.version, type(app.scene).__name__, app.focus, app.layouts)
        assert before != after or app.message, f"a gesture did nothing on {after[1]}"
    raise AssertionError(f"no debrief: stuck on {type(app.scene).__name__} ({app.message})")
