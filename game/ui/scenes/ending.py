"""The quarterly review reveal and the debrief (scores, watermelon chart, three questions).

The debrief's pages draw one model, `game.session.debrief.Debrief` — the same one `offsite
report` writes (docs/report.md): this module lays it out for the projector and decides nothing.
"""

from __future__ import annotations

import pygame

from game.engine.words import plural, week_or
from game.session.debrief import WATERMELON_SAID, Debrief, debrief
from game.session.facts import WATERMELON_MEANS, chosen_label, chosen_sentence, truth
from game.session.moves import Move, Seat
from game.ui.scenes.base import GAP, Scene
from game.ui.scenes.checkin import latest_reports
from game.ui.text import draw_text, render
from game.ui.widgets import Choice, draw_shape, draw_status, grid

PAGES = ("scores", "watermelon", "questions", "earlier", "standing")


class ReviewScene(Scene):
    """The reveal — what was reported against what was true — then: is each objective right?"""

    name = "review"

    def __init__(self, app):
        super().__init__(app)
        self.page = "reveal"  # then "objectives"

    @property
    def identity(self) -> tuple:
        return (*self.place, self.page)

    def seats(self) -> list[Seat]:
        return [self.seat()]

    def headline(self) -> str:
        if self.page == "reveal":
            return "Quarterly review: the truth"
        return "Quarterly review: still the right objectives?"

    def hint(self) -> str:
        if self.page == "reveal":
            return "PgDn: is each objective still right?"
        state = self.app.state
        then = "the quarterly question" if state.quarter < state.quarters else "the debrief"
        return f"Y: still right   N: not right   PgDn: to {then}"

    def layout(self, board: pygame.Rect) -> None:
        t, state = self.app.theme, self.app.state
        room = self.moves()
        reviews: dict[str, list[Move]] = {}
        for m in room.of("review_objective"):
            reviews.setdefault(m.action.objective, []).append(m)
        if self.page == "reveal":
            self.reach(m for ms in reviews.values() for m in ms)
            return
        advance = room.find("advance")
        if advance is not None:
            self.next_move = advance
            self.bind(advance)
        keys = {True: "Y", False: "N"}
        for c in state.chosen:
            word = {True: "STILL RIGHT", False: "NOT RIGHT", None: ""}[c.still_right]
            moves = reviews.get(c.id, [])
            self.choices.append(
                Choice(
                    c.id,
                    chosen_label(state, c),
                    full=chosen_sentence(state, c),
                    marks=(word,) if word else (),
                    actions=tuple(
                        (f"{m.label} ({keys[m.action.still_right]})", self.bind(m)) for m in moves
                    ),
                    action_moves=tuple(moves),
                )
            )
        for rect, choice in zip(
            grid(board, len(self.choices), len(self.choices), t.px(GAP)), self.choices, strict=True
        ):
            choice.rect = rect

    def key(self, event: pygame.event.Event) -> bool:
        choice = self.app.focused_choice()
        if self.page == "objectives" and choice and event.key in (pygame.K_y, pygame.K_n):
            right = event.key == pygame.K_y
            move = next(
                (m for m in choice.action_moves if m and m.action.still_right == right), None
            )
            if move is not None:
                self.app.play(move)
            return True
        if event.key == pygame.K_PAGEUP and self.page == "objectives":
            self.page = "reveal"
            self.app.go(self)
            return True
        return False

    def next(self) -> None:
        if self.page == "reveal":
            self.page = "objectives"
            self.app.go(self)
        else:
            super().next()

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        if self.page == "reveal":
            self.draw_reveal(surface, board)

    def draw_reveal(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        """One row per key result: label, what was last reported, what was true."""
        t, state = self.app.theme, self.app.state
        s = state.scenario
        latest = latest_reports(state)
        rows = grid(board, len(state.key_results), 1, t.px(6))
        label_w = int(board.width * 0.5)
        font = t.font("caption", bold=True)
        for rect, k in zip(rows, state.key_results, strict=True):
            result = truth(state, k)
            melon = result.watermelon
            pygame.draw.rect(surface, t.c("surface"), rect, border_radius=t.px(8))
            if melon:
                pygame.draw.rect(
                    surface, t.c("highlight"), rect, width=t.px(4), border_radius=t.px(8)
                )
            inner = rect.inflate(-t.px(20), 0)
            draw_text(
                surface,
                s.key_result(k.id).model.label,
                t.font("caption", bold=True),
                t.c("text"),
                pygame.Rect(inner.x, inner.y, label_w, inner.height),
                valign="middle",
            )
            y = inner.y + (inner.height - font.get_linesize()) // 2
            draw_status(surface, t, latest.get(k.id), (inner.x + label_w, y))
            said = "HIT" if result.hit else f"MISSED — {result.attainment:.0%}"
            if melon:
                said += "  ·  WATERMELON"
            draw_text(
                surface,
                said,
                font,
                t.c("text"),
                pygame.Rect(
                    inner.x + int(board.width * 0.74),
                    inner.y,
                    int(board.width * 0.26),
                    inner.height,
                ),
                valign="middle",
            )

    def news(self) -> str:
        state = self.app.state
        if self.app.message:
            return self.app.message
        melons = [k for k in state.key_results if truth(state, k).watermelon]
        if self.page == "reveal" and melons:
            return f"{plural(len(melons), 'watermelon')}: {WATERMELON_MEANS}."
        if self.page == "reveal":
            return "No watermelons: green meant green."
        return "If it was still right, keep it; if not, what did the quarter teach us?"


# The standing chart's two lines differ in colour and shape (docs/screens.md: never colour alone).
STANDING_LEGEND = (("standing", "standing"), ("candour", "candour"))


def draw_marker(surface: pygame.Surface, t, key: str, point: tuple[int, int]) -> None:
    """One week's point on the standing chart: a circle for standing, a square for candour."""
    colour, r = t.c("accent" if key == "standing" else "at_risk"), t.px(9)
    if key == "standing":
        pygame.draw.circle(surface, colour, point, r)
    else:
        pygame.draw.rect(surface, colour, pygame.Rect(point[0] - r, point[1] - r, 2 * r, 2 * r))


class DebriefScene(Scene):
    """Scores with reasons, the watermelon chart, the three questions, standing vs candour."""

    name = "debrief"

    def __init__(self, app):
        super().__init__(app)
        self.pages = PAGES + (("teams",) if len(app.teams) > 1 else ()) + ("end",)
        self.page = self.pages[0]
        self.debrief = debrief(app.state)
        self.command = app.table.report_command()  # None: the game was not recorded

    @property
    def identity(self) -> tuple:
        return (*self.place, self.page)

    def headline(self) -> str:
        return {
            "scores": f"Debrief: the scores — total {self.debrief.scores['total']:.0f}",
            "watermelon": "Debrief: reported vs true",
            "questions": "Debrief: the three questions",
            "earlier": "Debrief: when was it first said out loud?",
            "standing": "Debrief: standing and candour",
            "teams": "Debrief: the teams side by side",
            "end": "The end: the written report",
        }[self.page]

    def hint(self) -> str:
        if self.page == "end":
            return "PgUp: previous page   Esc, then Q: quit"
        return "PgDn / PgUp: next / previous page"

    def closing(self) -> tuple[str, str, str]:
        """The closing page's words: what to run for the written report (the command, with
        this session's files; empty when the game was not recorded), and how to quit."""
        quit_ = "To quit: Esc, then Q.  PgUp goes back through the debrief."
        if self.command is None:
            return (
                "This game was not recorded in a session file, so there is no written report.",
                "",
                quit_,
            )
        return (
            "For the written report — a page for the client with its charts, Markdown and "
            "JSON — run in a terminal:",
            self.command,
            "It writes the folder report/ where you run it (-o DIR for another). The game is "
            f"already saved: the report can be made at any time.\n\n{quit_}",
        )

    def news(self) -> str:
        if self.page == "watermelon":
            return (
                "Outer ring: what was reported. Inside: what was true (the owner's forecast). "
                + WATERMELON_SAID
            )
        if self.page == "standing":
            return (
                "Naming bad news costs standing that week; a watermelon costs far more at the end."
            )
        if self.page == "end":
            return f"Total {self.debrief.scores['total']:.0f} out of 100. Thank you for playing."
        if self.page == "earlier":
            return (
                "Could be named: an honest report would have said so (forecast under 65%). "
                "Certain to miss: forecast under 5%."
            )
        played = ""
        if self.app.room is not None:
            played = (
                "  Reactions were anonymous (the room saw counts)."
                if self.app.reactions == "anonymous"
                else "  Reactions were attributed (the room saw names)."
            )
        return f"Decision speed: {self.debrief.speed}{played}"

    def show(self, page: str) -> None:
        """Turn to a page of the debrief."""
        if page in self.pages:
            self.page = page
            self.app.go(self)

    def next(self) -> None:
        """The next page; the closing page is the last (PgDn stays there, never back to 1)."""
        self.show(self.pages[min(self.pages.index(self.page) + 1, len(self.pages) - 1)])

    def key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_PAGEUP:
            self.show(self.pages[max(self.pages.index(self.page) - 1, 0)])
            return True
        return False

    def draw_board(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        getattr(self, "draw_" + self.page)(surface, board)

    def draw_end(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        """The closing page: the report's command with this session's path, then how to quit."""
        t = self.app.theme
        pygame.draw.rect(surface, t.c("surface"), board, border_radius=t.px(14))
        pygame.draw.rect(surface, t.c("border"), board, width=t.px(2), border_radius=t.px(14))
        box = board.inflate(-2 * t.px(30), -2 * t.px(30))
        for words, font, colour in zip(
            self.closing(),
            (t.font("body"), t.font("card_title", bold=True), t.font("body")),
            (t.c("text"), t.c("accent"), t.c("text")),
            strict=True,
        ):
            if words:
                used = draw_text(surface, words, font, colour, box)
                gap = used + t.px(28)
                box = pygame.Rect(box.x, box.y + gap, box.width, max(box.height - gap, 0))

    def draw_teams(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        """Every team's scores in one table, best total first, with its watermelons."""
        t = self.app.theme
        rows: list[tuple[str, Debrief | None]] = [
            (name, debrief(state) if state.phase == "over" else None)
            for name, state in zip(self.app.team_names, self.app.teams, strict=True)
        ]
        rows.sort(key=lambda r: -(r[1].scores["total"] if r[1] else -1))
        heads = ("team", "focus", "translation", "candour", "outcome", "total", "watermelons")
        widths = (0.22, 0.12, 0.15, 0.12, 0.12, 0.11, 0.16)
        lines = grid(board, len(rows) + 1, 1, t.px(10))
        for i, line in enumerate(lines):
            pygame.draw.rect(surface, t.c("surface"), line, border_radius=t.px(10))
            x = line.x + t.px(20)
            if i == 0:
                cells = heads
                font = t.font("caption", bold=True)
            else:
                name, made = rows[i - 1]
                cells = (
                    name,
                    *(f"{made.scores[k]:.0f}" if made else "—" for k in heads[1:6]),
                    str(made.watermelons) if made else "—",
                )
                font = t.font("card_title", bold=True)
            for cell, share in zip(cells, widths, strict=True):
                width = int(line.width * share)
                draw_text(
                    surface,
                    cell,
                    font,
                    t.c("text"),
                    pygame.Rect(x, line.y, width, line.height),
                    valign="middle",
                )
                x += width

    def draw_scores(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t = self.app.theme
        cells = grid(board, 4, 4, t.px(GAP))
        for rect, part in zip(cells, self.debrief.lines[:4], strict=True):
            pygame.draw.rect(surface, t.c("surface"), rect, border_radius=t.px(14))
            pad = rect.inflate(-t.px(36), -t.px(36))
            draw_text(surface, part.title, t.font("card_title", bold=True), t.c("text"), pad)
            draw_text(
                surface,
                f"{part.value:.0f}",
                t.font("timer", bold=True),
                t.c("accent"),
                pygame.Rect(pad.x, pad.y + t.px(60), pad.width, t.px(150)),
            )
            reasons = "\n".join(r.text for r in part.reasons) or "Nothing lost."
            draw_text(
                surface,
                reasons,
                t.font("caption"),
                t.c("text"),
                pygame.Rect(pad.x, pad.y + t.px(220), pad.width, pad.height - t.px(220)),
            )

    def draw_watermelon(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        """Rows of key results, columns of check-ins: outer ring reported, fill true; then each
        key result's verdict, a watermelon's row framed (the model's, as the report's chart)."""
        t = self.app.theme
        weeks = self.debrief.grid_weeks  # the check-ins, then the quarter's end (truth only)
        krs = self.debrief.key_results
        if not weeks or not krs:
            return
        label_w = int(board.width * 0.33)
        result_w = int(board.width * 0.24)
        row_h = min(t.px(70), board.height // (len(krs) + 1))
        col_w = (board.width - label_w - result_w) // len(weeks)
        result_x = board.x + label_w + col_w * len(weeks) + t.px(10)
        font = t.font("caption")
        for j, w in enumerate(weeks):
            image = render(font, f"wk {w}", t.c("muted"))
            surface.blit(
                image, (board.x + label_w + j * col_w + (col_w - image.get_width()) // 2, board.y)
            )
        surface.blit(render(font, "result", t.c("muted")), (result_x, board.y))
        for i, k in enumerate(krs):
            y = board.y + (i + 1) * row_h
            if k.watermelon:
                band = pygame.Rect(board.x - t.px(8), y, board.width + t.px(16), row_h)
                pygame.draw.rect(
                    surface, t.c("highlight"), band, width=t.px(4), border_radius=t.px(8)
                )
            draw_text(
                surface,
                k.label,
                font,
                t.c("text"),
                pygame.Rect(board.x, y, label_w - t.px(10), row_h),
                valign="middle",
            )
            draw_text(
                surface,
                k.verdict,
                t.font("caption", bold=k.watermelon),
                t.c("text"),
                pygame.Rect(result_x, y, board.right - result_x, row_h),
                valign="middle",
            )
            for j, w in enumerate(weeks):
                center = (board.x + label_w + j * col_w + col_w // 2, y + row_h // 2)
                size = int(row_h * 0.8)
                cell = k.cell(w)
                if cell.true is not None:
                    draw_shape(surface, t, cell.true, center, int(size * 0.55))
                if cell.reported is not None:
                    draw_shape(surface, t, cell.reported, center, size, hollow=True)

    def draw_questions(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        t = self.app.theme
        answers = self.debrief.questions
        cells = grid(board, len(answers), len(answers), t.px(GAP))
        for rect, answered in zip(cells, answers, strict=True):
            label, lines = answered.label, answered.answers
            pygame.draw.rect(surface, t.c("surface"), rect, border_radius=t.px(14))
            pad = rect.inflate(-t.px(30), -t.px(30))
            used = draw_text(surface, label, t.font("card_title", bold=True), t.c("text"), pad)
            draw_text(
                surface,
                "\n\n".join(lines),
                t.font("caption"),
                t.c("text"),
                pygame.Rect(
                    pad.x, pad.y + used + t.px(16), pad.width, pad.height - used - t.px(16)
                ),
            )

    def draw_earlier(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        """Per key result that looked at risk: could be named, named, certain to miss, result;
        then what naming the late ones earlier would have given (the counterfactuals)."""
        t = self.app.theme
        rows = [k for k in self.debrief.key_results if k.warning is not None or not k.hit]
        sentences = [c.sentence() for c in self.debrief.counterfactuals]
        table_h = board.height if not sentences else board.height * 3 // 5
        heads = ("key result", "could be named", "named", "certain to miss", "result")
        widths = (0.34, 0.14, 0.12, 0.14, 0.26)
        lines = grid(pygame.Rect(board.x, board.y, board.width, table_h), len(rows) + 1, 1, t.px(8))
        for i, line in enumerate(lines):
            pygame.draw.rect(surface, t.c("surface"), line, border_radius=t.px(10))
            if i == 0:
                cells, font = heads, t.font("caption", bold=True)
            else:
                k = rows[i - 1]
                never = "NEVER" if k.warning is not None else "—"
                cells = (
                    k.label,
                    week_or(k.warning, "—"),
                    week_or(k.named, never),
                    week_or(k.certain, "—"),
                    k.verdict,
                )
                font = t.font("caption")
            x = line.x + t.px(16)
            for cell, share in zip(cells, widths, strict=True):
                width = int(line.width * share)
                box = pygame.Rect(x, line.y, width - t.px(8), line.height)
                draw_text(surface, cell, font, t.c("text"), box, valign="middle")
                x += width
        if sentences:
            below = pygame.Rect(
                board.x, board.y + table_h + t.px(GAP), board.width, board.height - table_h
            )
            draw_text(surface, "\n".join(sentences[:3]), t.font("caption"), t.c("text"), below)

    def draw_standing(self, surface: pygame.Surface, board: pygame.Rect) -> None:
        """Standing (political capital) and candour per role at each check-in."""
        t, state = self.app.theme, self.app.state
        series = self.app.history_of(lambda st: (dict(st.standing), dict(st.candour)))
        roles = [r for r, _ in state.standing]
        if not series:
            return
        cells = grid(board, len(roles), min(len(roles), 3), t.px(GAP))
        for rect, role in zip(cells, roles, strict=True):
            pygame.draw.rect(surface, t.c("surface"), rect, border_radius=t.px(12))
            pad = rect.inflate(-t.px(24), -t.px(24))
            draw_text(
                surface,
                state.scenario.role(role).title,
                t.font("caption", bold=True),
                t.c("text"),
                pad,
            )
            axis_w = t.font("caption").size("100")[0] + t.px(10)
            plot = pygame.Rect(
                pad.x + axis_w,
                pad.y + t.px(44),
                pad.width - axis_w,
                pad.height - t.px(84) - t.font("caption").get_linesize(),
            )
            self.draw_axes(surface, plot, [w for w, _ in series])
            for key, colour, scale in (("standing", "accent", 100.0), ("candour", "at_risk", 1.0)):
                idx = 0 if key == "standing" else 1
                points = []
                for n, (_, values) in enumerate(series):
                    v = values[idx].get(role, 0.0) / scale
                    x = plot.x + (plot.width * n) // max(len(series) - 1, 1)
                    points.append((x, plot.bottom - int(plot.height * min(max(v, 0), 1))))
                if len(points) > 1:
                    pygame.draw.lines(surface, t.c(colour), False, points, t.px(5))
                for point in points:  # shape as well as colour: circles and squares
                    draw_marker(surface, t, key, point)
            line = t.font("caption").get_linesize()
            x, y = pad.x + t.px(10), plot.bottom + line + t.px(4)
            for key, word in STANDING_LEGEND:  # each line's shape, then its word
                draw_marker(surface, t, key, (x, y + line // 2))
                x += t.px(20)
                image = render(t.font("caption"), word, t.c("muted"))
                surface.blit(image, (x, y))
                x += image.get_width() + t.px(28)

    def draw_axes(self, surface: pygame.Surface, plot: pygame.Rect, weeks: list[int]) -> None:
        """The standing / candour chart's axes: 0, 50, 100 up the side (standing out of 100,
        candour in percent), the week numbers along the bottom."""
        t = self.app.theme
        font = t.font("caption")
        pygame.draw.line(surface, t.c("border"), plot.bottomleft, plot.topleft, t.px(2))
        pygame.draw.line(surface, t.c("border"), plot.bottomleft, plot.bottomright, t.px(2))
        for tick in (0, 50, 100):
            y = plot.bottom - plot.height * tick // 100
            image = render(font, str(tick), t.c("muted"))
            surface.blit(image, (plot.x - image.get_width() - t.px(6), y - image.get_height() // 2))
            pygame.draw.line(surface, t.c("border"), (plot.x, y), (plot.x + t.px(10), y), t.px(2))
        shown = weeks if len(weeks) <= 7 else weeks[:: max(len(weeks) // 6, 1)]
        for n, week in enumerate(weeks):
            if week not in shown:
                continue
            x = plot.x + (plot.width * n) // max(len(weeks) - 1, 1)
            image = render(font, str(week), t.c("muted"))
            left = min(max(x - image.get_width() // 2, plot.x), plot.right - image.get_width())
            surface.blit(image, (left, plot.bottom + t.px(4)))
