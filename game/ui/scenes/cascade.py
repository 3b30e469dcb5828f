"""The cascade: each role says what an objective means for its part of the business."""

from __future__ import annotations

import pygame
import pygame_gui

from game.engine.actions import AnswerThrowback, ThrowBack, Translate
from game.engine.cascade import cards_for, parent_text, throwbacks_for, translation_of, translators
from game.engine.priorities import chosen_label
from game.ui.scenes.base import GAP, Scene
from game.ui.text import text_height
from game.ui.widgets import Choice, fit_grid, grid

ANSWER_WORDS = {
    "trade_off": "Trade off: move capacity to it",
    "rescope": "Re-scope the key result",
    "accept": "Accept the risk",
}


class CascadeScene(Scene):
    """Whose turn it is in the cascade, the line above, and the ways to translate it."""

    name = "cascade"
    phase_title = "Cascade: translate, don't copy"

    def __init__(self, app):
        super().__init__(app)
        self.task = self.find_task()
        self.identity = self.task
        self.entry: pygame_gui.elements.UITextEntryLine | None = None

    def find_task(self) -> tuple | None:
        """The next thing a person must do: answer a constraint, throw one back, or translate."""
        state = self.app.state
        people = set(self.app.people())
        for t in state.thrown:
            if not t.answer and t.to_role in people:
                return ("answer", t.to_role, t.objective, t.index)
        for chosen in state.chosen:
            for i, tb in enumerate(throwbacks_for(state, chosen)):
                offered = self.app.ui_state.get("declined", set())
                if (
                    tb.role in people
                    and translation_of(state, tb.role, chosen.id)
                    and not any(x.objective == chosen.id and x.index == i for x in state.thrown)
                    and (chosen.id, i) not in offered
                ):
                    return ("throw", tb.role, chosen.id, i)
        for role, objective in translators(state):
            chosen = state.chosen_objective(objective)
            if (
                role in people
                and not translation_of(state, role, objective)
                and parent_text(state, role, chosen) is not None
            ):
                return ("translate", role, objective, -1)
        return None

    def headline(self) -> str:
        if not self.task:
            return "Cascade: every level has spoken"
        kind, role, _, _ = self.task
        title = self.app.state.scenario.role(role).title
        verb = {"translate": "translates", "throw": "may throw back", "answer": "answers"}[kind]
        return f"{title} {verb}"

    def hint(self) -> str:
        if not self.task:
            return "PgDn: start the quarter"
        if self.task[0] == "translate":
            return "Enter: choose   the last card opens a text box (Enter to send)"
        return "Enter: choose"

    def layout(self, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        self.choices = []
        top = self.parent_panel(board)[1] + t.px(GAP)
        entry_h = t.px(100) if self.app.ui_state.get("typing") == self.task else 0
        area = pygame.Rect(board.x, board.y + top, board.width, board.height - top - entry_h)
        if not self.task:
            self.layout_summary(board)
            return
        kind, role, objective, index = self.task
        chosen = state.chosen_objective(objective)
        if kind == "translate":
            cards = cards_for(state, role, chosen)
            specs = [
                (c.label, c.sentence, lambda i=i: self.translate("card", card=i))
                for i, c in enumerate(cards)
            ]
            parent = parent_text(state, role, chosen) or ""
            specs.append(("Copy the line above", parent, lambda: self.translate("copy")))
            specs.append(
                ("Type our own…", "Type what it means for this role's own work.", self.open_entry)
            )
        elif kind == "throw":
            tb = throwbacks_for(state, chosen)[index]
            specs = [
                (
                    f"Throw back: {tb.label}",
                    tb.sentence,
                    lambda: self.app.act(
                        ThrowBack(role=role, objective=objective, throwback=index, by="person")
                    ),
                ),
                (
                    "No constraint to raise",
                    "Carry on without throwing anything back.",
                    self.decline,
                ),
            ]
        else:
            tb = throwbacks_for(state, chosen)[index]
            specs = [
                (
                    ANSWER_WORDS[a],
                    tb.sentence,
                    lambda a=a: self.app.act(
                        AnswerThrowback(
                            role=role, objective=objective, throwback=index, answer=a, by="person"
                        )
                    ),
                )
                for a in ANSWER_WORDS
            ]
        for label, full, fn in specs:
            self.choices.append(Choice(label, label, full=full, on_activate=fn))
        for rect, choice in zip(
            fit_grid(t, area, self.choices, t.px(GAP), most=4), self.choices, strict=True
        ):
            choice.rect = rect
        if self.app.ui_state.get("typing") == self.task:
            self.open_entry()

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

    # ---- moves -------------------------------------------------------------------------
    def translate(self, choice: str, card: int = -1, text: str = "") -> None:
        _, role, objective, _ = self.task
        self.app.ui_state.pop("typing", None)
        self.app.act(
            Translate(
                role=role, objective=objective, choice=choice, card=card, text=text, by="person"
            )
        )

    def decline(self) -> None:
        _, _, objective, index = self.task
        self.app.ui_state.setdefault("declined", set()).add((objective, index))
        self.app.rebuild()

    def open_entry(self) -> None:
        """A text box for a typed translation (clicker keys type into it, never advance)."""
        t = self.app.theme
        self.app.ui_state["typing"] = self.task
        if self.entry is None:
            board = self.board_rect(self.app.size)
            rect = pygame.Rect(board.x, board.bottom - t.px(80), board.width, t.px(80))
            self.entry = pygame_gui.elements.UITextEntryLine(rect, manager=self.app.manager)
            self.entry.set_text_length_limit(400)
            self.entry.focus()

    def key(self, event: pygame.event.Event) -> bool:
        return False

    def close_entry(self) -> None:
        """Esc or PgUp in the text box: leave it unsent, back to the cards."""
        self.app.ui_state.pop("typing", None)
        self.entry = None
        self.app.message = "Not sent: choose a card, or Type our own… again."
        self.app.rebuild()

    def submit_entry(self) -> None:
        """Send what was typed."""
        if self.entry is not None:
            self.translate("typed", text=self.entry.get_text())

    def next(self) -> None:
        if self.task:
            self.app.message = "Finish the cascade first: " + self.headline()
            return
        self.app.advance()

    def parent_panel(self, board: pygame.Rect) -> tuple[str, int]:
        """The objective and the line above, and the height its panel needs."""
        t, state = self.app.theme, self.app.state
        if not self.task or self.task[0] != "translate":
            return "", 0
        _, role, objective, _ = self.task
        parent = parent_text(state, role, state.chosen_objective(objective)) or ""
        boss = state.scenario.role(role).reports_to
        who = state.scenario.role(boss).title if boss else "The objective"
        label = chosen_label(state, state.chosen_objective(objective))
        text = f"{label} — {who} said: “{parent}”"
        pad = t.px(20)
        return text, text_height(t.font("caption"), text, board.width - 2 * pad) + 2 * pad

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        text, height = self.parent_panel(board)
        if text:
            self.panel(surface, pygame.Rect(board.x, board.y, board.width, height), text, "caption")
