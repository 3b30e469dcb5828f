"""The cascade: each role says what an objective means for its part of the business.

The screen works through one person's tasks at a time — the translations, the constraints
they may throw back, the ones they must answer — in the order the table lists that role's
moves; "Other task" cycles through the rest. Every card plays one of the table's moves.
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.session.facts import chosen_label, parent_text
from game.session.moves import Move, Seat
from game.ui.scenes.base import GAP, Scene
from game.ui.text import text_height
from game.ui.widgets import Choice, fit_grid, grid

VERBS = {"translate": "translates", "throw_back": "may throw back", "answer_throwback": "answers"}


def task_of(move: Move) -> tuple:
    """What a cascade move is about: (kind, objective, constraint) — one task's moves share it."""
    a = move.action
    return (a.kind, a.objective, getattr(a, "throwback", -1))


class CascadeScene(Scene):
    """Whose turn it is in the cascade, the line above, and the ways to answer it."""

    name = "cascade"
    phase_title = "Cascade: translate, don't copy"

    def __init__(self, app):
        super().__init__(app)
        self.declined: set[tuple] = set()  # constraints a role chose not to raise
        self.current: tuple | None = None  # (role, task) on the screen
        self.typing: tuple | None = None  # the task whose text box is open
        self.entry: pygame_gui.elements.UITextEntryLine | None = None

    @property
    def identity(self) -> tuple:
        return (*self.place, self.current)

    # ---- the tasks -----------------------------------------------------------------------
    def tasks(self, role: str) -> dict[tuple, list[Move]]:
        """A role's tasks, in the table's order of its moves (declined constraints last)."""
        found: dict[tuple, list[Move]] = {}
        for move in self.moves(role):
            found.setdefault(task_of(move), []).append(move)
        return dict(sorted(found.items(), key=lambda kv: kv[0] in self.declined))

    def task_role(self) -> str | None:
        """The first person with a task they have not declined."""
        for role in self.app.people():
            if any(t not in self.declined for t in self.tasks(role)):
                return role
        return None

    def find_task(self) -> tuple | None:
        role = self.task_role()
        if role is None:
            return None
        tasks = list(self.tasks(role))
        if self.current and self.current[0] == role and self.current[1] in tasks:
            return self.current
        return (role, next(t for t in tasks if t not in self.declined))

    def seats(self) -> list[Seat]:
        role = self.task_role()
        return ([self.seat(role)] if role else []) + [self.seat()]

    def headline(self) -> str:
        if not self.current:
            return "Cascade: every level has spoken"
        role, (kind, _, _) = self.current
        return f"{self.app.state.scenario.role(role).title} {VERBS[kind]}"

    def hint(self) -> str:
        if not self.current:
            return "PgDn: start the quarter"
        if self.typing == self.current:
            return "Type, then Enter: send   Esc, PgUp or Enter on an empty box: back to the cards"
        if self.current[1][0] == "translate":
            return "Enter: choose   the last card opens a text box (Enter to send)"
        return "Enter: choose"

    # ---- the screen ----------------------------------------------------------------------
    def layout(self, board: pygame.Rect) -> None:
        t = self.app.theme
        self.current = self.find_task()
        advance = self.moves().find("advance")
        if advance is not None:
            self.next_move = advance
            self.bind(advance)
        if not self.current:
            self.layout_summary(board)
            return
        role, task = self.current
        tasks = self.tasks(role)
        top = self.parent_panel(board)[1] + t.px(GAP)
        entry_h = t.px(100) if self.typing == self.current else 0
        area = pygame.Rect(board.x, board.y + top, board.width, board.height - top - entry_h)
        for move in tasks[task]:
            typed = move.blank("text") is not None
            self.choices.append(
                Choice(
                    move.label,
                    move.label,
                    full=move.refused or move.detail,
                    marks=("NOT NOW",) if move.refused else (),
                    on_activate=(lambda m=move: self.open_entry(m)) if typed else self.bind(move),
                    move=None if typed else move,
                    reach=self.reach([move]) if typed else (),
                )
            )
        if task[0] == "throw_back":
            self.choices.append(
                Choice(
                    "No constraint to raise",
                    "No constraint to raise",
                    full="Carry on without throwing anything back.",
                    on_activate=self.decline,
                )
            )
        for rect, choice in zip(
            fit_grid(t, area, self.choices, t.px(GAP), most=4), self.choices, strict=True
        ):
            choice.rect = rect
        others = [m for k, moves in tasks.items() if k != task for m in moves]
        if others:
            self.reach(others)
            self.strip.append(("Other task (N)", self.other_task, None, tuple(others)))
        typed = next((m for m in tasks[task] if m.blank("text")), None)
        if self.typing == self.current and typed is not None:
            self.open_entry(typed)

    def layout_summary(self, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        rects = grid(
            pygame.Rect(board.x, board.y, board.width, board.height - t.px(170)),
            len(state.chosen),
            len(state.chosen),
            t.px(GAP),
        )
        for rect, chosen in zip(rects, state.chosen, strict=True):
            lines = [
                f"{state.scenario.role(x.role).title}: {x.text}"
                for x in state.translations
                if x.objective == chosen.id
            ]
            self.choices.append(
                Choice(
                    chosen.id,
                    chosen_label(state, chosen),
                    detail=f"{len(lines)} translations",
                    full="\n".join(lines[:4]) + ("\n…" if len(lines) > 4 else ""),
                    rect=rect,
                )
            )

    # ---- moves ---------------------------------------------------------------------------
    def other_task(self) -> None:
        """The role's next task (the clicker's way round the one on the screen)."""
        role, task = self.current
        tasks = list(self.tasks(role))
        self.current = (role, tasks[(tasks.index(task) + 1) % len(tasks)])
        self.typing = None
        self.app.go(self)

    def decline(self) -> None:
        self.declined.add(self.current[1])
        self.current = None
        self.app.go(self)

    def open_entry(self, move: Move) -> None:
        """A text box for a typed translation (clicker keys type into it, never advance)."""
        t = self.app.theme
        self.typing = self.current
        if self.entry is None or not self.entry.alive():
            board = self.board_rect(self.app.size)
            rect = pygame.Rect(board.x, board.bottom - t.px(80), board.width, t.px(80))
            self.entry = pygame_gui.elements.UITextEntryLine(rect, manager=self.app.manager)
            self.entry.set_text_length_limit(move.blank("text").most)
            self.entry.focus()

    def key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_n and self.current and self.strip:
            self.other_task()
            return True
        return False

    def close_entry(self) -> None:
        """Esc or PgUp in the text box: leave it unsent, back to the cards."""
        self.typing, self.entry = None, None
        self.app.message = "Not sent: choose a card, or Type our own… again."
        self.app.go(self)

    def submit_entry(self) -> None:
        """Send what was typed."""
        if self.entry is None or not self.current:
            return
        role, task = self.current
        typed = next((m for m in self.tasks(role)[task] if m.blank("text")), None)
        if typed is not None:
            text = self.entry.get_text()
            if not text.strip():  # Enter on an empty box (a clicker's Enter): leave it
                self.close_entry()
                return
            if self.app.play(typed.fill(text=text)):
                self.typing, self.entry = None, None
                self.app.go(self)

    def parent_panel(self, board: pygame.Rect) -> tuple[str, int]:
        """The objective and the line above, and the height its panel needs."""
        t, state = self.app.theme, self.app.state
        if not self.current or self.current[1][0] != "translate":
            return "", 0
        role, (_, objective, _) = self.current
        chosen = state.chosen_objective(objective)
        parent = parent_text(state, role, chosen) or ""
        boss = state.scenario.role(role).reports_to
        who = state.scenario.role(boss).title if boss else "The objective"
        text = f"{chosen_label(state, chosen)} — {who} said: “{parent}”"
        pad = t.px(20)
        return text, text_height(t.font("caption"), text, board.width - 2 * pad) + 2 * pad

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        text, height = self.parent_panel(board)
        if text:
            self.panel(surface, pygame.Rect(board.x, board.y, board.width, height), text, "caption")
