"""The quarterly question: after a quarter's review, when quarters remain, the room keeps,
rewrites or replaces each objective (docs/rules.md, "Later quarters").

One card per objective with what its key results did this quarter; Enter opens its three
answers (Right / Left between them, Enter plays one), or K, W, R on the focused card; PgDn
starts the next quarter once every objective has its answer. Every move is the table's.
"""

from __future__ import annotations

import pygame

from game.session.facts import chosen_label, chosen_sentence, truth
from game.session.move_words import QUARTERLY_WORDS
from game.session.moves import Move, Seat
from game.ui.scenes.base import GAP, Scene
from game.ui.text import draw_text
from game.ui.widgets import Choice, grid

KEYS = {"keep": "K", "rewrite": "W", "replace": "R"}
PRESSED = {pygame.K_k: "keep", pygame.K_w: "rewrite", pygame.K_r: "replace"}
SAID = {"keep": "KEEP", "rewrite": "REWRITE: NEW KEY RESULTS", "replace": "REPLACE"}


class QuarterlyScene(Scene):
    """Keep, rewrite or replace each objective for the next quarter."""

    name = "quarterly"

    def seats(self) -> list[Seat]:
        return [self.seat()]

    def headline(self) -> str:
        state = self.app.state
        return f"Quarter {state.quarter} is over: keep, rewrite or replace?"

    def hint(self) -> str:
        state = self.app.state
        return (
            "Enter: the answers   K keep   W rewrite   R replace   "
            f"PgDn: start quarter {state.quarter + 1}"
        )

    def layout(self, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        room = self.moves()
        answers: dict[str, list[Move]] = {}
        for m in room.of("answer_quarterly"):
            answers.setdefault(m.action.objective, []).append(m)
        advance = room.find("advance")
        if advance is not None:
            self.next_move = advance
            self.bind(advance)
        given = dict(state.answers)
        for c in state.chosen:
            krs = [k for k in state.key_results if k.objective == c.id]
            hit = sum(1 for k in krs if truth(state, k).hit)
            moves = answers.get(c.id, [])
            hits = f"{hit} OF {len(krs)} HIT"
            self.choices.append(
                Choice(
                    c.id,
                    chosen_label(state, c),
                    full=chosen_sentence(state, c),
                    marks=(*([SAID[given[c.id]]] if c.id in given else []), hits),
                    actions=tuple(
                        (f"{m.label} ({KEYS[m.action.answer]})", self.bind(m)) for m in moves
                    ),
                    action_moves=tuple(moves),
                )
            )
        cards = pygame.Rect(board.x, board.y, board.width, board.height * 3 // 5)
        for rect, choice in zip(
            grid(cards, len(self.choices), len(self.choices), t.px(GAP)), self.choices, strict=True
        ):
            choice.rect = rect

    def key(self, event: pygame.event.Event) -> bool:
        choice = self.app.focused_choice()
        answer = PRESSED.get(event.key)
        if answer is None or choice is None:
            return False
        move = next((m for m in choice.action_moves if m and m.action.answer == answer), None)
        if move is not None:
            self.app.play(move)
        return True

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        """Under the cards: what each answer means next quarter."""
        t = self.app.theme
        top = board.y + board.height * 3 // 5 + t.px(GAP)
        rows = pygame.Rect(board.x, top, board.width, board.bottom - top)
        lines = [f"{word} ({KEYS[a]}): {means}" for a, (word, means) in QUARTERLY_WORDS.items()]
        lines.append("On each card: how many of its key results were hit this quarter.")
        pygame.draw.rect(surface, t.c("surface"), rows, border_radius=t.px(14))
        pygame.draw.rect(surface, t.c("border"), rows, width=t.px(2), border_radius=t.px(14))
        draw_text(
            surface,
            "\n".join(lines),
            t.font("body"),
            t.c("text"),
            rows.inflate(-t.px(40), -t.px(30)),
            valign="middle",
        )
