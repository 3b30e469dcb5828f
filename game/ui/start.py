"""The start screen: set a new game up from the clicker — the scenario, who plays which role,
the pressure, the warm-up, teams, solo practice and the timers (docs/facilitation.md).

Right / Left move between the settings, Enter changes the focused one (Page Up changes it
back), Page Down starts the game, Esc leaves without starting. Nothing is written until the
game starts. The command line fills the settings in (`offsite play --people … --pressure …`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygame

from game.scenario import Scenario
from game.session.start import Setup
from game.ui.text import draw_text, render
from game.ui.theme import Theme
from game.ui.widgets import Choice, card_heights, draw_card, fit_grid, grid

Loader = Callable[[Path], "Scenario | str"]  # a scenario, or the problem in one line
TOP, BOTTOM, MARGIN, GAP = 112, 72, 40, 16


@dataclass
class Row:
    """One setting: its key, the words on its card, and how Enter / Page Up change it."""

    key: str
    label: str
    value: str
    forward: Callable[[], None]
    back: Callable[[], None]
    person: bool | None = None  # role cards: held by a person (None: not a role card)


class StartScreen:
    """The settings of a new game on one board of cards (see the module's docstring)."""

    def __init__(self, setup: Setup, choices: list[Path], load: Loader, theme: Theme) -> None:
        self.setup = setup
        self.choices = choices or [Path(setup.source)]
        self.load = load
        self.theme = theme
        self.focus = 0
        self.message = ""
        self.result: str | None = None  # "start" or "quit" once decided
        self.rows: list[Row] = []
        self.rects: list[pygame.Rect] = []
        self.rebuild()

    # ---- the settings ----------------------------------------------------------------
    def rebuild(self) -> None:
        """The cards for the current setup (same order every time: nothing moves)."""
        s = self.setup
        solo_title = s.scenario.role(s.solo).title if s.solo else "off"

        def change(fn: Callable[[], Setup]) -> Callable[[], None]:
            def run() -> None:
                self.setup = fn()
                self.message = ""

            return run

        rows = [
            Row(
                "scenario",
                "Scenario",
                s.scenario.meta.title,
                lambda: self.next_scenario(+1),
                lambda: self.next_scenario(-1),
            ),
            Row(
                "pressure",
                "Peer pressure",
                s.pressure,
                change(lambda: self.setup.next_pressure(+1)),
                change(lambda: self.setup.next_pressure(-1)),
            ),
            Row(
                "warmup",
                "Warm-up",
                ("on: KPI or OKR?" if s.warmup else "off")
                if s.scenario.warmup
                else "none in this scenario",
                change(self.setup.toggle_warmup),
                change(self.setup.toggle_warmup),
            ),
            Row(
                "quarters",
                "Quarters",
                str(s.quarters_played),
                change(lambda: self.setup.next_quarters(+1)),
                change(lambda: self.setup.next_quarters(-1)),
            ),
            Row(
                "teams",
                "Teams",
                f"{s.teams} on this machine",
                change(lambda: self.setup.next_teams(+1)),
                change(lambda: self.setup.next_teams(-1)),
            ),
            Row(
                "solo",
                "Solo practice",
                solo_title,
                change(lambda: self.setup.next_solo(+1)),
                change(lambda: self.setup.next_solo(-1)),
            ),
            Row(
                "timer",
                "Timers",
                f"{s.timer_percent}% of the plan",
                change(lambda: self.setup.next_timer(+1)),
                change(lambda: self.setup.next_timer(-1)),
            ),
        ]
        for role in s.scenario.roles:
            toggle = change(lambda r=role.id: self.setup.toggle_person(r))
            held = s.seat_of(role.id) == "person"
            rows.append(
                Row(
                    "role:" + role.id,
                    role.title,
                    "PERSON" if held else "COMPUTER",
                    toggle,
                    toggle,
                    held,
                )
            )
        self.rows = rows
        self.focus = min(self.focus, len(rows))  # len(rows): the start button

    def next_scenario(self, step: int) -> None:
        """Enter on the scenario card: the next scenario file (its own seats)."""
        here = next((i for i, p in enumerate(self.choices) if str(p) == self.setup.source), 0)
        skipped = []
        for k in range(1, len(self.choices) + 1):
            path = self.choices[(here + step * k) % len(self.choices)]
            loaded = self.load(path)
            if isinstance(loaded, str):
                skipped.append(loaded)
                continue
            self.setup = self.setup.with_scenario(loaded, str(path))
            break
        self.message = ("Skipped: " + skipped[0]) if skipped else ""

    # ---- keys ------------------------------------------------------------------------
    def key(self, k: int) -> None:
        """One key (the clicker's, Enter and Esc; see the module's docstring)."""
        count = len(self.rows) + 1
        if k in (pygame.K_RIGHT, pygame.K_DOWN, pygame.K_TAB):
            self.focus = (self.focus + 1) % count
        elif k in (pygame.K_LEFT, pygame.K_UP):
            self.focus = (self.focus - 1) % count
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if self.focus == len(self.rows):
                self.result = "start"
            else:
                self.rows[self.focus].forward()
        elif k == pygame.K_PAGEUP and self.focus < len(self.rows):
            self.rows[self.focus].back()
        elif k in (pygame.K_PAGEDOWN, pygame.K_SPACE):
            self.result = "start"
        elif k == pygame.K_ESCAPE:
            self.result = "quit"
        self.rebuild()

    # ---- drawing ---------------------------------------------------------------------
    def layout(self, size: tuple[int, int]) -> list[Choice]:
        """The cards and the start button, placed on a screen of this size."""
        t = self.theme
        w, h = size
        board = pygame.Rect(t.px(MARGIN), t.px(TOP), w - 2 * t.px(MARGIN), 0)
        board.height = h - t.px(TOP) - t.px(BOTTOM) - t.px(GAP) * 2
        button_h = t.px(110)
        news_h = t.font("caption").get_linesize() * 2
        settings = [r for r in self.rows if not r.key.startswith("role:")]
        roles = self.rows[len(settings) :]
        cards = [self.card(i, r) for i, r in enumerate(settings)]
        columns = 4 if len(settings) > 6 else 3  # two lines of settings
        lines = -(-len(settings) // columns)
        width = (board.width - (columns - 1) * t.px(GAP)) // columns
        card_h = max(card_heights(t, c, width) for c in cards)
        top = pygame.Rect(board.x, board.y, board.width, lines * card_h + (lines - 1) * t.px(GAP))
        for rect, c in zip(grid(top, len(cards), columns, t.px(GAP)), cards, strict=True):
            c.rect = rect
        below = top.bottom + t.px(GAP * 2)
        area = pygame.Rect(
            board.x, below, board.width, board.bottom - below - button_h - news_h - t.px(GAP)
        )
        role_cards = [self.card(len(settings) + i, r) for i, r in enumerate(roles)]
        for rect, c in zip(
            fit_grid(t, area, role_cards, t.px(GAP), most=4), role_cards, strict=True
        ):
            c.rect = rect
        button = pygame.Rect(0, 0, t.px(620), button_h)
        button.midbottom = (board.centerx, board.bottom)
        start = Choice("start", "Start the game (PgDn)", rect=button, button=True)
        return [*cards, *role_cards, start]

    def card(self, index: int, row: Row) -> Choice:
        """A setting as a card: its name, its value in bold marks."""
        return Choice(
            row.key,
            row.label,
            marks=(row.value,),
            selected=bool(row.person),
        )

    def draw(self, surface: pygame.Surface) -> None:
        """The whole screen."""
        t = self.theme
        w, h = surface.get_size()
        surface.fill(t.c("background"))
        s = self.setup
        title = f"New game — {s.scenario.meta.title}"
        font = t.font("title", bold=True)
        if font.size(title)[0] > w - 2 * t.px(MARGIN):
            font = t.font("card_title", bold=True)
        draw_text(
            surface,
            title,
            font,
            t.c("text"),
            pygame.Rect(t.px(MARGIN), t.px(14), w - 2 * t.px(MARGIN), t.px(TOP - 24)),
            valign="middle",
        )
        cards = self.layout((w, h))
        self.rects = [c.rect for c in cards]
        for i, c in enumerate(cards):
            draw_card(surface, t, c, i == self.focus)
        people = len(s.people)
        summary = (
            f"{people} {'person' if people == 1 else 'people'} "
            f"and {len(s.scenario.roles) - people} computer peers"
            + (f", {s.teams} teams" if s.teams > 1 else "")
            + f"  ·  seed {s.seed}"
        )
        line = t.font("caption").get_linesize()
        news = pygame.Rect(t.px(MARGIN), cards[-1].rect.y - 2 * line - t.px(8), w, 2 * line)
        news.width = w - 2 * t.px(MARGIN)
        draw_text(
            surface,
            self.message or summary,
            t.font("caption", bold=bool(self.message)),
            t.c("off_track") if self.message else t.c("text"),
            news,
        )
        bar = pygame.Rect(0, h - t.px(BOTTOM), w, t.px(BOTTOM))
        pygame.draw.rect(surface, t.c("bar"), bar)
        hint = "Right/Left: setting   Enter: change it (PgUp: back)   PgDn: start   Esc: leave"
        bold = t.font("caption", bold=True)
        y = bar.y + (bar.height - bold.get_linesize()) // 2
        surface.blit(render(bold, hint, t.c("on_bar")), (t.px(MARGIN), y))


def run_start(
    screen: pygame.Surface,
    setup: Setup,
    choices: list[Path],
    load: Loader,
    theme: Theme,
    fps: int = 30,
) -> Setup | None:
    """Show the start screen on the open window until the game starts (the setup) or the
    facilitator leaves (None)."""
    start = StartScreen(setup, choices, load, theme)
    clock = pygame.time.Clock()
    while start.result is None:
        clock.tick(fps)
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                return None
            if event.type == pygame.KEYDOWN:
                start.key(event.key)
            elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                for i, rect in enumerate(start.rects):
                    if rect.collidepoint(event.pos):
                        start.focus = i
                        start.key(pygame.K_RETURN)
        start.draw(screen)
        pygame.display.flip()
    return start.setup if start.result == "start" else None
