"""Drive the projector app with the keys a presentation clicker sends, and Enter, only:
Page Down / Page Up, Right / Left, Space — plus Enter to choose."""

from __future__ import annotations

import pygame

from game.bots.policies import Policy
from game.engine import legal_actions
from game.engine.actions import Argue, Drop, EndRound, Lock, TestCard
from game.engine.quarter import kpis_to_decide
from game.engine.words import names_problem
from game.ui.app import App
from game.ui.scenes.cascade import CascadeScene
from game.ui.scenes.checkin import BoardScene, HandoverScene, KpiReviewScene, PrivateReportScene
from game.ui.scenes.ending import DebriefScene, ReviewScene
from game.ui.scenes.opening import BriefingScene, TitleScene, WarmupScene
from game.ui.scenes.overlays import CoachScene, TeamTurnScene
from game.ui.scenes.priorities import REASON_WORDS, KeyResultsScene, PrioritiesScene
from tests.ui.driver import key, key_results_to_pick

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
    """One clicker gesture toward what the policy wants."""
    scene, state = app.scene, app.state
    if isinstance(scene, TitleScene | HandoverScene | CoachScene | TeamTurnScene):
        press(app, ENTER)
    elif isinstance(scene, BriefingScene | DebriefScene):
        press(app, pygame.K_PAGEDOWN)
    elif isinstance(scene, WarmupScene):
        index = scene.card()
        if index is None:
            press(app, pygame.K_PAGEDOWN)
        else:
            focus_on(app, state.scenario.warmup[index].answer)
            press(app, ENTER)
    elif isinstance(scene, PrioritiesScene) and state.step == "shortlist":
        voter = scene.voter()
        if voter is None:
            press(app, pygame.K_PAGEDOWN)
        else:
            mine = {o for r, o in state.votes if r == voter}
            options = [c.key for c in scene.choices if c.key not in mine]
            focus_on(app, policy.vote(state, options))
            press(app, ENTER)
    elif isinstance(scene, PrioritiesScene):
        want = policy.debate(state)
        if isinstance(want, Lock | EndRound):
            press(app, pygame.K_PAGEDOWN)
        elif isinstance(want, TestCard):
            card_move(app, want.objective, "Test")
        elif isinstance(want, Argue):
            card_move(app, want.objective, "Hear")
        elif isinstance(want, Drop):
            card_move(app, want.objective, "Drop")
            menu_pick(app, REASON_WORDS[want.reason])
    elif isinstance(scene, KeyResultsScene):
        if scene.current is None:
            press(app, pygame.K_PAGEDOWN)
            return
        missing = key_results_to_pick(app, policy)
        if missing:
            focus_on(app, missing[0])
            press(app, ENTER)
        else:
            press(app, pygame.K_PAGEDOWN)
    elif isinstance(scene, CascadeScene):
        if scene.task is None:
            press(app, pygame.K_PAGEDOWN)
            return
        kind, role, objective, _ = scene.task
        if kind == "translate":
            want = policy.translate(state, role, objective)
            index = want.card if want.choice == "card" else len(scene.choices) - 2
        elif kind == "throw":
            index = 0
        else:
            index = ["trade_off", "rescope", "accept"].index(
                "trade_off" if state.capacity >= 4 else "rescope"
            )
        focus_on(app, scene.choices[index].key)
        press(app, ENTER)
    elif isinstance(scene, PrivateReportScene):
        q = state.kr(scene.kr_id).history[-1][2]
        focus_on(app, str(policy.confidence(state, q)))
        press(app, ENTER)  # chosen
        press(app, ENTER)  # sent
    elif isinstance(scene, BoardScene | KpiReviewScene):
        for kpi in kpis_to_decide(state):
            card_move(app, f"kpi:{kpi}", "Act" if state.capacity >= 0.5 else "Leave")
            return
        reacted = {(x.key_result, x.role) for x in state.reactions if x.week == state.week}
        for r in state.reports:
            if (
                r.week == state.week
                and names_problem(r.confidence)
                and r.role != scene.reactor
                and (r.key_result, scene.reactor) not in reacted
            ):
                card_move(app, r.key_result, "Support")
                return
        want = policy.correction(state, legal_actions(state))
        if want is not None:
            card_move(app, want.key_result, "Corrective")
            return
        press(app, pygame.K_PAGEDOWN)
    elif isinstance(scene, ReviewScene):
        pending = [c for c in state.chosen if c.still_right is None]
        if scene.page == "objectives" and pending:
            card_move(app, pending[0].id, "Still right")
        else:
            press(app, pygame.K_PAGEDOWN)
    else:
        raise AssertionError(f"no clicker gesture for {type(scene).__name__}")
