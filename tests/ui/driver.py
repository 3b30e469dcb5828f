"""Drive the projector app with synthetic input events only, as a facilitator would.

The driver asks the `good` policy what it wants next, then finds the key press or the mouse
click on the screen that does it. It never calls the engine: only pygame events go in.
"""

from __future__ import annotations

import pygame

from game.bots.policies import Policy
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
    """Click one of the grown card's own buttons."""
    focused = app.focused_choice()
    labels = [label for label, _ in focused.actions]
    index = next(i for i, label in enumerate(labels) if label.startswith(label_start))
    rect, _ = app.scene.card_buttons[index]
    click(app, rect.center, approach=False)


def key_results_to_pick(app: App, policy: Policy) -> list[str]:
    """The key results (and KPI folds) the policy wants that are not selected yet."""
    scene, state = app.scene, app.state
    picks, fold = policy.pick_key_results(state, scene.current.id)
    wanted = [*picks, *(f"fold:{k}" for k in fold)]
    have = {c.key for c in scene.choices if c.selected}
    return [k for k in wanted if k not in have and any(c.key == k for c in scene.choices)]


def step(app: App, policy: Policy) -> None:
    """One facilitator gesture toward what the policy wants."""
    scene, state = app.scene, app.state
    if isinstance(scene, TitleScene | BriefingScene | CoachScene | TeamTurnScene):
        key(app, pygame.K_PAGEDOWN)
    elif isinstance(scene, WarmupScene):
        index = scene.card()
        if index is None:
            key(app, pygame.K_PAGEDOWN)
        else:
            answer = state.scenario.warmup[index].answer
            key(app, pygame.K_k if answer == "kpi" else pygame.K_o)
    elif isinstance(scene, PrioritiesScene) and state.step == "shortlist":
        voter = scene.voter()
        if voter is None:
            key(app, pygame.K_PAGEDOWN)
        else:
            mine = {o for r, o in state.votes if r == voter}
            options = [
                c.key for c in scene.choices if c.key not in mine and not c.key.startswith("merge")
            ]
            choose = policy.vote(state, options)
            click(app, choice_rect(app, choose).center)
    elif isinstance(scene, PrioritiesScene):
        debate_gesture(app, policy)
    elif isinstance(scene, KeyResultsScene):
        if scene.current is None:
            key(app, pygame.K_PAGEDOWN)
            return
        missing = key_results_to_pick(app, policy)
        if missing:
            click(app, choice_rect(app, missing[0]).center)
        else:
            key(app, pygame.K_PAGEDOWN)
    elif isinstance(scene, CascadeScene):
        cascade_gesture(app, policy)
    elif isinstance(scene, HandoverScene):
        key(app, pygame.K_RETURN)
    elif isinstance(scene, PrivateReportScene):
        q = state.kr(scene.kr_id).history[-1][2]
        confidence = policy.confidence(state, q)
        if confidence == 10:
            click(app, choice_rect(app, "10").center)
            click(app, choice_rect(app, "10").center)  # chosen, then sent
        else:
            key(app, pygame.K_0 + confidence, str(confidence))
            key(app, pygame.K_RETURN)
    elif isinstance(scene, BoardScene | KpiReviewScene):
        board_gesture(app, policy)
    elif isinstance(scene, ReviewScene):
        pending = [c for c in state.chosen if c.still_right is None]
        if scene.page == "objectives" and pending:
            focus_card(app, pending[0].id)
            key(app, pygame.K_y)
        else:
            key(app, pygame.K_PAGEDOWN)
    elif isinstance(scene, DebriefScene):
        key(app, pygame.K_PAGEDOWN)
    else:
        raise AssertionError(f"no gesture for {type(scene).__name__}")


def debate_gesture(app: App, policy: Policy) -> None:
    """Test, hear, drop (with its reason on the grown card), end the round, lock."""
    want = policy.debate(app.state)
    if isinstance(want, Lock):
        key(app, pygame.K_l)
    elif isinstance(want, EndRound):
        key(app, pygame.K_e)
    elif isinstance(want, TestCard | Argue):
        focus_card(app, want.objective)
        key(app, pygame.K_t if isinstance(want, TestCard) else pygame.K_h)
    elif isinstance(want, Drop):
        focus_card(app, want.objective)
        key(app, pygame.K_d)
        focus_card(app, want.objective)
        click_card_button(app, REASON_WORDS[want.reason])
    else:
        raise AssertionError(f"unexpected debate move {want}")


def cascade_gesture(app: App, policy: Policy) -> None:
    """Choose the card the policy would, throw back what it would, answer as it would."""
    scene, state = app.scene, app.state
    if scene.task is None:
        key(app, pygame.K_PAGEDOWN)
        return
    kind, role, objective, _ = scene.task
    if kind == "translate":
        want = policy.translate(state, role, objective)
        index = want.card if want.choice == "card" else len(scene.choices) - 2
        click(app, scene.choices[index].rect.center)
    elif kind == "throw":
        click(app, scene.choices[0].rect.center)
    else:
        answer = "trade_off" if state.capacity >= 4 else "rescope"
        index = ["trade_off", "rescope", "accept"].index(answer)
        click(app, scene.choices[index].rect.center)


def board_gesture(app: App, policy: Policy) -> None:
    """KPI decisions, support for others' bad news, corrective actions, then run the weeks."""
    state, scene = app.state, app.scene
    for kpi in kpis_to_decide(state):
        focus_card(app, f"kpi:{kpi}")
        click_card_button(app, "Act" if state.capacity >= 0.5 else "Leave")
        return
    reacted = {(x.key_result, x.role) for x in state.reactions if x.week == state.week}
    for r in state.reports:
        if (
            r.week == state.week
            and names_problem(r.confidence)
            and r.role != scene.reactor
            and (r.key_result, scene.reactor) not in reacted
        ):
            focus_card(app, r.key_result)
            key(app, pygame.K_s)
            return
    from game.engine import legal_actions

    want = policy.correction(state, legal_actions(state))
    if want is not None:
        focus_card(app, want.key_result)
        key(app, pygame.K_k)
        return
    key(app, pygame.K_PAGEDOWN)
