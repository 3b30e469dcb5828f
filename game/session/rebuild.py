"""The one way to rebuild a game from a session (docs/sessions.md, "Rebuilding a game"):
its header gives the first state, then every logged action is applied again, in order.

Resume (`play --resume`, `autoplay --resume`), `offsite replay`, `offsite report`, the
programme view, `play --watch` and the teams' restarts after a watched reload all go through
`rebuild` here, so an action that no longer applies is named in one way everywhere:
`FILE:LINE: error: action N (KIND, ROLE) is rejected: REASON` — LINE being the action's line
in the session file (entries such as the debrief's summary counted in).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine import Action, GameState, Rejection, apply, new_game, state_hash
from game.scenario import Scenario
from game.session.autoplay import Step
from game.session.log import SessionError, load_all


@dataclass(frozen=True)
class SessionFile:
    """A session file as read: its header, actions, recorded state hashes, the file line of
    each action, the reader's warnings and its entries (summaries)."""

    path: Path
    header: dict[str, Any]
    actions: list[Action]
    hashes: list[str]
    lines: list[int]
    warnings: list[str]
    entries: list[dict[str, Any]]


@dataclass(frozen=True)
class Replayed:
    """What rebuilding gave: the first state, the steps taken and where it went wrong, if it
    did."""

    start: GameState
    steps: list[Step]
    rejected: str | None = None  # `file:line: error: action N (...) is rejected: ...`
    rejected_line: int | None = None  # the file line of that action
    mismatch: int | None = None  # the first file line whose recorded hash differs

    @property
    def state(self) -> GameState:
        """The last state reached."""
        return self.steps[-1].state if self.steps else self.start

    @property
    def before(self) -> list[GameState]:
        """The state before each applied action (what a policy decided on)."""
        return [self.start] + [s.state for s in self.steps[:-1]]


def read_session(path: Path) -> SessionFile:
    """Read and check a session file (SessionError naming the line when it cannot be used)."""
    header, actions, hashes, warnings, entries = load_all(path)
    return SessionFile(
        path, header, actions, hashes, action_lines(len(actions), entries), warnings, entries
    )


def action_lines(count: int, entries: Sequence[Mapping[str, Any]]) -> list[int]:
    """The file line of each of `count` actions: the header is line 1, and an entry written
    after action k (its `after`) pushes every later action down a line."""
    afters = sorted(int(e["after"]) for e in entries)
    lines, i = [], 0
    for n in range(1, count + 1):
        while i < len(afters) and afters[i] < n:
            i += 1
        lines.append(n + 1 + i)
    return lines


def first_state(
    where: Path | str, header: Mapping[str, Any], scenario: Scenario, digest: str | None = None
) -> GameState:
    """The game's first state, from a session header's seed, seats, pressure, warm-up and
    quarters (`digest`: the scenario hash to start on, by default the header's). A header
    without "quarters" is a one-quarter game, whatever the scenario's default."""
    try:
        return new_game(
            scenario,
            header["seed"],
            header["seats"],
            scenario_hash=header["scenario_hash"] if digest is None else digest,
            pressure=header["pressure"],
            warmup=header["warmup"],
            quarters=header.get("quarters", 1),
        )
    except Rejection as exc:
        raise SessionError(f"{where}:1: error: header: {exc.message}", 1) from None


def rejected_words(where: Path | str, line: int, n: int, action: Action, reason: str) -> str:
    """How an action that does not apply is named, by every caller."""
    return f"{where}:{line}: error: action {n} ({action.kind}, {action.role}) {reason}"


def rebuild(
    where: Path | str,
    header: Mapping[str, Any],
    actions: Sequence[Action],
    scenario: Scenario,
    *,
    digest: str | None = None,
    hashes: Sequence[str] | None = None,
    lines: Sequence[int] | None = None,
    stop_at_mismatch: bool = False,
) -> Replayed:
    """Header → first state → every action again. Stops at the first action the rules refuse
    (`rejected` names its line); with `hashes`, notes the first line whose state hash differs
    from the recorded one (and stops there with `stop_at_mismatch`). `lines`: each action's
    file line (default: line n + 1 for action n, a file without entries)."""
    start = first_state(where, header, scenario, digest)
    steps: list[Step] = []
    state, mismatch = start, None
    for n, action in enumerate(actions, start=1):
        line = lines[n - 1] if lines is not None else n + 1
        try:
            state, events = apply(state, action)
        except Rejection as exc:
            reason = f"is rejected: {exc.message}"
        except Exception as exc:  # a hand-edited action the rules cannot even read
            reason = f"cannot be applied ({type(exc).__name__}: {exc})"
        else:
            steps.append(Step(action, events, state))
            if mismatch is None and hashes is not None and state_hash(state) != hashes[n - 1]:
                mismatch = line
                if stop_at_mismatch:
                    break
            continue
        return Replayed(
            start, steps, rejected_words(where, line, n, action, reason), line, mismatch
        )
    return Replayed(start, steps, None, None, mismatch)


def rebuild_file(
    session: SessionFile,
    scenario: Scenario,
    *,
    digest: str | None = None,
    check_hashes: bool = True,
    stop_at_mismatch: bool = False,
) -> Replayed:
    """`rebuild` on a session file as read (its own header, actions and lines); the recorded
    hashes are compared when `check_hashes` (never onto another scenario: its hash is part
    of every state)."""
    same = digest is None or digest == session.header["scenario_hash"]
    return rebuild(
        session.path,
        session.header,
        session.actions,
        scenario,
        digest=digest,
        hashes=session.hashes if check_hashes and same else None,
        lines=session.lines,
        stop_at_mismatch=stop_at_mismatch,
    )
