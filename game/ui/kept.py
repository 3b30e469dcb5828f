"""What the room built on the screen, kept in the session: the cards selected, the focus,
the phase timer, the theme and the weeks recaps closed (docs/sessions.md).

None of it is part of the game: it is written through the table as a `screen` entry, which
replay skips (the game's hashes are unchanged), and `offsite play --resume` puts the last one
back. It is written when it changes — at once for a new stage, a pause or a theme; a moved
focus or selection once it has stood still for a moment; the running timer every
`TIMER_EVERY_S` seconds; and on quit — so a kill -9 loses at most a few seconds of the timer.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.session.log import SessionError, load_all
from game.session.timer import stage_of

if TYPE_CHECKING:
    from game.ui.app import App

KIND = "screen"  # the session entry's kind
SELECTIONS = ("selected", "picks", "fold")  # a scene's lists of selected cards
VIEW = ("current",)  # which objective the key-results screen is picking for
SETTLE_S = 1.0  # a focus or selection that stood still this long is written
TIMER_EVERY_S = 10.0  # the running timer is written this often


def snapshot(app: App) -> dict[str, Any]:
    """The screen's state now, as the entry holds it."""
    scene, timer = app.scene, app.timer
    return {
        "team": app.team,
        "scene": getattr(scene, "name", type(scene).__name__),
        "selected": {
            k: list(getattr(scene, k))
            for k in SELECTIONS
            if isinstance(getattr(scene, k, None), list)
        },
        "view": {k: getattr(scene, k) for k in VIEW if isinstance(getattr(scene, k, None), str)},
        "focus": app.focus,
        "theme": app.theme.name,
        "timer": {
            "stage": list(timer.stage),
            "budget_s": round(timer.budget_s, 1),
            "elapsed_s": round(timer.elapsed_s, 1),
            "paused": timer.paused,
        },
        "timer_percent": app.table.timer_percent,
        "recapped": {str(team): week for team, week in app.table.recaps_closed().items()},
    }


def steady(kept: dict[str, Any]) -> dict[str, Any]:
    """The part of a snapshot that does not move by itself (all but the timer's clock)."""
    return {**kept, "timer": {**kept["timer"], "elapsed_s": None}}


class Keeper:
    """Writes the screen's state to the session when it changes (`tick` every frame)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.written: dict[str, Any] | None = None
        self.seen: dict[str, Any] | None = None  # the steady part last frame
        self.still_s = 0.0  # how long it has stood still unwritten

    def tick(self, dt: float) -> None:
        """One frame went by: write what changed, when it is time to."""
        if not self.app.started:
            return
        now = snapshot(self.app)
        calm = steady(now)
        self.still_s = self.still_s + dt if calm == self.seen else 0.0
        self.seen = calm
        was = self.written
        if was is None:
            self.write(now)
            return
        old = steady(was)
        urgent = any(
            calm.get(k) != old.get(k)
            for k in ("team", "scene", "theme", "timer_percent", "recapped")
        )
        urgent = urgent or calm["timer"] != old["timer"]  # a new stage, a pause, a minute more
        settled = calm != old and self.still_s >= SETTLE_S
        clock = abs(now["timer"]["elapsed_s"] - was["timer"]["elapsed_s"]) >= TIMER_EVERY_S
        if urgent or settled or clock:
            self.write(now)

    def flush(self) -> None:
        """Write what is not written yet (on quit)."""
        if not self.app.started:
            return
        now = snapshot(self.app)
        if now != self.written:
            self.write(now)

    def write(self, now: dict[str, Any]) -> None:
        self.app.table.note(KIND, now)
        self.written = now

    def resumed(self) -> None:
        """What was just put back counts as written."""
        self.written, self.seen = snapshot(self.app), None


def recorded(session: Path) -> dict[str, Any] | None:
    """The last screen entry of a session file (None: none, or the file cannot be read)."""
    try:
        entries = load_all(session)[4]
    except SessionError:
        return None
    kept = [e[KIND] for e in entries if e["entry"] == KIND and isinstance(e.get(KIND), dict)]
    return kept[-1] if kept else None


def restore_session(app: App, session: Path) -> list[str]:
    """`play --resume`: the session's last screen state back on the app."""
    return restore(app, recorded(session))


def restore(app: App, kept: dict[str, Any] | None) -> list[str]:
    """Put a recorded screen state back on a resumed app; returns what came back (named)."""
    if not kept:
        return []
    back: list[str] = []
    theme = kept.get("theme")
    if isinstance(theme, str) and theme != app.theme.name:
        from game.ui.theme import THEMES

        if theme in THEMES:
            app.set_theme(theme)
            back.append("theme")
    percent = kept.get("timer_percent")
    if isinstance(percent, int) and percent > 0:
        app.table.timer_percent = percent
    recapped = kept.get("recapped")
    if isinstance(recapped, dict):
        closed = {
            int(team): week
            for team, week in recapped.items()
            if isinstance(team, str) and team.isdigit() and isinstance(week, int)
        }
        if closed:
            app.table.recaps_were_closed(closed)
            app.rebuild()  # the stop itself, not the recap the room already read
            back.append("recapped")
    timer = kept.get("timer") or {}
    stage = tuple(timer.get("stage") or ())
    if stage and stage == stage_of(app.state):
        t = app.timer
        t.stage = stage
        t.budget_s = float(timer.get("budget_s", t.budget_s))
        t.elapsed_s = float(timer.get("elapsed_s", 0.0))
        t.paused = bool(timer.get("paused", False))
        t.chimed = t.elapsed_s >= t.budget_s > 0
        back.append("timer")
    same_screen = kept.get("team") == app.team and kept.get("scene") == getattr(
        app.scene, "name", type(app.scene).__name__
    )
    if same_screen:
        for k, value in (kept.get("view") or {}).items():
            if (
                k in VIEW
                and isinstance(getattr(app.scene, k, None), str)
                and isinstance(value, str)
            ):
                setattr(app.scene, k, value)
        for k, cards in (kept.get("selected") or {}).items():
            if k in SELECTIONS and isinstance(getattr(app.scene, k, None), list):
                setattr(app.scene, k, [str(c) for c in cards])
                back.append(k)
        app.relayout()  # the scene keeps only the cards that still apply
        focus = kept.get("focus")
        if isinstance(focus, int) and app.scene.choices:
            app.focus = min(max(focus, -1), len(app.scene.choices) - 1)
            back.append("focus")
    app.keeper.resumed()
    return back
