"""The check-in while phones answer: who has answered (never what), and the countdown.

With phones (`offsite play --room`) each leader makes their private report on their own phone,
so the projector shows no hand-over for a seat a phone holds. It shows a card per leader with a
report due this week: answered or waiting. The board is revealed (the check-in board) once
every report is in. On a waiting leader's card the facilitator may play the seat here for an
absent leader (the hand-over and the private screen come back for that seat), or release it
to another phone. Who still owes a report is the table's answer (`Table.moves`), not a rule of
this screen. See docs/facilitation.md, "Running the room with phones".
"""

from __future__ import annotations

from game.session.moves import Seat
from game.ui.scenes.base import Scene
from game.ui.widgets import Choice, fit_grid

HERE_OR_FREE = (
    "Enter, then Right / Left and Enter: play this seat here (a leader away, a phone that "
    "died) or release it to another phone."
)


def reports_due(app, team: int) -> list[str]:
    """The roles people play whose report is due now (the table's moves say so)."""
    return [r for r in app.people() if app.table.moves(Seat(r, team)).of("report")]


class WaitingScene(Scene):
    """'Week N check-in: answering on the phones'."""

    name = "waiting"

    def headline(self) -> str:
        return f"Week {self.app.state.week} check-in: reports on the phones"

    def hint(self) -> str:
        return "Enter on a waiting leader: play the seat here, or release it to another phone"

    def due(self) -> list[str]:
        return reports_due(self.app, self.app.team)

    def answered(self) -> list[str]:
        """People who have reported this week (shown by name only: what they said waits for
        the board)."""
        state, due = self.app.state, set(self.due())
        done = {r.role for r in state.reports if r.week == state.week}
        return [r for r in self.app.people() if r in done and r not in due]

    @property
    def identity(self) -> tuple:
        return (*self.place, tuple(self.due()))

    def layout(self, board) -> None:
        t, app = self.app.theme, self.app
        s = app.state.scenario
        due, answered = self.due(), self.answered()
        for role in [*answered, *due]:
            seat = Seat(role, app.team)
            waiting = role in due
            on_phone = app.on_phone(role)
            if not waiting:
                detail, marks = "answered", ("ANSWERED",)
            elif on_phone:
                detail, marks = "answering on the phone…", ("WAITING",)
            else:
                detail, marks = "to answer on this laptop", ("LAPTOP",)
            actions: tuple = ()
            full = ""
            if waiting:
                # The sentence makes the focused card grow, and the grown card draws its
                # buttons: without it Enter opened buttons nobody could see.
                full = HERE_OR_FREE
                actions = (
                    ("Play this seat here", lambda seat=seat: app.play_here(seat)),
                    ("Release the seat", lambda seat=seat: app.release_seat(seat)),
                )
            self.choices.append(
                Choice(
                    key=role,
                    label=s.role(role).title,
                    detail=detail,
                    full=full,
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
        due = self.due()
        return f"{len(self.answered())} answered, {len(due)} still to answer"
