"""The projector app: the table, the screen for the game on it, and the loop that drives it.

The loop is the usual three calls — handle events, update, draw. The app holds the table
(`game/session/table.py`) and what only a screen has: the scene, the focus, the overlays, the
theme. Every move goes through `App.play`, which hands it to the table (the table applies it,
records it, lets the computer peers take their turns) and rebuilds the screen. Nothing here
decides a rule (docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui

from game.engine import ROOM, Action, GameEvent, GameState
from game.session.coach import Reading
from game.session.moves import Move, Seat
from game.session.table import Table
from game.session.weeks import WeeksRun
from game.ui import scenes
from game.ui.facilitator import Sound
from game.ui.kept import Keeper
from game.ui.private import PrivateWindow
from game.ui.private import wanted as private_wanted
from game.ui.room import RoomFace
from game.ui.scenes.base import Scene
from game.ui.text import OVERFLOWS
from game.ui.theme import THEMES, make_theme
from game.ui.watch import Watch, reload_table, restart_table
from game.ui.widgets import Choice

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
        table: Table | GameState | list[GameState],
        size: tuple[int, int] = (1920, 1080),
        theme: str = "light",
        fullscreen: bool = False,
        team_names: list[str] | None = None,
        solo: str | None = None,
        started: bool = False,
        watch: Watch | None = None,
        room: RoomFace | None = None,
        private: str = "auto",
    ):
        pygame.display.init()
        pygame.font.init()
        flags = pygame.FULLSCREEN if fullscreen else 0
        self.screen = pygame.display.set_mode(size, flags)
        self.size = self.screen.get_size()
        # the private screens' own window on the laptop (extended display, or forced)
        self.private = PrivateWindow() if private_wanted(private) else None
        self.private_frame: pygame.Surface | None = None  # a private screen, projector-sized
        self.theme = make_theme(theme, self.size[1], self.size[0])
        self.manager = pygame_gui.UIManager(self.size)
        if not isinstance(table, Table):
            table = Table(table, names=team_names, solo=solo)
        self.table = table
        self.watch = watch  # --watch: the scenario file to reload when saved
        self.room = room  # --room: the phones' room (None: the game is played on this laptop)
        self.joining = room is not None  # the join screen shows (after the title screen)
        # Seats a phone holds that the facilitator plays here, each for the check-in (its week)
        # it was taken over at: at the next one the seat is the phone's again.
        self.here: dict[Seat, int] = {}
        self.versions = self.table_versions()  # what the screen was built on (phones act too)
        self.news: list[GameEvent] = []
        self.message = ""  # a refusal or a note, shown in the news strip
        # The facilitator moved the focus since the last move: the news strip says the
        # focused card instead of what happened (Scene.news).
        self.browsing = False
        # A seat a phone holds whose move the laptop was just asked to play (App.play): asked
        # again, it is played here.
        self.confirm_here: Action | None = None
        self.focus = 0
        self.card_menu: int | None = None  # keyboard: which of the grown card's buttons is lit
        self.last_act_ms = 0  # the app's clock at the last person's move
        self.last_frame: tuple = ()  # what the last full frame showed (see `draw`)
        self.last_timer = ""
        self.layouts = 0  # how many times the screen was laid out (a frame's view state)
        self.started = started
        self.black = False
        self.help = False
        self.running = True
        self.menu = False
        self.clock_skew_ms = 0  # tests skew the screen guards' clock (see `now_ms`)
        self.sound = Sound()
        self.keeper = Keeper(self)  # the screen's state, kept in the session (game/ui/kept.py)
        self.scene: Scene = scenes.scene_for(self)
        self.relayout()

    # ---- the game ---------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        """The game on the screen (the current team's)."""
        return self.table.state

    @property
    def teams(self) -> list[GameState]:
        """Every team's game, in order."""
        return [t.state for t in self.table.teams]

    @property
    def team_names(self) -> list[str]:
        """The teams' names, in order."""
        return self.table.names()

    @property
    def team(self) -> int:
        """The team on the screen."""
        return self.table.team

    @property
    def team_turn(self) -> bool:
        """The screen says whose turn it is before the team's next decision."""
        return self.table.team_turn

    @property
    def coach(self) -> Reading | None:
        """The coach's reading to show (solo practice)."""
        return self.table.coach

    @property
    def weeks(self) -> WeeksRun | None:
        """What happened in the weeks that just ran, until the room goes on (the table's)."""
        return self.table.weeks_card()

    @property
    def timer(self):
        """The phase timer (the table's)."""
        return self.table.timer

    def play(self, move: Move | Action) -> bool:
        """Send one move to the table; show the refusal, or what happened. Returns success.
        A move of a seat a phone holds is the phone's: the laptop plays such a seat only on
        purpose: asked twice in a row ('Play this seat here' at a check-in does it for the
        whole check-in; a released seat is the laptop's)."""
        action = move.action if isinstance(move, Move) else move
        role = action.role
        if role != ROOM and self.on_phone(role) and self.confirm_here != action:
            self.confirm_here = action  # the same move again plays it here, on purpose
            title = self.state.scenario.role(role).title
            self.message = (
                f"{title} answers on their phone. The same again plays it here for them "
                "(a leader away, a dead phone)."
            )
            return False
        self.confirm_here = None
        now = pygame.time.get_ticks()
        ms = max(now - self.last_act_ms, 0)  # decision speed
        team = self.table.team
        outcome = self.table.act(Seat(role, team), move, ms)
        self.browsing = False
        if not outcome.ok:
            self.message = outcome.message
            return False
        self.last_act_ms = now
        self.message = ""
        self.news = list(outcome.events)
        if self.table.team != team:
            self.news = []
        self.rebuild()
        return True

    def undo(self) -> None:
        """Ctrl+Z: the engine's undo, through the table."""
        outcome = self.table.undo(max(pygame.time.get_ticks() - self.last_act_ms, 0))
        self.browsing = False
        self.message = "" if outcome.ok else outcome.message
        if outcome.ok:
            self.news = list(outcome.events)
        self.rebuild()

    def reset(self, table: Table, started: bool = True) -> None:
        """Show another table from its first screen (screenshots put the app at a moment)."""
        self.table, self.started = table, started
        self.news, self.message, self.help, self.menu, self.black = [], "", False, False, False
        self.scene = scenes.scene_for(self)
        self.focus, self.card_menu = 0, None
        self.relayout()

    def reload(self) -> None:
        """The watched scenario was saved: rebuild every team's game on it (or say why not)."""
        self.message = reload_table(self.table, self.watch.path, self.watch)
        self.rebuild()

    def restart(self) -> None:
        """Ctrl+R after a reload the game could not be replayed onto: start again on it."""
        self.message = restart_table(self.table, self.watch)
        self.news, self.focus, self.card_menu = [], 0, None
        self.rebuild()

    def show_join(self, on: bool = True) -> None:
        """Show (J) or close the room's join screen."""
        self.joining = on and self.room is not None
        self.rebuild()

    def on_phone(self, role: str, team: int | None = None) -> bool:
        """Whether a phone plays the role's private screens (the laptop shows no hand-over):
        a phone holds the seat and the facilitator has not taken it over here at this
        check-in."""
        seat = Seat(role, self.team if team is None else team)
        here = self.here.get(seat) == self.table.state_of(seat.team).week
        return self.room is not None and not here and self.room.held(seat)

    def play_here(self, seat: Seat) -> None:
        """The facilitator plays a seat on the laptop at this check-in (a leader away, a phone
        that died); the phone keeps the seat, and has it back at the next check-in."""
        self.here[seat] = self.table.state_of(seat.team).week
        title = self.state.scenario.role(seat.role).title
        self.message = f"{title} is played on this laptop for this check-in"
        self.rebuild()

    def release_seat(self, seat: Seat) -> None:
        """Free a seat for another phone: its phone is disconnected; the laptop plays it until
        a phone takes it."""
        if self.room is None:
            return
        self.room.release(seat)
        self.here.pop(seat, None)
        title = self.state.scenario.role(seat.role).title
        self.message = f"{title}'s seat is free: another phone may take it"
        self.rebuild()

    @property
    def reactions(self) -> str:
        """How the room sees reactions: "anonymous" (counts) or "attributed" (names). Without
        phones the room reacts face to face: attributed, as always."""
        return self.room.reactions if self.room is not None else "attributed"

    def switch_reactions(self) -> None:
        """A: anonymous <-> attributed reactions (with phones; the session records it)."""
        if self.room is None:
            return
        mode = "attributed" if self.room.reactions == "anonymous" else "anonymous"
        self.room.set_reactions(mode)
        self.message = (
            "Reactions are anonymous now: the room sees counts"
            if mode == "anonymous"
            else "Reactions are attributed now: the room sees who reacted"
        )
        self.rebuild()

    def table_versions(self) -> tuple[int, ...]:
        """Every team's state version, the team on the projector and the room's seats: when
        phones play, the table changes on the server's thread and the screen follows in
        `update`."""
        versions = (self.table.team, *(t.state.version for t in self.table.teams))
        return (*versions, self.room_key(), self.reactions)  # and who holds which seat

    def close_overlay(self) -> None:
        """Enter (or PgDn) on the coach's reading, a team's turn card or the weeks' recap."""
        self.table.dismiss()
        self.rebuild()

    def start(self) -> None:
        """Leave the title screen."""
        self.started = True
        self.table.start()
        self.rebuild()

    def people(self) -> list[str]:
        """Roles people hold, in scenario order."""
        return self.table.people()

    @property
    def timer_percent(self) -> int:
        """The start screen's timer setting (a share of each stage's budget), the table's."""
        return self.table.timer_percent

    @timer_percent.setter
    def timer_percent(self, value: int) -> None:
        self.table.timer_percent = value

    def now_ms(self) -> int:
        """The app's clock for screen guards (tests skew it to stand for time between presses)."""
        return pygame.time.get_ticks() + self.clock_skew_ms

    def history_of(self, read: Callable[[GameState], object]) -> list[tuple[int, object]]:
        """`read(state)` at the end of each week of the quarter so far, in week order."""
        seen: dict[int, object] = {}
        s: GameState | None = self.state
        while s is not None:
            if s.phase in ("quarter", "review", "over") and s.week not in seen:
                seen[s.week] = read(s)
            s = s.prior
        return sorted(seen.items())

    # ---- the screen -------------------------------------------------------------------
    def rebuild(self) -> None:
        """The screen for the state now: the same scene, re-laid out, while it still fits."""
        before = (type(self.scene), self.scene.identity)
        self.scene = scenes.scene_for(self)
        self.relayout(before)

    def go(self, scene: Scene | None) -> None:
        """A handler's next screen (None: stay)."""
        if scene is not None:
            before = (type(self.scene), self.scene.identity)
            self.scene = scene
            self.relayout(before)

    def relayout(self, before: tuple | None = None) -> None:
        """Recompute the scene's choices for the current screen size; a screen that shows
        something else now starts with the focus on its first card."""
        self.versions = self.table_versions()
        self.manager.clear_and_reset()
        self.layouts += 1
        if before is not None and before != (type(self.scene), self.scene.identity):
            self.focus, self.card_menu = 0, None  # before the layout: a scene may choose its own
        self.scene.relayout(self.scene.board_rect(self.size))
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
        if state.quarters > 1:
            lines.append(f"Quarter {state.quarter} of {state.quarters}")
        if state.phase in ("quarter", "review", "over"):
            lines.append(f"Week {state.week} of {state.scenario.quarter.weeks}")
        if state.phase in ("cascade", "quarter"):
            lines.append(f"Capacity {state.capacity:g}")
        return lines

    def update(self, dt: float) -> None:
        """The clock: restart the timer on a new stage; chime once at zero; still while the
        join screen shows."""
        self.manager.update(dt)
        if self.versions != self.table_versions():
            self.rebuild()  # a phone played (or the table moved on without this screen)
        if self.watch is not None and self.watch.changed(dt):
            self.reload()
        if not self.started:
            return
        # The phase clock stands still while the room joins (the join screen, J): joining
        # takes nothing from the briefing's or a check-in's minutes.
        if self.table.tick(0.0 if self.joining else dt):
            self.sound.play()
        self.keeper.tick(dt)

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
            self.card_menu, self.browsing = None, True

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
        self.focus, self.card_menu, self.browsing = best, None, True

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

    def leave_text_box(self) -> None:
        """Esc or PgUp in a text box: the scene closes it unsent (`close_entry`); a box of a
        scene without one loses the keyboard, so the clicker's keys work again."""
        close = getattr(self.scene, "close_entry", None)
        if close is not None:
            close()
            return
        for element in self.manager.get_root_container().elements:
            if isinstance(element, pygame_gui.elements.UITextEntryLine) and element.is_focused:
                element.unfocus()
        self.manager.set_focus_set(None)

    def handle(self, event: pygame.event.Event) -> None:
        """One input event."""
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and hasattr(self.scene, "submit_entry"):
            self.scene.submit_entry()
            return
        if (
            event.type == pygame.KEYDOWN
            and event.key in (pygame.K_ESCAPE, pygame.K_PAGEUP)
            and self.typing()
        ):
            self.leave_text_box()  # a text box is never a trap: Esc or PgUp leaves it
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
                self.focus, self.card_menu, self.browsing = focus, None, True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for rect, action in self.scene.card_buttons:
                if rect.collidepoint(event.pos):
                    self.card_menu = None  # as Enter on a lit button: the card closes
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
        elif k == pygame.K_r and mods & pygame.KMOD_CTRL and self.watch and self.watch.pending:
            self.restart()
        elif k == pygame.K_j and self.room is not None and not self.joining:
            self.show_join(True)
        elif k == pygame.K_a and self.room is not None and not mods & pygame.KMOD_CTRL:
            self.switch_reactions()
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
            id(self.scene), self.focus, self.card_menu, self.browsing, self.theme.name,
            self.message,
            tuple(map(id, self.news)), self.help, self.menu, self.black, self.team,
            self.team_turn, id(self.coach), self.state.version, self.layouts, self.size,
            self.timer.paused, self.sound.muted, self.room_key(),
        )  # fmt: skip

    def room_key(self) -> tuple:
        """What the room's seats look like now (the join screen redraws when a phone joins)."""
        return tuple(self.room.seats()) if self.room is not None else ()

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
        if self.private is not None and self.scene.private:
            if self.private_frame is None or self.private_frame.get_size() != self.size:
                self.private_frame = pygame.Surface(self.size)
            self.scene.draw(self.private_frame)  # on the laptop only
            self.private.show(self.private_frame)
            self.scene.draw_public(self.screen)  # the room sees whose turn it is, no more
        else:
            if self.private is not None:
                self.private.idle(lambda surface: scenes.draw_private_idle(self, surface))
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
        self.keeper.flush()  # what the room built, for --resume
        pygame.quit()
