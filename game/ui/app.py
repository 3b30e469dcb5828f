"""The projector app: one game state, the screen for its phase, and the loop that drives it.

The loop is the usual three calls — handle events, update, draw. Every action goes through
`App.act`, which applies it to the engine, hands it to the session log, lets the computer peers
take their turns, and rebuilds the screen. Nothing here decides a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pygame
import pygame_gui

from game import peers
from game.engine import ROOM, Action, GameEvent, GameState, Rejection, apply, whose_turn
from game.engine.actions import Advance, Undo
from game.session.coach import Reading, reading_after
from game.session.timer import PhaseTimer, budget_for, stage_key, stage_of
from game.ui import scenes
from game.ui.facilitator import Sound
from game.ui.scenes.base import Scene
from game.ui.text import OVERFLOWS
from game.ui.theme import THEMES, make_theme
from game.ui.watch import Watch, reload, replay_onto
from game.ui.widgets import Choice

ActionHook = Callable[[Action, GameState], None]
NEXT_KEYS = (pygame.K_PAGEDOWN, pygame.K_SPACE)
# While a grown card's buttons are open, the clicker's keys move between them.
CARD_MENU_KEYS = {
    pygame.K_RIGHT: 1, pygame.K_DOWN: 1, pygame.K_TAB: 1, pygame.K_PAGEDOWN: 1, pygame.K_SPACE: 1,
    pygame.K_LEFT: -1, pygame.K_UP: -1, pygame.K_PAGEUP: -1,
    pygame.K_RETURN: 0, pygame.K_KP_ENTER: 0, pygame.K_ESCAPE: 0,
}  # fmt: skip
FOCUS_KEYS = {  # Up / Down move to the nearest card in that direction
    pygame.K_DOWN: (0, 1),
    pygame.K_UP: (0, -1),
}


class App:
    """A running game on a screen (a real window, or a headless surface)."""

    def __init__(
        self,
        state: GameState | list[GameState],
        size: tuple[int, int] = (1920, 1080),
        theme: str = "light",
        on_action: ActionHook | None = None,
        fullscreen: bool = False,
        team_names: list[str] | None = None,
        solo: str | None = None,
    ):
        pygame.display.init()
        pygame.font.init()
        flags = pygame.FULLSCREEN if fullscreen else 0
        self.screen = pygame.display.set_mode(size, flags)
        self.size = self.screen.get_size()
        self.theme = make_theme(theme, self.size[1], self.size[0])
        self.manager = pygame_gui.UIManager(self.size)
        self.teams: list[GameState] = list(state) if isinstance(state, list) else [state]
        self.team = 0  # whose game is on the screen
        self.team_names = team_names or [f"Team {i + 1}" for i in range(len(self.teams))]
        self.team_turn = False  # show "Team N's turn" before its next decision
        self.solo = solo  # the role a leader practises alone; the coach speaks after each phase
        self.actions: list[list[Action]] = [[] for _ in self.teams]  # every action, per team
        self.watch: Watch | None = None  # --watch: the scenario file to reload when saved
        self.on_reload: Callable[[list[GameState], list[list[Action]]], None] | None = None
        self.coach: Reading | None = None
        self.on_action = on_action
        self.news: list[GameEvent] = []
        self.ui_state: dict = {}  # screen-only choices in progress (selection, page, …)
        self.message = ""  # a rejection or a note, shown in the focus panel
        self.focus = 0
        self.card_menu: int | None = None  # keyboard: which of the grown card's buttons is lit
        self.last_act_ms = 0  # the app's clock at the last person's action
        self.last_frame: tuple = ()  # what the last full frame showed (see `draw`)
        self.last_timer = ""
        self.started = False
        self.black = False
        self.help = False
        self.running = True
        self.menu = False
        self.timer = PhaseTimer()
        self.clock_skew_ms = 0
        self.timer_percent = 100  # the start screen's timer setting: a share of the plan
        self.sound = Sound()
        self.scene: Scene = scenes.scene_for(self)
        self.relayout()

    # ---- the game ---------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        """The game on the screen (the current team's)."""
        return self.teams[self.team]

    @state.setter
    def state(self, value: GameState) -> None:
        self.teams[self.team] = value

    def act(self, action: Action) -> bool:
        """Apply a person's action; on a rejection show its message. Returns success."""
        before = self.state
        now = pygame.time.get_ticks()
        action = replace(action, ms=max(now - self.last_act_ms, 0))  # decision speed
        self.last_act_ms = now
        try:
            self.state, events = apply(self.state, action)
        except Rejection as no:
            self.message = no.message
            return False
        self.message = ""
        self.news = events
        self.record(action)
        self.run_computers()
        if self.solo:
            self.coach = reading_after(before, self.state, self.solo) or self.coach
        self.rotate()
        self.rebuild()
        return True

    def record(self, action: Action) -> None:
        """Remember the action (for --watch replays) and hand it to the session log."""
        self.actions[self.team].append(action)
        if self.on_action:
            self.on_action(action, self.state)

    def reload(self) -> None:
        """The watched scenario was saved: replay every team's game onto the new version."""
        scenario, problem = reload(self.watch.path)
        if scenario is None:
            self.message = problem
            return
        try:
            states = [
                replay_onto(scenario, t, a) for t, a in zip(self.teams, self.actions, strict=True)
            ]
        except Rejection as no:
            self.message = (
                f"{self.watch.path} changed: {no.message} — "
                "the game goes on with the previous version"
            )
            return
        self.teams = states
        self.message = (
            f"Reloaded {self.watch.path}: {sum(map(len, self.actions))} actions replayed onto it."
        )
        if self.on_reload:
            self.on_reload(states, self.actions)
        self.relayout()

    def rotate(self) -> None:
        """With several teams, hand the screen to the team furthest behind (lowest first)."""
        if len(self.teams) < 2:
            return
        stages = [stage_key(t) for t in self.teams]
        behind = [i for i, st in enumerate(stages) if st < stages[self.team]]
        if behind:
            self.team = behind[0]
            self.team_turn = True
            self.ui_state = {}
            self.news = []

    def close_overlay(self) -> None:
        """Enter on the coach's reading or on a team's turn card."""
        if self.coach is not None:
            self.coach = None
        else:
            self.team_turn = False
        self.rebuild()

    def run_computers(self) -> None:
        """Let the computer peers take every turn that is theirs, until a person must act."""
        for _ in range(2000):
            moved = False
            for role in whose_turn(self.state):
                if role == ROOM or self.state.seat(role) != "computer":
                    continue
                action = peers.decide(self.state, role)
                if action is None:
                    continue
                self.state, events = apply(self.state, action)
                self.news = self.news + events
                self.record(action)
                moved = True
                break
            if not moved:
                return

    def advance(self) -> None:
        """The next click (PgDn): close the current step."""
        self.act(Advance(by="person"))

    def undo(self) -> None:
        """Ctrl+Z: the engine's undo."""
        self.act(Undo(by="person"))

    def start(self) -> None:
        """Leave the title screen."""
        self.started = True
        self.run_computers()
        self.rebuild()

    def people(self) -> list[str]:
        """Roles people hold, in scenario order."""
        return [r.id for r in self.state.scenario.roles if self.state.seat(r.id) == "person"]

    def history_of(self, read: Callable[[GameState], object]) -> list[tuple[int, object]]:
        """`read(state)` at the end of each week of the quarter so far, in week order."""
        seen: dict[int, object] = {}
        s: GameState | None = self.state
        while s is not None:
            if s.phase in ("quarter", "review", "over") and s.week not in seen:
                seen[s.week] = read(s)
            s = s.prior
        return sorted(seen.items())

    def now_ms(self) -> int:
        """The app's clock for screen guards (tests skew it to stand for time between presses)."""
        return pygame.time.get_ticks() + self.clock_skew_ms

    # ---- the screen -------------------------------------------------------------------
    def rebuild(self) -> None:
        """A new screen for the state (or the same screen, re-laid out)."""
        new = scenes.scene_for(self)
        if type(new) is not type(self.scene) or getattr(new, "identity", None) != getattr(
            self.scene, "identity", None
        ):
            self.focus = 0
            self.card_menu = None
        self.scene = new
        self.relayout()

    def relayout(self) -> None:
        """Recompute the scene's choices for the current screen size."""
        self.manager.clear_and_reset()
        self.scene.layout(self.scene.board_rect(self.size))
        self.focus = min(self.focus, len(self.scene.choices) - 1)

    def set_theme(self, name: str) -> None:
        """Switch light/dark (a key the facilitator has, not one a clicker sends)."""
        self.theme = make_theme(name, self.size[1], self.size[0])
        self.relayout()

    def status_lines(self) -> list[str]:
        """The small print of the top bar: week, capacity (and the team, with several)."""
        state = self.state
        lines = (
            [f"{self.team_names[self.team]} ({self.team + 1} of {len(self.teams)})"]
            if len(self.teams) > 1
            else []
        )
        if state.phase in ("quarter", "review", "over"):
            lines.append(f"Week {state.week} of {state.scenario.quarter.weeks}")
        if state.phase in ("cascade", "quarter"):
            lines.append(f"Capacity {state.capacity:g}")
        return lines

    def update(self, dt: float) -> None:
        """The clock: restart the timer on a new stage; chime once at zero."""
        self.manager.update(dt)
        if self.watch is not None and self.watch.changed(dt):
            self.reload()
        if not self.started:
            return
        stage = stage_of(self.state)
        if stage != self.timer.stage:
            self.timer.restart(stage, budget_for(self.state) * self.timer_percent / 100)
        if self.timer.tick(dt):
            self.sound.play()

    def focused_choice(self) -> Choice | None:
        """The choice under the focus, if any."""
        if 0 <= self.focus < len(self.scene.choices):
            return self.scene.choices[self.focus]
        return None

    def step_focus(self, step: int) -> None:
        """Right / Left (what a clicker sends): the next or previous card in reading order."""
        count = len(self.scene.choices)
        if count:
            self.focus = (self.focus + step) % count if self.focus >= 0 else 0
            self.card_menu = None

    def move_focus(self, dx: int, dy: int) -> None:
        """Move the focus to the nearest choice in a direction."""
        choices = self.scene.choices
        if not choices:
            return
        if not 0 <= self.focus < len(choices):
            self.focus = 0
            return
        here = choices[self.focus].rect.center
        best, best_score = None, None
        for i, c in enumerate(choices):
            vx, vy = c.rect.centerx - here[0], c.rect.centery - here[1]
            along = vx * dx + vy * dy
            if along <= 0:
                continue
            across = abs(vx * dy) + abs(vy * dx)
            score = along + 2 * across
            if best_score is None or score < best_score:
                best, best_score = i, score
        if best is None:  # wrap around in reading order
            best = (self.focus + (1 if dx + dy > 0 else -1)) % len(choices)
        self.focus, self.card_menu = best, None

    def activate(self, choice: Choice | None = None) -> None:
        """Enter or a click on a choice: a card with moves of its own opens them (Left/Right
        pick one, Enter does it), anything else acts at once."""
        keyboard = choice is None
        choice = choice or self.focused_choice()
        if not choice or not choice.enabled:
            return
        if choice.actions:
            if self.card_menu is None:
                self.card_menu = 0
                return
            if keyboard:
                index = min(self.card_menu, len(choice.actions) - 1)
                self.card_menu = None
                choice.actions[index][1]()
                return
        if choice.on_activate:
            self.card_menu = None
            choice.on_activate()

    def menu_move(self, step: int) -> None:
        """Light the next (or previous) button of the grown card."""
        choice = self.focused_choice()
        if choice and choice.actions and self.card_menu is not None:
            self.card_menu = (self.card_menu + step) % len(choice.actions)

    # ---- the loop ---------------------------------------------------------------------
    def typing(self) -> bool:
        """Whether a text box has the keyboard (clicker keys must not advance then)."""
        return any(
            isinstance(e, pygame_gui.elements.UITextEntryLine) and e.is_focused
            for e in self.manager.get_root_container().elements
        )

    def handle(self, event: pygame.event.Event) -> None:
        """One input event."""
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and hasattr(self.scene, "submit_entry"):
            self.scene.submit_entry()
            return
        if (
            event.type == pygame.KEYDOWN
            and event.key in (pygame.K_ESCAPE, pygame.K_PAGEUP)
            and self.typing()
            and hasattr(self.scene, "close_entry")
        ):
            self.scene.close_entry()  # a text box is never a trap: Esc or PgUp leaves it
            return
        if self.manager.process_events(event):
            return
        if event.type == pygame.QUIT:
            self.running = False
            return
        grown = self.scene.grown
        if event.type == pygame.MOUSEMOTION and not (grown and grown.collidepoint(event.pos)):
            under = [i for i, c in enumerate(self.scene.choices) if c.rect.collidepoint(event.pos)]
            focus = under[0] if under else -1  # off every card: nothing grows
            if focus != self.focus:
                self.focus, self.card_menu = focus, None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, action in self.scene.card_buttons:
                if rect.collidepoint(event.pos):
                    action()
                    return
            if grown and grown.collidepoint(event.pos):
                self.activate()
                return
            for c in self.scene.choices:
                if c.rect.collidepoint(event.pos):
                    self.activate(c)
                    return
        if event.type != pygame.KEYDOWN or self.typing():
            return
        self.key(event)

    def key(self, event: pygame.event.Event) -> None:
        """Keys: the screen-wide ones first, then the scene's own, then the clicker's."""
        k, mods = event.key, event.mod
        if self.menu:
            self.menu_key(event)
            return
        if self.black:  # any of the black-screen keys brings the picture back; others wait
            self.black = k not in (pygame.K_b, pygame.K_PERIOD, pygame.K_ESCAPE)
            return
        if self.help:
            self.help = (
                k not in (pygame.K_ESCAPE, pygame.K_F1, pygame.K_QUESTION) and event.unicode != "?"
            )
            return
        if k in (pygame.K_b, pygame.K_PERIOD):
            self.black = True
        elif k in (pygame.K_F1, pygame.K_QUESTION) or event.unicode == "?":
            self.help = True
        elif k == pygame.K_z and mods & pygame.KMOD_CTRL:
            self.undo()
        elif k == pygame.K_F2:
            self.set_theme(THEMES[(THEMES.index(self.theme.name) + 1) % len(THEMES)])
        elif self.card_menu is not None and k in CARD_MENU_KEYS:
            if k == pygame.K_ESCAPE:
                self.card_menu = None
            elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.activate()
            else:
                self.menu_move(CARD_MENU_KEYS[k])
        elif self.scene.key(event):
            pass
        elif k == pygame.K_ESCAPE:
            self.menu = True
        elif k == pygame.K_p:
            self.timer.paused = not self.timer.paused
        elif k in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.timer.adjust(+1)
        elif k in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.timer.adjust(-1)
        elif k == pygame.K_m:
            self.sound.muted = not self.sound.muted
        elif k in NEXT_KEYS:
            self.scene.next()
        elif k in (pygame.K_RIGHT, pygame.K_TAB) and not mods & pygame.KMOD_SHIFT:
            self.step_focus(+1)
        elif k in (pygame.K_LEFT, pygame.K_PAGEUP, pygame.K_TAB):
            self.step_focus(-1)
        elif k in FOCUS_KEYS:
            self.move_focus(*FOCUS_KEYS[k])
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.activate()

    def menu_key(self, event: pygame.event.Event) -> None:
        """The Esc menu: resume, switch the theme, mute, or quit (the game is already saved)."""
        k = event.key
        if k in (pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_r):
            self.menu = False
        elif k == pygame.K_q:
            self.running = False
        elif k == pygame.K_F2 or k == pygame.K_t:
            self.set_theme(THEMES[(THEMES.index(self.theme.name) + 1) % len(THEMES)])
        elif k == pygame.K_m:
            self.sound.muted = not self.sound.muted

    def frame_key(self) -> tuple:
        """Everything a frame shows but the timer: unchanged, the frame is the same."""
        return (
            id(self.scene), self.focus, self.card_menu, self.theme.name, self.message,
            tuple(map(id, self.news)), self.help, self.menu, self.black, self.team,
            self.team_turn, id(self.coach), self.state.version, repr(self.ui_state), self.size,
            self.timer.paused, self.sound.muted,
        )  # fmt: skip

    def draw(self) -> pygame.Surface:
        """Draw one frame onto the screen surface and return it. An unchanged frame is not
        redrawn: only its timer, when the seconds moved (a projector frame costs nothing)."""
        key = self.frame_key()
        typing = self.typing()
        if key == self.last_frame and not typing:
            if (
                not self.black
                and not self.help
                and not self.menu
                and self.timer.text() != self.last_timer
            ):
                self.scene.draw_top(self.screen)
                self.last_timer = self.timer.text()
            return self.screen
        self.last_frame, self.last_timer = key, self.timer.text()
        OVERFLOWS.clear()
        if self.black:
            self.screen.fill((0, 0, 0))
            return self.screen
        self.scene.draw(self.screen)
        self.manager.draw_ui(self.screen)
        if self.help:
            scenes.draw_help(self)
        if self.menu:
            scenes.draw_menu(self)
        return self.screen

    def run(self, fps: int = 30, frames: int = 0) -> None:
        """The interactive loop, until the window closes (or after `frames` frames, if given)."""
        clock = pygame.time.Clock()
        drawn = 0
        while self.running and not (frames and drawn >= frames):
            drawn += 1
            dt = clock.tick(fps) / 1000.0
            for event in pygame.event.get():
                self.handle(event)
            self.update(dt)
            self.draw()
            pygame.display.flip()
        pygame.quit()
