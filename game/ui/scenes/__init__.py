"""One screen per phase; `scene_for` picks the one for the app's current state."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui.text import draw_text
from game.ui.watch import RESTART_KEY

if TYPE_CHECKING:
    from game.ui.app import App

HELP = [
    ("PgDn, Space", "next: finish this step (the clicker's forward key)"),
    ("Right / Left", "next / previous card; on an open card, its moves"),
    ("PgUp", "back; next reacting role or key result; leaves a text box"),
    ("Up, Down, Tab, mouse", "move the focus"),
    ("Enter, click", "choose the focused card or button"),
    ("Ctrl+Z", "undo the last person's action"),
    (RESTART_KEY, "play --watch: start again on the scenario's new version"),
    ("B or .", "black screen (again to come back)"),
    ("F1 or ?", "this help"),
    ("F2", "light / dark theme"),
    ("P  /  +  /  −", "pause the timer / a minute more / a minute less"),
    ("M", "sound on / off (the chime)"),
    ("Esc", "the menu (the game is always saved)"),
]


def scene_for(app: App):
    """The screen for the app's state: the scene on the screen while it still fits (it keeps
    its own view state), else a new one."""
    from game.ui.scenes.cascade import CascadeScene
    from game.ui.scenes.checkin import checkin_scene
    from game.ui.scenes.ending import DebriefScene, ReviewScene
    from game.ui.scenes.join import JoinScene
    from game.ui.scenes.opening import BriefingScene, TitleScene, WarmupScene
    from game.ui.scenes.overlays import CoachScene, TeamTurnScene, WeeksScene
    from game.ui.scenes.priorities import KeyResultsScene, PrioritiesScene
    from game.ui.scenes.quarterly import QuarterlyScene

    state, team = app.state, app.team
    current = getattr(app, "scene", None)

    def keep(cls, place: tuple):
        if type(current) is cls and current.place == place:
            return current
        scene = cls(app)
        scene.place = place
        return scene

    if not app.started:
        return keep(TitleScene, ("title", team))
    if app.joining:
        return keep(JoinScene, ("join", team))
    if app.coach is not None:
        return keep(CoachScene, ("coach", id(app.coach)))
    if app.team_turn:
        return keep(TeamTurnScene, ("team_turn", team))
    if app.weeks is not None:
        return keep(WeeksScene, ("weeks", team, state.week))
    phase = state.phase
    if phase == "briefing":
        return keep(BriefingScene, ("briefing", team))
    if phase == "warmup":
        return keep(WarmupScene, ("warmup", team))
    if phase == "priorities" and state.step == "key_results":
        return keep(KeyResultsScene, ("key_results", team))
    if phase == "priorities":
        return keep(PrioritiesScene, ("priorities", team, state.step))
    if phase == "cascade":
        return keep(CascadeScene, ("cascade", team))
    if phase == "quarter":
        return checkin_scene(app, current)
    if phase == "review":
        return keep(ReviewScene, ("review", team))
    if phase == "quarterly":
        return keep(QuarterlyScene, ("quarterly", team, state.quarter))
    return keep(DebriefScene, ("debrief", team))


def draw_help(app: App) -> tuple[pygame.Rect, int]:
    """The help overlay: every key, in large type. Returns the box and where its rows end."""
    t, surface = app.theme, app.screen
    w, h = surface.get_size()
    box = pygame.Rect(w // 8, h // 10, w * 3 // 4, h * 4 // 5)
    pygame.draw.rect(surface, t.c("surface"), box, border_radius=t.px(18))
    pygame.draw.rect(surface, t.c("accent"), box, width=t.px(6), border_radius=t.px(18))
    pad = box.inflate(-t.px(60), -t.px(60))
    used = draw_text(surface, "Keys", t.font("title", bold=True), t.c("text"), pad)
    row_h = t.font("body").get_linesize()
    y = pad.y + used + t.px(10)
    for keys, what in HELP:
        draw_text(
            surface,
            keys,
            t.font("body", bold=True),
            t.c("accent"),
            pygame.Rect(pad.x, y, pad.width // 3, row_h),
        )
        draw_text(
            surface,
            what,
            t.font("body"),
            t.c("text"),
            pygame.Rect(pad.x + pad.width // 3, y, pad.width * 2 // 3, row_h),
        )
        y += row_h + t.px(6)
    return box, y


def draw_private_idle(app: App, surface: pygame.Surface) -> None:
    """The private window while no private screen is up (the projector has the board)."""
    t = app.theme
    surface.fill(t.c("background"))
    w, h = surface.get_size()
    draw_text(
        surface,
        "Private screens open here, on the laptop only.\nThe projector shows the public board.",
        t.font("body"),
        t.c("text"),
        pygame.Rect(w // 10, h // 3, w * 8 // 10, h // 3),
        "center",
        "middle",
    )


def draw_menu(app: App) -> None:
    """The Esc menu: nothing here can lose the game; every action is already saved."""
    t, surface = app.theme, app.screen
    w, h = surface.get_size()
    box = pygame.Rect(w // 4, h // 5, w // 2, h * 3 // 5)
    pygame.draw.rect(surface, t.c("surface"), box, border_radius=t.px(18))
    pygame.draw.rect(surface, t.c("accent"), box, width=t.px(6), border_radius=t.px(18))
    pad = box.inflate(-t.px(60), -t.px(60))
    sound = "off" if app.sound.muted or not app.sound.available else "on"
    lines = [
        "Enter or Esc — back to the game",
        "T or F2 — switch the theme (light / dark)",
        f"M — sound {'on' if sound == 'off' else 'off'} (now {sound})",
        "Q — quit: every action is already saved; resume later",
    ]
    used = draw_text(surface, "Menu", t.font("title", bold=True), t.c("text"), pad)
    draw_text(
        surface,
        "\n".join(lines),
        t.font("body"),
        t.c("text"),
        pygame.Rect(pad.x, pad.y + used + t.px(20), pad.width, pad.height - used - t.px(20)),
    )
