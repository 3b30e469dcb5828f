"""The priorities board: shortlist votes, the debate (test, hear, drop, merge, lock), KRs."""

from __future__ import annotations

import pygame

from game.engine.actions import (
    DROP_REASONS,
    Argue,
    Drop,
    EndRound,
    Lock,
    Merge,
    PickKeyResults,
    TestCard,
    Vote,
)
from game.engine.priorities import (
    chosen_label,
    chosen_sentence,
    key_result_pool,
    open_ids,
    remaining,
)
from game.engine.state import table_roles
from game.engine.words import OBJECTIVE_TYPES
from game.ui.scenes.base import GAP, Scene
from game.ui.widgets import Choice, fit_grid, grid

REASON_WORDS = {
    "not_a_change": "Not a change",
    "not_our_strategy": "Not our strategy",
    "no_capacity": "No capacity",
    "next_quarter": "Next quarter",
}


def columns_for(count: int) -> int:
    """Cards per row on the board: at most 5, fewer for short lists."""
    return max(1, min(5, (count + 2) // 3 if count > 6 else count if count <= 3 else 3))


class PrioritiesScene(Scene):
    """Shortlist and debate on one board of cards."""

    name = "priorities"
    phase_title = "Priorities: argue down to three"

    def __init__(self, app):
        super().__init__(app)
        ui = app.ui_state
        self.selected: list[str] = [o for o in ui.get("selected", []) if o in open_ids(app.state)]
        self.dropping = ui.get("dropping")
        self.identity = app.state.step

    def voter(self) -> str | None:
        """The person at the table whose votes are being placed."""
        s = self.app.state
        limit = s.scenario.priorities.votes_per_role
        for role in table_roles(s.scenario):
            if s.seat(role) == "person" and sum(1 for r, _ in s.votes if r == role) < limit:
                return role
        return None

    def headline(self) -> str:
        state = self.app.state
        if state.step == "shortlist":
            voter = self.voter()
            return (
                f"Shortlist: {state.scenario.role(voter).title} votes"
                if voter
                else "Shortlist: votes are in"
            )
        return f"The debate — round {state.debate_round} of {state.scenario.priorities.rounds}"

    def hint(self) -> str:
        if self.app.state.step == "shortlist":
            return "Enter: vote for the focused card   PgDn: open the debate"
        if self.dropping:
            return "Choose the reason on the card   Esc: cancel"
        if remaining(self.app.state) <= 3:
            return "PgDn: lock these three"
        if self.app.card_menu is None:
            return "Enter: the card's moves   PgDn: end the round   T test  H hear  D drop  M merge"
        return "Enter: the card's moves   T test  H hear  D drop  M merge selected  E end round"

    def layout(self, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        s = state.scenario
        area = board
        ids = open_ids(state)
        merges = [c for c in state.chosen if c.merged]
        self.choices = []
        for oid in ids:
            o = s.objective(oid)
            c = state.candidate(oid)
            marks = []
            if c.tested:
                marks.append(OBJECTIVE_TYPES[o.type].mark)

            advocates = "Advocates: " + ", ".join(s.role(a).title for a in o.advocates)
            if c.argued:
                advocates += "  ·  the case was heard"
            self.choices.append(
                Choice(
                    oid,
                    o.label,
                    detail=advocates,
                    full=o.sentence,
                    marks=tuple(marks),
                    badge=f"{c.votes} vote{'s' if c.votes > 1 else ''}" if c.votes else "",
                    selected=oid in self.selected,
                    on_activate=lambda oid=oid: self.activate_card(oid),
                )
            )
        for m in merges:
            self.choices.append(
                Choice(
                    m.id,
                    chosen_label(state, m),
                    detail="A merge",
                    full=chosen_sentence(state, m),
                    marks=("MERGE",),
                    on_activate=lambda: None,
                )
            )
        for rect, choice in zip(
            fit_grid(t, area, self.choices, t.px(GAP)), self.choices, strict=True
        ):
            choice.rect = rect
        if state.step == "debate":
            self.add_card_actions()

    def add_card_actions(self) -> None:
        """Each open card's own moves, shown as buttons on the grown card."""
        for choice in self.choices:
            if choice.key.startswith("merge_"):
                choice.actions = (("Drop… (D)", self.start_drop),)
                continue
            if self.dropping == choice.key:
                choice.actions = tuple(
                    (REASON_WORDS[r], lambda r=r: self.drop(r)) for r in DROP_REASONS
                )
                continue
            c = self.app.state.candidate(choice.key)
            actions = []
            if not c.tested:
                actions.append(("Test (T)", lambda: self.on_focused(TestCard)))
            if not c.argued:
                actions.append(("Hear (H)", lambda: self.on_focused(Argue)))
            actions.append(("Drop… (D)", self.start_drop))
            actions.append(
                (
                    "Unselect" if choice.selected else "Select",
                    lambda k=choice.key: self.activate_card(k),
                )
            )
            choice.actions = tuple(actions)

    def strip_actions(self):
        if self.app.state.step != "debate":
            return [("Open the debate", self.app.advance)]
        if self.dropping:
            return [("Cancel the drop", self.cancel_drop)]
        return [
            ("Merge selected (M)", self.merge),
            ("End round (E)", lambda: self.app.act(EndRound(by="person"))),
            ("Lock three (L)", lambda: self.app.act(Lock(by="person"))),
        ]

    # ---- moves --------------------------------------------------------------------------
    def focused_objective(self) -> str | None:
        choice = self.app.focused_choice()
        return choice.key if choice and not choice.button else None

    def activate_card(self, oid: str) -> None:
        if self.app.state.step == "shortlist":
            voter = self.voter()
            if voter:
                self.app.act(Vote(role=voter, objective=oid, by="person"))
            return
        if oid in self.selected:
            self.selected.remove(oid)
        else:
            self.selected.append(oid)
        self.app.ui_state["selected"] = list(self.selected)
        self.app.relayout()

    def on_focused(self, kind) -> None:
        oid = self.focused_objective() or (self.selected[-1] if self.selected else None)
        if oid:
            self.app.act(kind(objective=oid, by="person"))
        else:
            self.app.message = "Focus a card first."

    def start_drop(self) -> None:
        oid = self.focused_objective() or (self.selected[-1] if self.selected else None)
        if not oid:
            self.app.message = "Focus a card first."
            return
        self.app.ui_state["dropping"] = oid
        self.app.rebuild()
        self.app.card_menu = 0  # the reasons replace the card's buttons: choose one

    def cancel_drop(self) -> None:
        self.app.ui_state.pop("dropping", None)
        self.app.rebuild()

    def drop(self, reason: str) -> None:
        oid = self.app.ui_state.pop("dropping", None)
        if oid:
            self.app.act(Drop(objective=oid, reason=reason, by="person"))
        self.app.rebuild()

    def merge(self) -> None:
        if len(self.selected) < 2:
            self.app.message = "Select two or more cards (Enter) to merge them."
            return
        if self.app.act(Merge(objectives=tuple(self.selected), by="person")):
            self.app.ui_state["selected"] = []
            self.app.rebuild()

    def key(self, event: pygame.event.Event) -> bool:
        if self.app.state.step != "debate":
            return False
        if event.key == pygame.K_ESCAPE and self.dropping:
            self.cancel_drop()
            return True
        keys = {
            pygame.K_t: lambda: self.on_focused(TestCard),
            pygame.K_h: lambda: self.on_focused(Argue),
            pygame.K_d: self.start_drop,
            pygame.K_m: self.merge,
            pygame.K_e: lambda: self.app.act(EndRound(by="person")),
            pygame.K_l: lambda: self.app.act(Lock(by="person")),
        }
        if event.key in keys and not self.dropping:
            keys[event.key]()
            return True
        return False

    def next(self) -> None:
        """The next click: in the debate it ends the round, or locks once three remain."""
        if self.app.state.step != "debate":
            self.app.advance()
        elif remaining(self.app.state) <= 3:
            self.app.act(Lock(by="person"))
        else:
            self.app.act(EndRound(by="person"))


class KeyResultsScene(Scene):
    """Pick 3–5 key results per locked objective and fold overlapping KPIs in."""

    name = "key_results"
    phase_title = "Key results: 3 to 5 per objective"

    def __init__(self, app):
        super().__init__(app)
        state = app.state
        todo = [c for c in state.chosen if not c.key_results]
        self.current = todo[0] if todo else None
        self.identity = self.current.id if self.current else None
        ui = app.ui_state
        if ui.get("kr_for") != self.identity:
            ui.update(kr_for=self.identity, picks=[], fold=[])
        self.picks: list[str] = ui["picks"]
        self.fold: list[str] = ui["fold"]

    def headline(self) -> str:
        if not self.current:
            return "Key results are set"
        done = sum(1 for c in self.app.state.chosen if c.key_results)
        return f"Key results {done + 1} of {len(self.app.state.chosen)}: pick 3 to 5"

    def hint(self) -> str:
        if not self.current:
            return "PgDn: to the cascade"
        return f"Enter: pick or unpick   PgDn: confirm {len(self.picks)} key results"

    def layout(self, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        s = state.scenario
        self.choices = []
        if not self.current:
            rects = grid(board, len(state.chosen), len(state.chosen), t.px(GAP))
            for rect, c in zip(rects, state.chosen, strict=True):
                labels = "\n".join("· " + s.key_result(k)[1].label for k in c.key_results)
                self.choices.append(
                    Choice(
                        c.id,
                        chosen_label(state, c),
                        full=labels,
                        detail=f"{len(c.key_results)} key results",
                        rect=rect,
                    )
                )
            return
        pool = key_result_pool(state, self.current)
        overlaps = sorted({s.key_result(k)[1].overlaps_kpi for k in self.picks} - {None})
        for kr_id in pool:
            kr = s.key_result(kr_id)[1]
            measure = "milestone" if kr.milestone else f"{kr.baseline:g} to {kr.target:g} {kr.unit}"
            pick = lambda k=kr_id: self.toggle(self.picks, k)  # noqa: E731
            self.choices.append(
                Choice(
                    kr_id,
                    kr.label,
                    full=kr.sentence,
                    marks=(measure,),
                    selected=kr_id in self.picks,
                    on_activate=pick,
                )
            )
        for kpi_id in overlaps:
            name = next(k.name for k in s.kpis if k.id == kpi_id)
            fold = lambda k=kpi_id: self.toggle(self.fold, k)  # noqa: E731
            self.choices.append(
                Choice(
                    "fold:" + kpi_id,
                    f"Fold in the KPI: {name}",
                    marks=("FOLD IN",),
                    full=f"'{name}' overlaps a picked key result: fold it in, not twice.",
                    selected=kpi_id in self.fold,
                    on_activate=fold,
                )
            )
        for rect, choice in zip(
            fit_grid(t, board, self.choices, t.px(GAP)), self.choices, strict=True
        ):
            choice.rect = rect

    def toggle(self, items: list[str], key: str) -> None:
        if key in items:
            items.remove(key)
        else:
            items.append(key)
        self.app.relayout()

    def next(self) -> None:
        if not self.current:
            self.app.advance()
            return
        if self.app.act(
            PickKeyResults(
                objective=self.current.id,
                key_results=tuple(self.picks),
                fold=tuple(self.fold),
                by="person",
            )
        ):
            self.app.ui_state.pop("kr_for", None)
            self.app.rebuild()

    def news(self) -> str:
        if self.app.message:
            return self.app.message
        if self.current:
            label = chosen_label(self.app.state, self.current)
            return f"For '{label}': {len(self.picks)} picked."
        return super().news()
