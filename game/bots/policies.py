"""Policies that can fill any seat held by people, and take the room's decisions.

`good` plays the three conversations well: real priorities, real translations, honest
reports, support for others' bad news. Each other policy differs from `good` in one
behaviour only, so a balance run measures exactly what that behaviour costs:

    hider       reports high confidence whatever the forecast
    late        honest only at the last check-in
    sandbagger  always reports low
    blamer      meets others' bad news with blame
    copycat     copies the sentence above instead of translating
    vague       takes the vague merge and the decoys
    optimist    shades every honest report up by one to two points
    bystander   reports honestly and never reacts to anyone's news
    amber       never reports green and never below 4: a permanent hedge
"""

from __future__ import annotations

import math
from collections import Counter

from game.engine import ROOM, Action, GameState, legal_actions
from game.engine.actions import (
    ActOnKpi,
    Advance,
    AnswerQuarterly,
    AnswerThrowback,
    Argue,
    Correct,
    Drop,
    EndRound,
    Lock,
    Merge,
    PickKeyResults,
    React,
    Report,
    ReviewObjective,
    SortCard,
    TestCard,
    ThrowBack,
    Translate,
    Vote,
    by_kind,
)
from game.engine.cascade import cards_for
from game.engine.priorities import key_result_pool, open_ids, remaining
from game.engine.quarter import (
    KPI_ACTION_COST,
    checkin_weeks,
    review_weeks,
    this_weeks_reports,
)
from game.engine.simulation import kpi_in_band
from game.engine.state import table_roles
from game.engine.words import AT_RISK_AT_MOST, names_problem

BOT_MS = 20_000  # bots "take" a constant 20 s per decision, so decision speed stays measurable
KR_DECOY_ORDER = {"real": 0, "activity": 1, "kpi_copy": 2}


class Policy:
    """The `good` policy; subclasses override one behaviour each."""

    name = "good"

    def __init__(self) -> None:
        self.by = {"by": "computer", "ms": BOT_MS}

    # ---- the dispatcher --------------------------------------------------------------
    def decide(self, state: GameState, role: str) -> Action | None:
        """The next action for a seat this policy holds (or ROOM), or None to pass."""
        legal = legal_actions(state, role)
        if not legal:
            return None
        if role == ROOM:
            return self.room(state, legal)
        return self.seat(state, role, legal)

    def room(self, state: GameState, legal: list[Action]) -> Action | None:
        """The team's own decisions."""
        if state.phase == "warmup":
            for a in legal:
                if isinstance(a, SortCard):
                    card = state.scenario.warmup[a.card]
                    return SortCard(card=a.card, answer=card.answer, **self.by)
        if state.phase == "priorities" and state.step == "debate":
            return self.debate(state)
        if state.phase == "priorities" and state.step == "key_results":
            for chosen in state.chosen:
                if not chosen.key_results:
                    picks, fold = self.pick_key_results(state, chosen.id)
                    return PickKeyResults(
                        objective=chosen.id, key_results=picks, fold=fold, **self.by
                    )
        if state.phase == "quarter":
            for a in legal:
                if isinstance(a, ActOnKpi) and a.act:
                    return ActOnKpi(kpi=a.kpi, act=True, **self.by)
            for a in legal:
                if isinstance(a, ActOnKpi):
                    return ActOnKpi(kpi=a.kpi, act=False, **self.by)
            correction = self.correction(state, legal)
            if correction:
                return correction
        if state.phase == "review":
            for a in legal:
                if isinstance(a, ReviewObjective):
                    return ReviewObjective(objective=a.objective, still_right=True, **self.by)
        if state.phase == "quarterly":
            for a in legal:
                if isinstance(a, AnswerQuarterly):
                    answer = self.quarterly(state, a.objective)
                    return AnswerQuarterly(objective=a.objective, answer=answer, **self.by)
        if any(isinstance(a, Advance) for a in legal):
            return Advance(**self.by)
        return None

    def seat(self, state: GameState, role: str, legal: list[Action]) -> Action | None:
        """Decisions of one role this policy holds."""
        kinds = by_kind(legal)
        votes = kinds.get(Vote.kind, [])
        if votes:
            return Vote(
                role=role, objective=self.vote(state, [a.objective for a in votes]), **self.by
            )
        if Translate.kind in kinds:
            return self.translate(state, role, kinds[Translate.kind][0].objective)
        if ThrowBack.kind in kinds:
            a = kinds[ThrowBack.kind][0]
            return ThrowBack(role=role, objective=a.objective, throwback=a.throwback, **self.by)
        if AnswerThrowback.kind in kinds:
            a = kinds[AnswerThrowback.kind][0]
            answer = "trade_off" if state.capacity >= 4 else "rescope"
            return AnswerThrowback(
                role=role,
                objective=a.objective,
                throwback=a.throwback,
                answer=answer,
                **self.by,
            )
        if Report.kind in kinds:  # the only action with a confidence
            a = kinds[Report.kind][0]
            q = state.kr(a.key_result).latest.q
            c = self.confidence(state, q)
            return Report(role=role, key_result=a.key_result, confidence=c, **self.by)
        reacts = kinds.get(React.kind, [])
        if reacts:
            return self.react(state, role, reacts)
        return None

    # ---- B1: priorities --------------------------------------------------------------
    def vote(self, state: GameState, options: list[str]) -> str:
        """Vote for the candidate that names the most strategic themes."""
        s = state.scenario
        return max(options, key=lambda o: (len(s.objective(o).themes), -options.index(o)))

    def debate(self, state: GameState) -> Action:
        """Test every card, hear each case before cutting it, drop what is not a change."""
        s = state.scenario
        ids = open_ids(state)
        untested = [o for o in ids if not state.candidate(o).tested]
        if untested:
            return TestCard(objective=untested[0], **self.by)
        if state.debate_round == 1:
            return EndRound(**self.by)
        if remaining(state) <= 3:
            return Lock(**self.by)
        decoys = [o for o in ids if s.objective(o).type != "change"]
        if decoys:
            return self._hear_then_drop(state, decoys[0], "not_a_change")
        fit = sorted(ids, key=lambda o: (len(s.objective(o).themes), state.candidate(o).votes))
        return self._hear_then_drop(state, fit[0], "next_quarter")

    def _hear_then_drop(self, state: GameState, objective: str, reason: str) -> Action:
        if not state.candidate(objective).argued:  # the case is made by its first advocate
            advocate = state.scenario.objective(objective).advocates[0]
            return Argue(role=advocate, objective=objective, **self.by)
        return Drop(objective=objective, reason=reason, **self.by)

    def pick_key_results(
        self, state: GameState, objective: str
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Real key results first (up to four), overlapping KPIs folded in."""
        s = state.scenario
        pool = key_result_pool(state, state.chosen_objective(objective))
        ranked = sorted(pool, key=lambda k: KR_DECOY_ORDER[s.key_result(k).model.kind])
        real = [k for k in ranked if s.key_result(k).model.kind == "real"]
        picks = tuple(ranked[: max(3, min(4, len(real)))])
        fold = tuple(
            dict.fromkeys(
                s.key_result(k).model.overlaps_kpi
                for k in picks
                if s.key_result(k).model.overlaps_kpi
            )
        )
        return picks, fold

    def quarterly(self, state: GameState, objective: str) -> str:
        """The quarterly question: keep a real change, replace a merge or a decoy."""
        chosen = state.chosen_objective(objective)
        if chosen.merged or state.scenario.objective(chosen.id).type != "change":
            return "replace"
        return "keep"

    # ---- B2: the cascade -------------------------------------------------------------
    def translate(self, state: GameState, role: str, objective: str) -> Action:
        """Pick the card that translates for real; type one when there is none."""
        cards = cards_for(state, role, state.chosen_objective(objective))
        good = [i for i, c in enumerate(cards) if c.quality == "translation"]
        if good:
            return Translate(role=role, objective=objective, choice="card", card=good[0], **self.by)
        if cards:
            vague = [i for i, c in enumerate(cards) if c.quality == "vague"]
            pick = vague[0] if vague else 0
            return Translate(role=role, objective=objective, choice="card", card=pick, **self.by)
        return Translate(role=role, objective=objective, choice="copy", **self.by)

    # ---- B3: the quarter -------------------------------------------------------------
    def confidence(self, state: GameState, q: float) -> int:
        """Report the forecast as it is."""
        return round(10 * q)

    def react(self, state: GameState, role: str, reacts: list[React]) -> Action | None:
        """Support others' bad news."""
        return self._react_with(state, role, reacts, "support")

    def _react_with(
        self, state: GameState, role: str, reacts: list[React], kind: str
    ) -> Action | None:
        made_now = this_weeks_reports(state)
        for a in reacts:
            made = made_now[a.key_result]
            if names_problem(made.confidence) and a.reaction == kind:
                return React(role=role, key_result=a.key_result, reaction=kind, **self.by)
        return None

    def correction(self, state: GameState, legal: list[Action]) -> Action | None:
        """Put capacity on the named problems reported lowest, one a check-in each, keeping
        enough back to act on the KPIs out of band now at every KPI review still to come.

        Among equally low reports the room spreads its help over their owners: a key result
        whose owner already got a correction this check-in waits for the others' (then the
        scenario's order). Honest reports tie when every forecast is near 0, and without the
        spread one owner's key results took every correction (docs/scoring.md, "Optimism in
        Brightlane")."""
        reviews_left = sum(1 for w in review_weeks(state) if w > state.week)
        out = sum(1 for k in state.kpis if not kpi_in_band(state.scenario, k))
        if state.capacity - 1 < KPI_ACTION_COST * out * reviews_left:
            return None
        options = [a.key_result for a in legal if isinstance(a, Correct)]
        done_now = {k for w, k, _ in state.corrections if w == state.week}
        latest = {r.key_result: r.confidence for r in state.reports}
        options = [k for k in options if k not in done_now and names_problem(latest.get(k, 10))]
        if not options:
            return None
        owner = {k.id: k.owner for k in state.key_results}
        helped = Counter(owner[k] for w, k, _ in state.corrections if w == state.week)
        target = min(options, key=lambda k: (latest[k], helped[owner[k]], options.index(k)))
        return Correct(key_result=target, **self.by)


class Hider(Policy):
    """Reports high confidence whatever the forecast."""

    name = "hider"

    def confidence(self, state: GameState, q: float) -> int:
        return max(8, round(10 * q))


class Late(Policy):
    """Honest only at the last check-in."""

    name = "late"

    def confidence(self, state: GameState, q: float) -> int:
        if state.week == max(checkin_weeks(state)):
            return round(10 * q)
        return max(8, round(10 * q))


class Sandbagger(Policy):
    """Always reports low."""

    name = "sandbagger"

    def confidence(self, state: GameState, q: float) -> int:
        return min(2, round(10 * q))


class Blamer(Policy):
    """Meets others' bad news with blame."""

    name = "blamer"

    def react(self, state: GameState, role: str, reacts: list[React]) -> Action | None:
        return self._react_with(state, role, reacts, "blame")


class Copycat(Policy):
    """Copies the sentence above instead of translating."""

    name = "copycat"

    def translate(self, state: GameState, role: str, objective: str) -> Action:
        return Translate(role=role, objective=objective, choice="copy", **self.by)


class Vague(Policy):
    """Takes the vague merge and the decoys: nobody loses the argument, focus does."""

    name = "vague"

    def debate(self, state: GameState) -> Action:
        s = state.scenario
        ids = open_ids(state)
        if not any(c.merged for c in state.chosen):
            changes = sorted(
                (o for o in ids if s.objective(o).type == "change"),
                key=lambda o: (-state.candidate(o).votes, ids.index(o)),
            )
            if len(changes) >= 2 and remaining(state) - 1 >= 3:
                return Merge(objectives=tuple(changes[:2]), **self.by)
        if remaining(state) <= 3:
            return Lock(**self.by)
        # Keep one decoy beside the merge and one more change: cut the rest without hearing them.
        keep_decoy = next((o for o in ids if s.objective(o).type != "change"), None)
        keep_change = next((o for o in ids if s.objective(o).type == "change"), None)
        cut = [o for o in ids if o not in (keep_decoy, keep_change)]
        return Drop(objective=cut[0], reason="no_capacity", **self.by)

    def pick_key_results(
        self, state: GameState, objective: str
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        s = state.scenario
        pool = key_result_pool(state, state.chosen_objective(objective))
        decoys = [k for k in pool if s.key_result(k).model.kind != "real"]
        real = [k for k in pool if s.key_result(k).model.kind == "real"]
        picks = (decoys[:2] + real)[: max(3, min(5, len(pool)))]
        return tuple(picks[:5]), ()

    def quarterly(self, state: GameState, objective: str) -> str:
        """Nobody loses the argument next quarter either: everything is kept."""
        return "keep"


class Optimist(Policy):
    """Shades every honest report up by one to two points: the forecast plus a point, rounded up."""

    name = "optimist"

    def confidence(self, state: GameState, q: float) -> int:
        return min(10, math.ceil(10 * q + 1 - 1e-9))


class Bystander(Policy):
    """Reports honestly and never supports, challenges or blames anyone."""

    name = "bystander"

    def react(self, state: GameState, role: str, reacts: list[React]) -> Action | None:
        return None


class Amber(Policy):
    """Never reports green and never low enough to cry wolf: always 4 to 6."""

    name = "amber"

    def confidence(self, state: GameState, q: float) -> int:
        return min(max(round(10 * q), 4), AT_RISK_AT_MOST)


POLICIES: dict[str, type[Policy]] = {
    cls.name: cls
    for cls in (
        Policy,
        Hider,
        Late,
        Sandbagger,
        Blamer,
        Copycat,
        Vague,
        Optimist,
        Bystander,
        Amber,
    )
}


def held_by_people(state: GameState) -> list[str]:
    """The roles the scenario (or the session) gives to people."""
    return [role for role, by in state.seats if by == "person"]


__all__ = ["POLICIES", "Policy", "held_by_people", "table_roles"]
