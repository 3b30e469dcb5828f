"""Computer peers: roles the computer plays, with the personality the scenario gives them.

A peer decides through the same actions people take. Its candour is not fixed: it lives in
the game state and moves with the room's reactions (support raises it, blame lowers it, see
`engine/quarter.py`), so a room that blames teaches its peers to report green over bad
forecasts. Every decision is deterministic given the state: no hidden randomness.
"""

from __future__ import annotations

import zlib

from game.engine import ROOM, Action, GameState, legal_actions
from game.engine.actions import (
    AnswerThrowback,
    Argue,
    React,
    Report,
    ThrowBack,
    Translate,
    Vote,
    by_kind,
)
from game.engine.cascade import cards_for
from game.engine.quarter import ON_TRACK, UNCOVER, this_weeks_reports
from game.engine.simulation import CERTAIN_MISS
from game.engine.state import PRESSURE_FACTOR, ReportMade, get
from game.engine.words import names_problem
from game.scenario.model import Peer

DEFAULT = Peer.model_validate(
    {
        "role": "default",
        "candour": 0.7,
        "status_sensitivity": 0.4,
        "influence": 0.5,
        "lines": {
            k: ["…"] for k in ("support", "challenge", "blame", "bad_news", "good_news", "advocate")
        },
    }
)
STATUS_WEIGHT = 0.3
# How early a peer names bad news (docs/rules.md, "Peers"): a fully willing peer (≥ CANDID)
# names what an honest report would (forecast under ADMIT_AT); below that, only worse and worse
# forecasts, and a peer at SILENT or under names nothing until it is certain to miss.
SILENT, CANDID = 0.2, 0.7
ADMIT_AT = 0.65
THROWS_BACK_AT = 0.3  # willingness at which a peer throws back its constraints
# Candid peers challenge greens whose forecast is bad (they work next to it and can tell):
CHALLENGER = 0.7  # current candour needed to challenge …
CHALLENGE_CHANCE = 0.5  # … and how often such a peer does, per green report under UNCOVER


def profile(state: GameState, role: str) -> Peer:
    """The peer profile of a role (a plain default when the scenario gives none)."""
    return state.scenario.peer(role) or DEFAULT.model_copy(update={"role": role})


def willingness(state: GameState, role: str) -> float:
    """How ready a peer is to name bad news now: its current candour, less status fear."""
    p = profile(state, role)
    candour = get(state.candour, role, p.candour)
    return candour - STATUS_WEIGHT * p.status_sensitivity * PRESSURE_FACTOR[state.pressure]


def admits_below(state: GameState, role: str) -> float:
    """The forecast under which a peer names bad news now: ADMIT_AT when it is fully willing,
    falling linearly to the certain-miss line at SILENT willingness."""
    w = willingness(state, role)
    share = min(max((w - SILENT) / (CANDID - SILENT), 0.0), 1.0)
    return CERTAIN_MISS + (ADMIT_AT - CERTAIN_MISS) * share


def report_confidence(state: GameState, role: str, q: float) -> int:
    """What a peer reports: the honest confidence, or green when it does not dare yet."""
    honest = round(10 * q)
    if names_problem(honest) and q >= admits_below(state, role):
        return max(honest, ON_TRACK)
    return honest


def challenges(state: GameState, role: str, made: ReportMade) -> bool:
    """Whether a peer challenges a green report: only a candid one, only over a bad forecast,
    and then on about CHALLENGE_CHANCE of them (chosen stably from the seed and the report)."""
    if names_problem(made.confidence) or made.q >= UNCOVER:
        return False
    if get(state.candour, role, profile(state, role).candour) < CHALLENGER:
        return False
    key = f"{state.seed}:{made.week}:{made.key_result}:{role}".encode()
    return zlib.crc32(key) / 2**32 < CHALLENGE_CHANCE


def line(state: GameState, role: str, kind: str, key: str) -> str:
    """One of the peer's scenario lines for a moment, chosen stably by what it is about."""
    lines = getattr(profile(state, role).lines, kind)
    return lines[zlib.crc32(f"{key}:{state.week}".encode()) % len(lines)]


def decide(state: GameState, role: str) -> Action | None:
    """The peer's next action, or None when it has nothing to do (it passes)."""
    legal = legal_actions(state, role)
    if not legal:
        return None
    p = profile(state, role)
    by = {"by": "computer", "ms": 0}
    kinds = by_kind(legal)
    votes = kinds.get(Vote.kind, [])
    if votes:
        ranked = sorted(votes, key=lambda a: _appeal(state, p, a.objective))
        return Vote(role=role, objective=ranked[0].objective, **by)
    argue = [a for a in kinds.get(Argue.kind, ()) if a.objective in p.pet_priorities]
    if argue:
        return Argue(role=role, objective=argue[0].objective, **by)
    if Translate.kind in kinds:
        a = kinds[Translate.kind][0]
        chosen = state.chosen_objective(a.objective)
        cards = cards_for(state, role, chosen)
        order = {"translation": 0, "misaligned": 1, "vague": 2}
        if cards:
            best = min(range(len(cards)), key=lambda i: order[cards[i].quality])
            return Translate(role=role, objective=a.objective, choice="card", card=best, **by)
        return Translate(role=role, objective=a.objective, choice="copy", **by)
    if ThrowBack.kind in kinds and willingness(state, role) >= THROWS_BACK_AT:
        a = kinds[ThrowBack.kind][0]
        return ThrowBack(role=role, objective=a.objective, throwback=a.throwback, **by)
    if AnswerThrowback.kind in kinds:
        a = kinds[AnswerThrowback.kind][0]
        answer = "trade_off" if state.capacity >= 4 else "rescope"
        return AnswerThrowback(
            role=role, objective=a.objective, throwback=a.throwback, answer=answer, **by
        )
    if Report.kind in kinds:
        a = kinds[Report.kind][0]
        q = state.kr(a.key_result).latest.q
        confidence = report_confidence(state, role, q)
        return Report(role=role, key_result=a.key_result, confidence=confidence, **by)
    reacts = kinds.get(React.kind, [])
    if reacts:
        return _react(state, role, p, reacts)
    return None


def _appeal(state: GameState, p: Peer, objective: str) -> tuple[int, int, int]:
    """Sort key for a peer's votes: pet priorities first, then strategy fit, then file order."""
    o = state.scenario.objective(objective)
    order = [x.id for x in state.scenario.objectives].index(objective)
    return (0 if objective in p.pet_priorities else 1, -len(o.themes), order)


def _react(state: GameState, role: str, p: Peer, reacts: list[React]) -> Action | None:
    """Challenge a bad green when candid (see `challenges`); support most bad news, or blame
    it when status-sensitive under pressure."""
    by = {"by": "computer", "ms": 0}
    blames = p.status_sensitivity * PRESSURE_FACTOR[state.pressure] >= 0.9
    made_now = this_weeks_reports(state)
    for a in reacts:
        made = made_now[a.key_result]
        if a.reaction == "challenge" and challenges(state, role, made):
            return React(role=role, key_result=a.key_result, reaction="challenge", **by)
    for a in reacts:
        made = made_now[a.key_result]
        if not names_problem(made.confidence):
            continue
        kind = "blame" if blames else "support"
        if a.reaction == kind:
            return React(role=role, key_result=a.key_result, reaction=kind, **by)
    return None


__all__ = [
    "ROOM",
    "admits_below",
    "challenges",
    "decide",
    "line",
    "profile",
    "report_confidence",
    "willingness",
]
