"""The check-in: hand-over, the private forecast and report, then the public board.

Privacy: before a role sees its forecast, a full-screen hand-over card names the role and
nothing else; the forecast shows only after Enter, and the hand-over comes back before the
next role — no frame ever shows two roles' private information. Every button plays one of
the table's moves; the board's KPI review and its key results are two views of one screen.
"""

from __future__ import annotations

from collections import Counter

import pygame

from game.engine.words import amount, plural
from game.session.facts import band_holds, people_at_table, table_roles
from game.session.move_words import KPI_ACTION_WORDS
from game.session.moves import Move, Seat
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

    def draw(self, surface: pygame.Surface) -> None:
        title = self.app.state.scenario.role(self.role).title
        if self.app.private is not None:
            small = "The private screen opens on the laptop's own screen: press Enter there."
        else:
            small = f"Press Enter when only you can see the screen.\n{MIRRORED_WARNING}"
        draw_card_screen(self.app, surface, f"Hand over to {title}", small)

    def next(self) -> None:
        self.reveal()

    def key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.reveal()
            return True
        return False

    def reveal(self) -> None:
        """Enter: the role's own screen."""
        scene = PrivateReportScene(self.app, self.role)
        scene.place = ("private", self.app.team, self.role, self.app.state.week)
        self.app.go(scene)


MIRRORED_WARNING = (
    "A laptop that mirrors the projector shows this to the room: extend the display "
    "(the private screen then opens on the laptop only) or play with phones (--room)."
)


def draw_card_screen(app, surface: pygame.Surface, big: str, small: str) -> None:
    """A full-screen card: one big line and a few small ones (the hand-over, and the
    projector while a private screen is on the laptop)."""
    t = app.theme
    surface.fill(t.c("bar"))
    w, h = surface.get_size()
    draw_text(
        surface,
        big,
        t.font("timer", bold=True),
        t.c("on_bar"),
        pygame.Rect(t.px(80), t.px(40), w - t.px(160), h // 2 + t.px(60)),
        "center",
        "bottom",
    )
    draw_text(
        surface,
        small,
        t.font("body"),
        t.c("on_bar"),
        pygame.Rect(t.px(120), h // 2 + t.px(120), w - t.px(240), h // 2 - t.px(160)),
        "center",
    )


GUARD_MS = 800  # an Enter this soon after the screen changed is a mis-press: ignored


class PrivateReportScene(Scene):
    """One person's own screen at a check-in: every key result they report on, each with its
    private forecast on the report's 0–10 scale, and the 0–10 row for the one being reported.

    The row starts on the owner's last report of that key result (or 5). A report needs a
    deliberate confirm: Enter (or a digit) chooses a number, a second Enter on the same number
    sends it, and the next key result's row opens; an Enter within GUARD_MS of the screen, the
    row or the choice changing is ignored (a clicker's double press never sends). PgUp (or N)
    goes to another key result still due."""

    name = "private"
    private = True

    def draw_public(self, surface: pygame.Surface) -> None:
        """The projector while this screen is on the laptop: whose turn, nothing private."""
        title = self.app.state.scenario.role(self.role).title
        draw_card_screen(
            self.app,
            surface,
            f"{title} is reporting",
            "On the laptop's own screen. The board comes back once every report is in.",
        )

    def __init__(self, app, role: str):
        super().__init__(app)
        self.role = role
        self.kr_id = ""  # the key result whose 0–10 row is open
        self.pending: int | None = None  # the number chosen, sent by a second Enter
        self.shown_ms = app.now_ms()
        self.focus_set = ""

    @property
    def identity(self) -> tuple:
        return (*self.place, self.kr_id)

    def seats(self) -> list[Seat]:
        return [self.seat(self.role)]

    def due(self) -> dict[str, list[Move]]:
        """The role's reports still due, by key result, in the table's order."""
        found: dict[str, list[Move]] = {}
        for move in self.moves(self.role).of("report"):
            found.setdefault(move.action.key_result, []).append(move)
        return found

    def mine(self) -> list[dict]:
        """The role's own key results (the engine's private observation), in board order."""
        return list(self.app.table.observe(self.seat(self.role))["private"])

    def headline(self) -> str:
        title = self.app.state.scenario.role(self.role).title
        n = len(self.mine())
        return f"{title} — private: {n} key result{'s' if n != 1 else ''}"

    def hint(self) -> str:
        more = "   PgUp: another key result" if len(self.due()) > 1 else ""
        if self.pending is not None:
            return f"Enter: send {self.pending}/10   Right/Left: another number{more}"
        return f"Right/Left: your confidence (10 = certain)   Enter: choose it{more}"

    def layout(self, board: pygame.Rect) -> None:
        t = self.app.theme
        due = self.due()
        if self.kr_id not in due:
            self.kr_id = next(iter(due), "")
            self.pending, self.shown_ms = None, self.app.now_ms()
        row = pygame.Rect(board.x, board.bottom - t.px(150), board.width, t.px(150))
        moves = due.get(self.kr_id, [])
        rects = grid(row, len(moves), len(moves), t.px(12))
        self.choices = []
        for m, rect in zip(moves, rects, strict=True):
            send = self.bind(m)
            self.choices.append(
                Choice(
                    m.label,
                    m.label,
                    rect=rect,
                    button=True,
                    selected=m.action.confidence == self.pending,
                    on_activate=lambda m=m, send=send: self.choose(m, send),
                    move=m,
                )
            )
        others = [m for kr, ms in due.items() if kr != self.kr_id for m in ms]
        if others:
            self.reach(others)
            self.strip.append(("Next key result (N)", self.other, None, tuple(others)))
        if self.focus_set != self.kr_id or self.app.focus >= len(self.choices):
            self.focus_set = self.kr_id
            start = str(self.starts_on(self.kr_id))
            self.app.focus = next(
                (i for i, c in enumerate(self.choices) if c.key == start),
                len(self.choices) // 2,
            )

    def starts_on(self, kr: str) -> int:
        """Where a key result's 0–10 row starts: the owner's last report of it, or 5."""
        said = [r.confidence for r in self.app.state.reports if r.key_result == kr]
        return said[-1] if said else 5

    def choose(self, move: Move, send) -> None:
        """Enter on a number: the first chooses it, the second (on the same one) sends it."""
        if self.app.now_ms() - self.shown_ms < GUARD_MS:
            self.app.message = "Just a moment: the screen has only now changed."
            return
        if self.pending == move.action.confidence:
            self.pending = None
            self.shown_ms = self.app.now_ms()  # the next row opens: the guard again
            send()
            return
        self.pending = move.action.confidence
        self.shown_ms = self.app.now_ms()  # the row now says "Enter: send": the guard again
        self.app.message = ""
        self.app.go(self)

    def other(self) -> None:
        due = list(self.due())
        self.kr_id = due[(due.index(self.kr_id) + 1) % len(due)]
        self.pending, self.shown_ms = None, self.app.now_ms()
        self.app.go(self)

    def key(self, event: pygame.event.Event) -> bool:
        if pygame.K_0 <= event.key <= pygame.K_9:
            wanted = str(event.key - pygame.K_0)
            index = next((i for i, c in enumerate(self.choices) if c.key == wanted), None)
            if index is not None:
                self.app.focus, self.pending = index, event.key - pygame.K_0
                self.app.go(self)
            return True
        if event.key in (pygame.K_n, pygame.K_PAGEUP) and self.strip:
            self.other()
            return True
        return False

    def next(self) -> None:
        self.app.message = (
            f"Enter sends {self.pending}/10."
            if self.pending is not None
            else "Choose a confidence first."
        )

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        mine = self.mine()
        if not mine:
            return
        sent = {r.key_result: r.confidence for r in state.reports if r.week == state.week}
        due = self.due()
        note = pygame.Rect(board.x, board.bottom - t.px(210), board.width, t.px(50))
        area = pygame.Rect(board.x, board.y, board.width, note.y - board.y - t.px(8))
        height = min(t.px(150), (area.height - (len(mine) - 1) * t.px(10)) // len(mine))
        for i, info in enumerate(mine):
            rect = pygame.Rect(area.x, area.y + i * (height + t.px(10)), area.width, height)
            self.draw_row(
                surface, rect, info, sent.get(info["key_result"]), info["key_result"] in due
            )
        label = state.scenario.key_result(self.kr_id).model.label if self.kr_id else ""
        draw_text(
            surface,
            self.app.message
            or (
                f"Reporting now: {label}. Honest is optimal: report what you believe."
                if label
                else ""
            ),
            t.font("caption", bold=True),
            t.c("text"),
            note,
            valign="middle",
        )

    def draw_row(self, surface, rect: pygame.Rect, info: dict, sent: int | None, due: bool) -> None:
        """One key result: its name, the private forecast 0–10, progress, and where it stands."""
        t, state = self.app.theme, self.app.state
        kr_id = info["key_result"]
        kr = state.scenario.key_result(kr_id).model
        now = kr_id == self.kr_id
        pygame.draw.rect(surface, t.c("surface"), rect, border_radius=t.px(12))
        pygame.draw.rect(
            surface,
            t.c("accent") if now else t.c("border"),
            rect,
            width=t.px(6) if now else t.px(2),
            border_radius=t.px(12),
        )
        pad = t.px(16)
        inner = rect.inflate(-2 * pad, -t.px(12))
        name_w = inner.width * 45 // 100
        draw_text(
            surface, kr.label, t.font("body", bold=True), t.c("text"),
            pygame.Rect(inner.x, inner.y, name_w, inner.height), valign="middle",
        )  # fmt: skip
        fx = inner.x + name_w + pad
        forecast_w = inner.width * 22 // 100
        draw_text(
            surface,
            f"{info['forecast_10']}/10",
            t.font("title", bold=True),
            t.c("accent"),
            pygame.Rect(fx, inner.y, forecast_w, inner.height * 6 // 10),
            valign="bottom",
        )
        draw_text(
            surface, "your private forecast", t.font("caption"), t.c("muted"),
            pygame.Rect(fx, inner.y + inner.height * 6 // 10, forecast_w, inner.height * 4 // 10),
        )  # fmt: skip
        px_ = fx + forecast_w + pad
        progress_w = inner.width * 18 // 100
        meter(
            surface, t,
            pygame.Rect(px_, inner.y + inner.height // 4, progress_w, t.px(24)),
            info["progress"], "neutral",
        )  # fmt: skip
        shown = (
            "done"
            if kr.milestone and info["progress"] >= 1
            else ("not yet" if kr.milestone else f"{info['progress']:.0%} of the way")
        )
        draw_text(
            surface, shown, t.font("caption"), t.c("text"),
            pygame.Rect(px_, inner.y + inner.height // 2, progress_w, inner.height // 2),
        )  # fmt: skip
        sx = px_ + progress_w + pad
        word = (
            f"SENT {sent}/10"
            if sent is not None
            else ("NOW" if now else f"NEXT (starts at {self.starts_on(kr_id)})" if due else "")
        )
        draw_text(
            surface, word, t.font("caption", bold=True), t.c("text"),
            pygame.Rect(sx, inner.y, inner.right - sx, inner.height), "right", "middle",
        )  # fmt: skip


# What a KPI card says once the room decided on it at this review (issue 21: "act on it" and
# "leave it" must not look the same).
KPI_DECIDED = {True: "ACTED ON THIS MONTH", False: "LEFT AS IT IS"}


class BoardScene(Scene):
    """After the reports: the key results (reactions, corrective actions) and, at a monthly
    review, the KPIs out of band (act on each or leave it) — two views of one screen."""

    name = "board"
    news_below = 1  # this week's reactions, or the KPIs still to decide

    def __init__(self, app):
        super().__init__(app)
        self.reactors = people_at_table(app.state) or table_roles(app.state.scenario)
        self.reactor = self.reactors[0]
        self.view: str | None = None  # "kpis" or "key_results"; None: the KPIs while any is due

    @property
    def identity(self) -> tuple:
        return (*self.place, self.showing())

    def kpi_moves(self) -> list[Move]:
        return list(self.moves().of("act_on_kpi"))

    def showing(self) -> str:
        """The view on the screen."""
        if self.view == "kpis" or (self.view is None and any(m.allowed for m in self.kpi_moves())):
            return "kpis" if self.kpi_moves() else "key_results"
        return "key_results"

    def seats(self) -> list[Seat]:
        return [self.seat(self.reactor), self.seat()]

    def headline(self) -> str:
        week = self.app.state.week
        if self.showing() == "kpis":
            return f"Week {week}: the monthly KPI review"
        checkin = any(r.week == week for r in self.app.state.reports)
        return f"Week {week}: {'check-in board' if checkin else 'KPI review'}"

    def hint(self) -> str:
        if self.showing() == "kpis":
            return (
                f"Enter on a KPI out of band: act on it ({KPI_ACTION_WORDS}) or leave it   "
                "PgDn: run the weeks"
            )
        reactor = self.app.state.scenario.role(self.reactor).title
        return (
            f"Reacting: {reactor} (PgUp: next role)   Enter: the card's moves   PgDn: run the weeks"
        )

    def layout(self, board: pygame.Rect) -> None:
        t = self.app.theme
        room = self.moves()
        advance = room.find("advance")
        if advance is not None:
            self.next_move = advance
            self.bind(advance)
        kr_choices, kr_moves = self.key_result_cards()
        kpi_choices, kpi_moves = self.kpi_cards()
        if self.showing() == "kpis":
            self.choices = kpi_choices
            self.offers += kpi_moves
            self.reach(kr_moves)
            self.strip.append(
                ("Key results", lambda: self.switch("key_results"), None, tuple(kr_moves))
            )
        else:
            self.choices = kr_choices
            self.offers += kr_moves
            if kpi_moves or self.kpi_moves():
                self.reach(kpi_moves)
                self.strip.append(
                    ("KPI review", lambda: self.switch("kpis"), None, tuple(kpi_moves))
                )
        for rect, choice in zip(
            fit_grid(t, board, self.choices, t.px(16)), self.choices, strict=True
        ):
            choice.rect = rect

    def switch(self, view: str) -> None:
        self.view = view
        self.app.go(self)

    def key_result_cards(self) -> tuple[list[Choice], list[Move]]:
        """A card per key result, with the reactor's reactions and the room's corrections."""
        state = self.app.state
        s = state.scenario
        latest = latest_reports(state)
        reacts: dict[str, list[Move]] = {}
        for m in self.moves(self.reactor).of("react"):
            if m.allowed:
                reacts.setdefault(m.action.key_result, []).append(m)
        corrects = {m.action.key_result: m for m in self.moves().of("correct")}
        keys = {"support": "S", "challenge": "C", "blame": "X"}
        choices, offered = [], []
        for k in state.key_results:
            model = s.key_result(k.id).model
            marks = []
            if k.named_week is not None:
                marks.append(f"NAMED IN WEEK {k.named_week}")
            if k.corrections:
                marks.append(f"{k.corrections} CORRECTIVE ACTION{'S' if k.corrections > 1 else ''}")
            said = [f"wk {r.week}: {r.confidence}" for r in state.reports if r.key_result == k.id]
            moves = [*reacts.get(k.id, []), *([corrects[k.id]] if k.id in corrects else [])]
            offered += moves
            labels = [
                f"{m.label} ({keys[m.action.reaction]})" if m.kind == "react" else f"{m.label} (K)"
                for m in moves
            ]
            choices.append(
                Choice(
                    k.id,
                    model.label,
                    detail=f"Owner: {s.role(k.owner).title}  ·  reported "
                    + (", ".join(said[-5:]) or "no"),
                    full=model.sentence,
                    status=latest.get(k.id),
                    marks=tuple(marks),
                    marks_on_card=False,
                    actions=(
                        *(
                            (label, lambda m=m: self.app.play(m))
                            for label, m in zip(labels, moves, strict=True)
                        ),
                        *self.reactor_button(),
                    ),
                    action_moves=(*moves, *(None for _ in self.reactor_button())),
                )
            )
        return choices, offered

    def reactor_button(self) -> tuple[tuple, ...]:
        """The last of a key result's buttons: who reacts (Enter: the next person at the
        table), so a clicker reaches every role — none when one person reacts."""
        if len(self.reactors) < 2:
            return ()
        title = self.app.state.scenario.role(self.reactor).title
        return ((f"As {title} »", lambda: self.next_reactor(keep_menu=True)),)

    def next_reactor(self, keep_menu: bool = False) -> None:
        """PgUp (or R, or the card's "As … »" button): the next person at the table reacts; from
        the button the card's buttons stay open on it, to press again or move to a reaction."""
        self.reactor = self.reactors[(self.reactors.index(self.reactor) + 1) % len(self.reactors)]
        self.app.go(self)
        choice = self.app.focused_choice()
        if keep_menu and choice is not None and choice.actions:
            self.app.card_menu = len(choice.actions) - 1

    def kpi_cards(self) -> tuple[list[Choice], list[Move]]:
        """A card per KPI against its band; each one out of band with its decision."""
        state = self.app.state
        decide: dict[str, list[Move]] = {}
        for m in self.kpi_moves():
            decide.setdefault(m.action.kpi, []).append(m)
        choices, offered = [], []
        for kpi in state.kpis:
            model = state.scenario.kpi(kpi.id)
            inside = band_holds(state, kpi.id, kpi.value)
            band = f"{model.band.low:g}–{model.band.high:g}"
            moves = decide.get(kpi.id, [])
            offered += moves
            decided = next(
                (
                    acted
                    for week, k, acted in state.kpi_decisions
                    if week == state.week and k == kpi.id
                ),
                None,
            )
            marks = ("DECIDE",) if moves and not inside else ()
            if decided is not None:  # decided at this review: which way, in a word
                marks = (KPI_DECIDED[decided],)
            choices.append(
                Choice(
                    f"kpi:{kpi.id}",
                    model.name,
                    full=f"{amount(kpi.value)} {model.unit}, band {band}",
                    detail=next((m.refused for m in moves if m.refused), ""),
                    band=inside,
                    marks=marks,
                    actions=tuple((m.label, lambda m=m: self.app.play(m)) for m in moves),
                    action_moves=tuple(moves),
                )
            )
        return choices, offered

    def focused_move(self, kind: str, **fields) -> Move | None:
        return self.focused_move_on(self.app.focused_choice(), kind, **fields)

    def focused_move_on(self, choice: Choice | None, kind: str, **fields) -> Move | None:
        """One of a card's moves, by kind and fields (None: the card has no such move)."""
        for m in choice.action_moves if choice else ():
            if (
                m is not None
                and m.kind == kind
                and all(getattr(m.action, k) == v for k, v in fields.items())
            ):
                return m
        return None

    def key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_r, pygame.K_PAGEUP):  # PgUp: a clicker's key
            self.next_reactor()
            return True
        kinds = {pygame.K_s: "support", pygame.K_c: "challenge", pygame.K_x: "blame"}
        if event.key in kinds or event.key == pygame.K_k:
            move = (
                self.focused_move("react", reaction=kinds[event.key])
                if event.key in kinds
                else self.focused_move("correct")
            )
            if move is not None:
                self.app.play(move)
            elif self.app.focused_choice() is not None:
                self.app.message = "That is not a move on this card now."
            return True
        return False

    def news(self) -> str:
        state = self.app.state
        if self.app.message:
            return self.app.message
        focus = self.focus_news()
        if self.showing() == "kpis":
            left = len({m.action.kpi for m in self.kpi_moves()})
            still = "still needs" if left == 1 else "still need"
            count = f"{plural(left, 'KPI')} out of band {still} a decision."
            count += f" Capacity {state.capacity:g}."
            return f"{focus}\n{count}" if focus else count
        choice = self.app.focused_choice()
        if choice and not choice.button:
            reactions = [
                x for x in state.reactions if x.key_result == choice.key and x.week == state.week
            ]
            said = ""
            if reactions and self.app.reactions == "anonymous":  # with phones: counts only
                counts = Counter(x.reaction for x in reactions)
                said = "This week: " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
            elif reactions:
                said = "This week: " + "; ".join(
                    f"{state.scenario.role(x.role).title} {x.reaction}" for x in reactions
                )
            elif self.focused_move("react", reaction="support") and not focus:
                said = "Bad news named — how does the room react? (S support, C challenge, X blame)"
            if focus or said:
                return "\n".join(t for t in (focus, said) if t)
        return super().news()


def checkin_scene(app, current: Scene | None):
    """The screen for the quarter: hand-over, private report, the phones answering (with
    `--room`), or the public board."""
    from game.ui.scenes.waiting import WaitingScene, reports_due

    team, week = app.team, app.state.week
    due = reports_due(app, team)
    owner = next((r for r in due if not app.on_phone(r)), None)  # phones answer on their own
    if owner is None and due:
        waiting = ("waiting", team, week)
        if isinstance(current, WaitingScene) and current.place == waiting:
            return current
        scene = WaitingScene(app)
        scene.place = waiting
        return scene
    if owner is not None:
        private = ("private", team, owner, week)
        if isinstance(current, PrivateReportScene) and current.place == private:
            return current
        handover = ("handover", team, owner, week)
        if isinstance(current, HandoverScene) and current.place == handover:
            return current
        scene = HandoverScene(app, owner)
        scene.place = handover
        return scene
    board = ("board", team, week)
    if isinstance(current, BoardScene) and current.place == board:
        return current
    scene = BoardScene(app)
    scene.place = board
    return scene


__all__ = ["checkin_scene", "draw_status", "status_of"]
