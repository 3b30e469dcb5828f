"""The priorities board: shortlist votes, the debate (test, hear, drop, merge, lock), KRs.

Every button plays one of the table's moves; the screen only keeps what is being chosen
(the cards selected for a merge, the card being dropped, the key results ticked).
"""

from __future__ import annotations

import dataclasses

import pygame

from game.engine.words import COUNTS, OBJECTIVE_TYPES
from game.session.facts import (
    carried_over,
    chosen_label,
    chosen_sentence,
    open_cards,
    table_roles,
    to_choose,
)
from game.session.move_words import words_for
from game.session.moves import Move, Seat
from game.ui.scenes.base import GAP, Scene
from game.ui.widgets import Choice, fit_grid, grid


class PrioritiesScene(Scene):
    """Shortlist and debate on one board of cards."""

    name = "priorities"
    phase_title = "Priorities: argue down to three"

    def __init__(self, app):
        super().__init__(app)
        self.selected: list[str] = []  # cards selected: to keep (three) or to merge
        self.dropping: str | None = None  # the card whose drop reasons are open
        self.keeping = False  # the keep-three preview is open (PgDn with three selected)

    @property
    def identity(self) -> tuple:
        return (*self.place, self.dropping, self.keeping)

    def voter(self) -> str | None:
        """The person at the table whose votes are being placed (the first with votes left)."""
        s = self.app.state
        for role in table_roles(s.scenario):
            if s.seat(role) == "person" and any(m.allowed for m in self.moves(role).of("vote")):
                return role
        return None

    def advocates(self) -> list[str]:
        """Roles with a case they may still make (each card's Hear buttons)."""
        return [r.id for r in self.app.state.scenario.roles if self.moves(r.id).of("argue")]

    def seats(self) -> list[Seat]:
        if self.app.state.step == "shortlist":
            voter = self.voter()
            return ([self.seat(voter)] if voter else []) + [self.seat()]
        return [self.seat(), *(self.seat(r) for r in self.advocates())]

    def headline(self) -> str:
        state = self.app.state
        if state.step == "shortlist":
            voter = self.voter()
            return (
                f"Shortlist: {state.scenario.role(voter).title} votes"
                if voter
                else "Shortlist: votes are in"
            )
        if self.keeping:
            return f"Keep the {len(self.selected)} selected — one reason for all the others"
        title = f"The debate — round {state.debate_round} of {state.scenario.priorities.rounds}"
        kept = carried_over(state)
        if kept:  # a later quarter: the slots left beside what the room kept
            title += f" · {len(kept)} kept, choose {to_choose(state)}"
        return title

    def hint(self) -> str:
        if self.app.state.step == "shortlist":
            return "Enter: vote for the focused card   PgDn: open the debate"
        if self.dropping:
            return "Choose the reason on the card   Esc: cancel"
        if self.keeping:
            return "Right/Left: the reason   Enter or PgDn: drop the others   Esc or PgUp: back"
        if self.next_move is not None and self.next_move.kind == "lock":
            return "PgDn: lock these three"
        if self.keep_moves() and len(self.selected) == self.keep_count():
            return f"PgDn: keep the {len(self.selected)} selected, drop the rest (shown first)"
        if self.app.card_menu is None:
            keep = COUNTS[to_choose(self.app.state)]
            return f"Enter: the card's moves (Select first)   PgDn: keep {keep}   E: end the round"
        return "Enter: the card's moves   T test  H hear  D drop  M merge selected  E end round"

    def layout(self, board: pygame.Rect) -> None:
        state = self.app.state
        s = state.scenario
        ids = open_cards(state)
        kept = set(carried_over(state))
        merges = [c.id for c in state.chosen if c.merged and c.id not in kept]
        self.selected = [o for o in self.selected if o in ids or o in merges]
        if self.keeping and not (self.keep_moves() and len(self.selected) == self.keep_count()):
            self.keeping = False
        if self.dropping is not None and not self.drops(self.dropping):
            self.dropping = None
        voter = self.voter() if state.step == "shortlist" else None
        votes = {m.action.objective: m for m in self.moves(voter).of("vote")} if voter else {}
        for oid in ids:
            o = s.objective(oid)
            c = state.candidate(oid)
            marks = [OBJECTIVE_TYPES[o.type].mark] if c.tested else []
            advocates = "Advocates: " + ", ".join(s.role(a).title for a in o.advocates)
            if c.argued:
                advocates += "  ·  the case was heard"
            vote = votes.get(oid)
            self.choices.append(
                Choice(
                    oid,
                    o.label,
                    detail=advocates,
                    full=o.sentence,
                    marks=tuple(marks),
                    badge=f"{c.votes} vote{'s' if c.votes > 1 else ''}" if c.votes else "",
                    selected=oid in self.selected,
                    on_activate=(
                        self.bind(vote) if vote else None if voter else lambda o=oid: self.toggle(o)
                    ),
                    move=vote,
                )
            )
        for m in (c for c in state.chosen if c.id in merges):
            self.choices.append(
                Choice(
                    m.id,
                    chosen_label(state, m),
                    detail="A merge",
                    full=chosen_sentence(state, m),
                    marks=("MERGE",),
                    selected=m.id in self.selected,
                )
            )
        end = self.moves().find("end_round") if state.step == "debate" else None
        if end is not None:  # a card a clicker reaches (Right, Enter), after the objectives
            self.choices.append(
                Choice(
                    "end_round",
                    f"End round {state.debate_round} of {s.priorities.rounds}",
                    button=True,
                    on_activate=self.bind(end),
                    move=end,
                )
            )
        self.place_cards(board)
        room = self.moves()
        if state.step == "debate":
            self.add_card_actions()
            self.add_debate_strip()
            if self.keeping:
                self.layout_keep(board)
            return
        advance = room.find("advance")
        if advance is not None and advance.allowed:
            self.next_move = advance
            self.strip = [(advance.label, self.bind(advance), advance)]

    def place_cards(self, board: pygame.Rect) -> None:
        """Every card keeps its place while the phase is open: the grid has a cell for each
        candidate the phase began with (and the end-round card), and a dropped or merged card
        leaves its cell empty — a merge takes its first member's — so nothing reflows."""
        t, state = self.app.theme, self.app.state
        home = {m.id: m.members[0] for m in state.chosen if m.merged}
        shown = {home.get(c.key, c.key): c for c in self.choices}
        cells = [c.id for c in state.candidates] + [
            k for k in shown if k not in {c.id for c in state.candidates}
        ]
        sizing = [shown.get(k) or Choice(k, state.scenario.objective(k).label) for k in cells]
        rects = dict(zip(cells, fit_grid(t, board, sizing, t.px(GAP)), strict=True))
        for key, choice in shown.items():
            choice.rect = rects[key]

    def drops(self, oid: str) -> list[Move]:
        """The drop moves (one per reason) of a card."""
        return [m for m in self.moves().of("drop") if m.action.objective == oid]

    def add_card_actions(self) -> None:
        """Each card's own moves, shown as buttons on the grown card."""
        room = self.moves()
        tests = {m.action.objective: m for m in room.of("test_card")}
        hears: dict[str, list[Move]] = {}
        for role in self.advocates():
            for m in self.moves(role).of("argue"):
                hears.setdefault(m.action.objective, []).append(m)
        for choice in self.choices:
            if choice.button:
                continue
            drops = self.drops(choice.key)
            if self.dropping == choice.key:
                moves = [m for m in drops if m.allowed]
                choice.actions = tuple((m.label, self.bind(m)) for m in moves)
                choice.action_moves = tuple(moves)
                continue
            actions: list[tuple] = []
            moves: list[Move | None] = []
            label = "Unselect" if choice.selected else "Select"
            actions.append((label, lambda k=choice.key: self.toggle(k)))  # first: Enter, Enter
            moves.append(None)
            if choice.key in tests:
                actions.append(("Test (T)", self.bind(tests[choice.key])))
                moves.append(tests[choice.key])
            for m in hears.get(choice.key, []):
                actions.append((f"{m.label} (H)" if len(actions) < 2 else m.label, self.bind(m)))
                moves.append(m)
            if drops:
                self.reach(m for m in drops if m.allowed)
                actions.append(("Drop… (D)", lambda k=choice.key: self.start_drop(k)))
                moves.append(None)
            choice.actions, choice.action_moves = tuple(actions), tuple(moves)

    def add_debate_strip(self) -> None:
        room = self.moves()
        if self.dropping:
            self.strip = [("Cancel the drop", self.cancel_drop)]
            return
        merges = [m for m in room.of("merge") if m.allowed]
        if merges:
            self.reach(merges)
            self.strip.append(("Merge selected (M)", self.merge, None, tuple(merges)))
        for kind, label in (("lock", "Lock three (L)"),):  # (the round ends on its card)
            move = room.find(kind)
            if move is not None:
                self.strip.append((label, self.bind(move), move))
        lock = room.find("lock")
        self.next_move = lock if lock is not None and lock.allowed else None
        self.reach(self.keep_moves())  # PgDn with three selected opens them

    def keep_moves(self) -> list[Move]:
        """The keep-three moves, one per reason (templates: the three kept are filled in)."""
        return [m for m in self.moves().of("keep") if m.allowed]

    def keep_count(self) -> int:
        """How many objectives a keep move keeps (the table's blank says)."""
        moves = self.keep_moves()
        blank = moves[0].blank("objectives") if moves else None
        return blank.least if blank else 0

    def kept(self, move: Move) -> Move:
        """A keep move filled with the selected cards, with the words of what it does."""
        filled = move.fill(objectives=list(self.selected))
        label, detail = words_for(self.app.state, filled.action)
        return dataclasses.replace(filled, label=label, detail=detail)

    def layout_keep(self, board: pygame.Rect) -> None:
        """The keep-three preview: one card per reason on the left, what goes on the right."""
        t = self.app.theme
        board_moves = tuple(self.offers)
        self.choices = []
        for move in self.keep_moves():
            filled = self.kept(move)
            self.choices.append(
                Choice(
                    "keep:" + move.action.reason,
                    filled.label,
                    detail="Enter: drop them all with this reason",
                    on_activate=lambda m=filled: self.confirm_keep(m),
                    move=None,
                    reach=(move,),
                )
            )
        column = pygame.Rect(board.x, board.y, board.width * 2 // 5, board.height)
        rects = grid(column, len(self.choices), 1, t.px(GAP))
        for rect, choice in zip(rects, self.choices, strict=True):
            choice.rect = rect
        self.strip = [("Back to the board", self.cancel_keep, None, board_moves)]

    def confirm_keep(self, move: Move) -> None:
        if self.app.play(move):
            self.keeping = False
            self.selected = []
            self.app.go(self)

    def cancel_keep(self) -> None:
        self.keeping = False
        self.app.go(self)

    def missing(self) -> str:
        """What PgDn needs before it can lock, in the table's words."""
        lock = self.moves().find("lock")
        why = lock.refused if lock is not None else ""
        n = self.keep_count()
        if not n:
            return why
        return (
            f"{why} Or select the {n} to keep (Enter on a card, then Select): "
            f"{len(self.selected)} selected now."
        ).strip()

    def next(self) -> None:
        """PgDn: lock when three remain; with three selected, the keep-three preview (then
        its confirm); otherwise say what is missing."""
        state = self.app.state
        if state.step != "debate":
            super().next()
            return
        focused = self.app.focused_choice()
        if self.keeping and focused is not None and focused.on_activate:
            focused.on_activate()
            return
        if self.next_move is not None:
            self.app.play(self.next_move)
            return
        if self.keep_moves() and len(self.selected) == self.keep_count():
            self.keeping = True
            self.app.message = ""
            self.app.go(self)
            return
        self.app.message = self.missing()

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        if not self.keeping:
            return
        t = self.app.theme
        focused = self.app.focused_choice()
        move = next(
            (m for m in self.keep_moves() if focused and focused.key == "keep:" + m.action.reason),
            None,
        )
        labels = [self.label_of(o) for o in self.selected]
        text = "Keep: " + "; ".join(labels) + "."
        if move is not None:
            text += "\n\n" + self.kept(move).detail
        panel = pygame.Rect(
            board.x + board.width * 2 // 5 + t.px(GAP),
            board.y,
            board.width - board.width * 2 // 5 - t.px(GAP),
            board.height,
        )
        self.panel(surface, panel, text)

    def label_of(self, objective: str) -> str:
        choice = next((c for c in self.choices if c.key == objective), None)
        if choice is not None:
            return choice.label
        blank = self.keep_moves()[0].blank("objectives") if self.keep_moves() else None
        option = next((o for o in (blank.options if blank else ()) if o.id == objective), None)
        return option.label if option else objective

    # ---- moves --------------------------------------------------------------------------
    def focused_objective(self) -> str | None:
        choice = self.app.focused_choice()
        return choice.key if choice and not choice.button else None

    def toggle(self, oid: str) -> None:
        """Select a card for a merge, or unselect it."""
        if oid in self.selected:
            self.selected.remove(oid)
        else:
            self.selected.append(oid)
        self.app.message = ""
        self.app.go(self)

    def on_focused(self, kind: str) -> None:
        """T / H: test or hear the focused card."""
        oid = self.focused_objective() or (self.selected[-1] if self.selected else None)
        choice = next((c for c in self.choices if c.key == oid), None)
        move = next(
            (m for m in (choice.action_moves if choice else ()) if m and m.kind == kind), None
        )
        if move is not None:
            self.app.play(move)
        else:
            self.app.message = "Focus a card that can be " + (
                "tested first." if kind == "test_card" else "heard first."
            )

    def start_drop(self, oid: str | None = None) -> None:
        oid = oid or self.focused_objective() or (self.selected[-1] if self.selected else None)
        if not oid or not any(m.allowed for m in self.drops(oid)):
            self.app.message = "Focus a card that can be dropped first."
            return
        self.dropping = oid
        self.app.go(self)
        self.app.card_menu = 0  # the reasons replace the card's buttons: choose one

    def cancel_drop(self) -> None:
        self.dropping = None
        self.app.go(self)

    def merge(self) -> None:
        """Merge the selected cards (the table's merge move, filled with them)."""
        merges = [m for m in self.offers if m.kind == "merge"]
        if len(self.selected) < 2 or not merges:
            self.app.message = "Select two or more cards (Enter) to merge them."
            return
        cards = [o for o in self.selected if not o.startswith("merge_")]
        if self.app.play(merges[0].fill(objectives=cards)):
            self.selected = []
            self.app.go(self)

    def strip_move(self, kind: str) -> None:
        move = next((m for m in self.offers if m.kind == kind), None)
        if move is not None:
            self.app.play(move)

    def key(self, event: pygame.event.Event) -> bool:
        if self.app.state.step != "debate":
            return False
        if event.key == pygame.K_ESCAPE and self.dropping:
            self.cancel_drop()
            return True
        if event.key in (pygame.K_ESCAPE, pygame.K_PAGEUP) and self.keeping:
            self.cancel_keep()
            return True
        keys = {
            pygame.K_t: lambda: self.on_focused("test_card"),
            pygame.K_h: lambda: self.on_focused("argue"),
            pygame.K_d: self.start_drop,
            pygame.K_m: self.merge,
            pygame.K_e: lambda: self.strip_move("end_round"),
            pygame.K_l: lambda: self.strip_move("lock"),
        }
        if event.key in keys and not self.dropping:
            keys[event.key]()
            return True
        return False


class KeyResultsScene(Scene):
    """Pick 3–5 key results per locked objective and fold overlapping KPIs in."""

    name = "key_results"
    phase_title = "Key results: 3 to 5 per objective"

    def __init__(self, app):
        super().__init__(app)
        todo = [c for c in app.state.chosen if not c.key_results]
        self.current: str | None = todo[0].id if todo else None  # the objective being picked
        self.picks: list[str] = []
        self.fold: list[str] = []

    @property
    def identity(self) -> tuple:
        return (*self.place, self.current)

    def seats(self) -> list[Seat]:
        return [self.seat()]

    def pick_move(self, objective: str | None) -> Move | None:
        return self.moves().find("pick_key_results", objective=objective) if objective else None

    def headline(self) -> str:
        if not self.current:
            return "Key results are set"
        chosen = [c.id for c in self.app.state.chosen]
        n = chosen.index(self.current) + 1 if self.current in chosen else 1
        return f"Key results {n} of {len(chosen)}: pick 3 to 5"

    def hint(self) -> str:
        if not self.current:
            return "Enter: change an objective's key results   PgDn: to the cascade"
        return f"Enter: pick or unpick   PgDn: confirm {len(self.picks)} key results"

    def layout(self, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        s = state.scenario
        pick = self.pick_move(self.current)
        if pick is None:
            self.current = None
        if not self.current:
            rects = grid(board, len(state.chosen), len(state.chosen), t.px(GAP))
            for rect, c in zip(rects, state.chosen, strict=True):
                labels = "\n".join("· " + s.key_result(k).model.label for k in c.key_results)
                edit = self.pick_move(c.id)
                self.choices.append(
                    Choice(
                        c.id,
                        chosen_label(state, c),
                        full=labels,
                        detail=f"{len(c.key_results)} key results",
                        rect=rect,
                        on_activate=(lambda o=c.id: self.edit(o)) if edit else None,
                        reach=self.reach([edit] if edit else []),
                    )
                )
            advance = self.moves().find("advance")
            if advance is not None:
                self.next_move = advance
                self.bind(advance)
            return
        self.next_move = pick
        self.offers.append(pick)  # PgDn plays it, filled with what is ticked
        krs, folds = pick.blank("key_results"), pick.blank("fold")
        for option in krs.options:
            kr = s.key_result(option.id).model
            measure = "milestone" if kr.milestone else f"{kr.baseline:g} to {kr.target:g} {kr.unit}"
            self.choices.append(
                Choice(
                    option.id,
                    option.label,
                    full=option.detail,
                    marks=(measure,),
                    selected=option.id in self.picks,
                    on_activate=lambda k=option.id: self.toggle(self.picks, k),
                )
            )
        for option in folds.options:
            if not set(option.needs) & set(self.picks):
                continue
            self.choices.append(
                Choice(
                    "fold:" + option.id,
                    f"Fold in the KPI: {option.label}",
                    marks=("FOLD IN",),
                    full=f"'{option.label}' overlaps a picked key result: fold it in, not twice.",
                    selected=option.id in self.fold,
                    on_activate=lambda k=option.id: self.toggle(self.fold, k),
                )
            )
        for rect, choice in zip(
            fit_grid(t, board, self.choices, t.px(GAP)), self.choices, strict=True
        ):
            choice.rect = rect
        for c in state.chosen:  # the other objectives: a tab each
            other = self.pick_move(c.id)
            if c.id != self.current and other is not None:
                n = [x.id for x in state.chosen].index(c.id) + 1
                self.reach([other])
                self.strip.append((f"Objective {n}", lambda o=c.id: self.edit(o), None, (other,)))

    def edit(self, objective: str) -> None:
        """Pick (again) the key results of one objective."""
        chosen = self.app.state.chosen_objective(objective)
        self.current = objective
        self.picks, self.fold = list(chosen.key_results), list(chosen.fold)
        self.app.go(self)

    def toggle(self, items: list[str], key: str) -> None:
        picked = key not in items
        if picked:
            items.append(key)
        else:
            items.remove(key)
        self.app.go(self)
        if picked and items is self.picks:
            self.focus_next_unpicked(key)

    def focus_next_unpicked(self, key: str) -> None:
        """After a pick, the focus goes on to the next key result not picked yet (in reading
        order, the grid unchanged): picking three is Enter, Enter, Enter from a clicker."""
        cards = self.choices
        here = next((i for i, c in enumerate(cards) if c.key == key), None)
        if here is None:
            return
        for step in range(1, len(cards)):
            i = (here + step) % len(cards)
            if not cards[i].selected and not cards[i].key.startswith("fold:"):
                self.app.focus = i
                return

    def next(self) -> None:
        if not self.current:
            super().next()
            return
        pick = self.pick_move(self.current)
        if pick is not None and self.app.play(pick.fill(key_results=self.picks, fold=self.fold)):
            todo = [c for c in self.app.state.chosen if not c.key_results]
            self.current = todo[0].id if todo else None
            self.picks, self.fold = [], []
            self.app.go(self)

    def news(self) -> str:
        if self.app.message:
            return self.app.message
        if self.current:
            label = chosen_label(self.app.state, self.app.state.chosen_objective(self.current))
            return f"For '{label}': {len(self.picks)} picked."
        return super().news()
