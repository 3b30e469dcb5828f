"""The check-in: hand-over, the private forecast and report, then the public board.

Privacy: before a role sees its forecast, a full-screen hand-over card names the role and
nothing else; the forecast shows only after Enter, and the hand-over comes back before the
next role — no frame ever shows two roles' private information.
"""

from __future__ import annotations

import pygame

from game.engine import observe
from game.engine.actions import ActOnKpi, Correct, React, Report
from game.engine.quarter import kpis_to_decide, reports_due
from game.engine.state import table_roles
from game.engine.words import names_problem
from game.ui.scenes.base import Scene
from game.ui.text import draw_text
from game.ui.widgets import Choice, draw_status, fit_grid, grid, meter, status_of


def latest_reports(state) -> dict[str, int]:
    """The last confidence reported on each key result."""
    return {r.key_result: r.confidence for r in state.reports}


class HandoverScene(Scene):
    """'Hand over to VP Sales — press Enter when only you can see.' Nothing else on screen."""

    name = "handover"

    def __init__(self, app, role: str):
        super().__init__(app)
        self.role = role
        self.identity = ("handover", role)

    def draw(self, surface: pygame.Surface) -> None:
        t = self.app.theme
        surface.fill(t.c("bar"))
        w, h = surface.get_size()
        title = self.app.state.scenario.role(self.role).title
        draw_text(
            surface,
            f"Hand over to {title}",
            t.font("timer", bold=True),
            t.c("on_bar"),
            pygame.Rect(t.px(80), t.px(40), w - t.px(160), h // 2 + t.px(60)),
            "center",
            "bottom",
        )
        draw_text(
            surface,
            "Press Enter when only you can see the screen.",
            t.font("body"),
            t.c("on_bar"),
            pygame.Rect(t.px(80), h // 2 + t.px(120), w - t.px(160), t.px(100)),
            "center",
        )

    def next(self) -> None:
        self.reveal()

    def key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.reveal()
            return True
        return False

    def reveal(self) -> None:
        self.app.ui_state["private_for"] = (self.role, self.app.state.week)
        self.app.rebuild()


GUARD_MS = 800  # an Enter this soon after the screen changed is a mis-press: ignored


class PrivateReportScene(Scene):
    """One role's own forecast for its key result, and the 0–10 report it makes public.

    The row starts on the owner's last report of this key result (or 5). A report needs a
    deliberate confirm: Enter (or a digit) chooses a number, a second Enter on the same number
    sends it; an Enter within GUARD_MS of the screen appearing is ignored."""

    name = "private"

    def __init__(self, app, role: str, kr_id: str):
        super().__init__(app)
        self.role, self.kr_id = role, kr_id
        self.identity = ("private", role, kr_id)
        said = [r.confidence for r in app.state.reports if r.key_result == kr_id]
        self.start = said[-1] if said else 5
        if app.ui_state.get("report_for") != self.identity:
            app.ui_state["report_for"] = self.identity
            app.ui_state.pop("pending", None)
            app.ui_state["shown_ms"] = app.now_ms()

    def headline(self) -> str:
        return f"{self.app.state.scenario.role(self.role).title} — private"

    def hint(self) -> str:
        pending = self.app.ui_state.get("pending")
        if pending is not None:
            return f"Enter: send {pending}/10   Right/Left: another number"
        return "Right/Left: your confidence (10 = certain)   Enter: choose it"

    def layout(self, board: pygame.Rect) -> None:
        t = self.app.theme
        row = pygame.Rect(board.x, board.bottom - t.px(170), board.width, t.px(150))
        rects = grid(row, 11, 11, t.px(12))
        pending = self.app.ui_state.get("pending")
        self.choices = [
            Choice(
                str(c),
                str(c),
                rect=rect,
                button=True,
                selected=c == pending,
                on_activate=lambda c=c: self.choose(c),
            )
            for c, rect in zip(range(11), rects, strict=True)
        ]
        if self.app.focus not in range(11) or self.app.ui_state.get("focus_set") != self.identity:
            self.app.ui_state["focus_set"] = self.identity
            self.app.focus = self.start

    def choose(self, confidence: int) -> None:
        """Enter on a number: the first chooses it, the second (on the same one) sends it."""
        ui = self.app.ui_state
        if self.app.now_ms() - ui.get("shown_ms", 0) < GUARD_MS:
            self.app.message = "Just a moment: the screen has only now changed."
            return
        if ui.get("pending") == confidence:
            self.report(confidence)
            return
        ui["pending"] = confidence
        self.app.message = ""
        self.app.relayout()

    def report(self, confidence: int) -> None:
        self.app.ui_state.pop("pending", None)
        self.app.act(
            Report(role=self.role, key_result=self.kr_id, confidence=confidence, by="person")
        )

    def key(self, event: pygame.event.Event) -> bool:
        if pygame.K_0 <= event.key <= pygame.K_9:
            value = event.key - pygame.K_0
            self.app.focus = value
            self.app.ui_state["pending"] = value
            self.app.relayout()
            return True
        return False

    def next(self) -> None:
        pending = self.app.ui_state.get("pending")
        self.app.message = (
            f"Enter sends {pending}/10." if pending is not None else "Choose a confidence first."
        )

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        mine = {p["key_result"]: p for p in observe(state, self.role)["private"]}
        kr = state.scenario.key_result(self.kr_id)[1]
        info = mine[self.kr_id]
        draw_text(
            surface,
            kr.label,
            t.font("title", bold=True),
            t.c("text"),
            pygame.Rect(board.x, board.y, board.width, t.px(90)),
        )
        draw_text(
            surface,
            kr.sentence,
            t.font("body"),
            t.c("text"),
            pygame.Rect(board.x, board.y + t.px(95), board.width, t.px(90)),
        )
        forecast = info["forecast"]
        big = pygame.Rect(board.x, board.y + t.px(200), board.width // 2, t.px(180))
        draw_text(surface, f"{forecast:.0%}", t.font("timer", bold=True), t.c("accent"), big)
        draw_text(
            surface,
            "your private forecast of hitting it",
            t.font("caption"),
            t.c("muted"),
            pygame.Rect(big.x, big.bottom, big.width, t.px(50)),
        )
        progress = pygame.Rect(board.centerx, board.y + t.px(230), board.width // 2, t.px(40))
        meter(surface, t, progress, info["progress"], "neutral")
        shown = (
            "done"
            if kr.milestone and info["progress"] >= 1
            else ("not yet" if kr.milestone else f"{info['progress']:.0%} of the way")
        )
        draw_text(
            surface,
            f"Progress: {shown}",
            t.font("caption"),
            t.c("text"),
            pygame.Rect(progress.x, progress.bottom + t.px(12), progress.width, t.px(50)),
        )
        draw_text(
            surface,
            self.app.message or "Honest is optimal: report what you believe.",
            t.font("caption", bold=True),
            t.c("text"),
            pygame.Rect(board.x, board.bottom - t.px(230), board.width, t.px(50)),
        )


class BoardScene(Scene):
    """The public board after the reports: reactions, corrective actions, KPI decisions."""

    name = "board"

    def __init__(self, app):
        super().__init__(app)
        self.identity = ("board", app.state.week)
        people = [r for r in table_roles(app.state.scenario) if app.state.seat(r) == "person"]
        self.reactors = people or table_roles(app.state.scenario)
        self.reactor = app.ui_state.get("reactor", self.reactors[0])
        if self.reactor not in self.reactors:
            self.reactor = self.reactors[0]

    def headline(self) -> str:
        week = self.app.state.week
        checkin = any(r.week == week for r in self.app.state.reports)
        return f"Week {week}: {'check-in board' if checkin else 'KPI review'}"

    def hint(self) -> str:
        reactor = self.app.state.scenario.role(self.reactor).title
        return (
            f"Reacting: {reactor} (PgUp: next role)   Enter: the card's moves   PgDn: run the weeks"
        )

    def layout(self, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        s = state.scenario
        latest = latest_reports(state)
        area = board
        self.choices = []
        for k in state.key_results:
            model = s.key_result(k.id)[1]
            marks = []
            if k.named_week is not None:
                marks.append(f"NAMED IN WEEK {k.named_week}")
            if k.corrections:
                marks.append(f"{k.corrections} CORRECTIVE ACTION{'S' if k.corrections > 1 else ''}")
            said = [f"wk {r.week}: {r.confidence}" for r in state.reports if r.key_result == k.id][
                -5:
            ]
            self.choices.append(
                Choice(
                    k.id,
                    model.label,
                    detail=f"Owner: {s.role(k.owner).title}  ·  reported {', '.join(said) or 'no'}",
                    full=model.sentence,
                    status=latest.get(k.id),
                    marks=tuple(marks),
                    marks_on_card=False,
                    actions=self.card_actions(k.id),
                )
            )
        for rect, choice in zip(
            fit_grid(t, area, self.choices, t.px(16)), self.choices, strict=True
        ):
            choice.rect = rect

    def card_actions(self, kr: str) -> tuple:
        """The moves on a grown key-result card: react as the current role, or correct it."""
        state = self.app.state
        made = [r for r in state.reports if r.key_result == kr and r.week == state.week]
        actions = []
        if made and made[-1].role != self.reactor:
            if names_problem(made[-1].confidence):
                actions += [
                    ("Support (S)", lambda: self.react("support")),
                    ("Blame (X)", lambda: self.react("blame")),
                ]
            actions.append(("Challenge (C)", lambda: self.react("challenge")))
        if state.kr(kr).named_week is not None:
            actions.append(("Corrective action (K)", lambda k=kr: self.correct(k)))
        return tuple(actions)

    def correct(self, kr: str) -> None:
        self.app.act(Correct(key_result=kr, by="person"))

    def react(self, kind: str) -> None:
        choice = self.app.focused_choice()
        if choice and not choice.button:
            self.app.act(
                React(role=self.reactor, key_result=choice.key, reaction=kind, by="person")
            )

    def key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_r, pygame.K_PAGEUP):  # PgUp: a clicker's key
            i = (self.reactors.index(self.reactor) + 1) % len(self.reactors)
            self.app.ui_state["reactor"] = self.reactors[i]
            self.app.rebuild()
            return True
        kinds = {pygame.K_s: "support", pygame.K_c: "challenge", pygame.K_x: "blame"}
        if event.key in kinds:
            self.react(kinds[event.key])
            return True
        if event.key == pygame.K_k:
            choice = self.app.focused_choice()
            if choice and not choice.button:
                self.correct(choice.key)
            return True
        return False

    def news(self) -> str:
        state = self.app.state
        if self.app.message:
            return self.app.message
        choice = self.app.focused_choice()
        if choice and not choice.button:
            reactions = [
                x for x in state.reactions if x.key_result == choice.key and x.week == state.week
            ]
            if reactions:
                return "This week: " + "; ".join(
                    f"{state.scenario.role(x.role).title} {x.reaction}" for x in reactions
                )
            said = [r for r in state.reports if r.key_result == choice.key and r.week == state.week]
            if said and names_problem(said[-1].confidence):
                return "Bad news named — how does the room react? (S support, C challenge, X blame)"
        return super().news()


class KpiReviewScene(Scene):
    """The monthly KPI review: every KPI against its band; each one out of band needs a decision."""

    name = "kpi_review"

    def __init__(self, app):
        super().__init__(app)
        self.identity = ("kpi_review", app.state.week)

    def headline(self) -> str:
        return f"Week {self.app.state.week}: the monthly KPI review"

    def hint(self) -> str:
        return "Enter on a KPI out of band: act on it (0.5 capacity) or leave it"

    def layout(self, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        due = kpis_to_decide(state)
        self.choices = []
        for kpi in state.kpis:
            model = next(k for k in state.scenario.kpis if k.id == kpi.id)
            inside = model.band.low <= kpi.value <= model.band.high
            band = f"{model.band.low:g}–{model.band.high:g}"
            marks = (
                ("IN BAND",)
                if inside
                else ("OUT OF BAND — DECIDE",)
                if kpi.id in due
                else ("OUT OF BAND",)
            )
            actions = ()
            if kpi.id in due:
                actions = (
                    (
                        "Act on it",
                        lambda k=kpi.id: self.app.act(ActOnKpi(kpi=k, act=True, by="person")),
                    ),
                    (
                        "Leave it",
                        lambda k=kpi.id: self.app.act(ActOnKpi(kpi=k, act=False, by="person")),
                    ),
                )
            self.choices.append(
                Choice(
                    f"kpi:{kpi.id}",
                    model.name,
                    full=f"{kpi.value:.3g} {model.unit}, band {band}",
                    marks=marks,
                    actions=actions,
                )
            )
        for rect, choice in zip(
            fit_grid(t, board, self.choices, t.px(16)), self.choices, strict=True
        ):
            choice.rect = rect

    def news(self) -> str:
        if self.app.message:
            return self.app.message
        left = len(kpis_to_decide(self.app.state))
        capacity = self.app.state.capacity
        return f"{left} KPI(s) out of band still need a decision. Capacity {capacity:g}."


def checkin_scene(app):
    """The screen for the quarter: hand-over, private report, or the public board."""
    state = app.state
    if state.step == "report":
        due = [(owner, kr) for owner, kr in reports_due(state) if state.seat(owner) == "person"]
        if due:
            owner, kr = due[0]
            if app.ui_state.get("private_for") == (owner, state.week):
                return PrivateReportScene(app, owner, kr)
            return HandoverScene(app, owner)
    app.ui_state.pop("private_for", None)
    if kpis_to_decide(state):
        return KpiReviewScene(app)
    return BoardScene(app)


__all__ = ["checkin_scene", "draw_status", "status_of"]
