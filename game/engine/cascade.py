"""The cascade (B2: translate, don't copy) and catchball.

Level by level, every role below the top says what each locked objective means for its part
of the business: a scenario card, the copy option (the parent's actual text, generated), or
typed text judged by `judge.py`. A role translates an objective only after the role it reports
to has. A lower role may throw a scenario constraint back; the role above must answer it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from game.engine.actions import ANSWERS, Action, AnswerThrowback, ThrowBack, Translate
from game.engine.errors import Rejection
from game.engine.events import GameEvent
from game.engine.judge import judge
from game.engine.priorities import chosen_sentence
from game.engine.state import (
    Chosen,
    GameState,
    ThrownBack,
    Translation,
    level_index,
    of_scenario,
    replace,
)
from game.scenario.model import Throwback, TranslationCard
from game.scenario.text_rules import text_problem

MAX_TYPED = 400


def translators(state: GameState) -> list[tuple[str, str]]:
    """Every (role, objective) pair the cascade needs, level by level."""
    return list(_translators(state))


def _translators(state: GameState) -> tuple[tuple[str, str], ...]:
    derived = state.derived
    if derived.translators is None:
        s = state.scenario
        out = []
        for depth in range(1, len(s.levels)):
            for c in state.chosen:
                out += [(r.id, c.id) for r in s.roles_on(s.levels[depth].id)]
        derived.translators = tuple(out)
    return derived.translators


def translation_of(state: GameState, role: str, objective: str) -> Translation | None:
    """What a role said about an objective, if it has said it."""
    said = state.derived.translations
    if said is None:
        said = state.derived.translations = {}
        for t in state.translations:
            said.setdefault((t.role, t.objective), t)
    return said.get((role, objective))


def parent_text(state: GameState, role: str, chosen: Chosen) -> str | None:
    """The text a role translates: the objective itself, or its manager's translation."""
    s = state.scenario
    if level_index(s, role) == 1:
        return chosen_sentence(state, chosen)
    boss = s.role(role).reports_to
    parent = translation_of(state, boss, chosen.id) if boss else None
    return parent.text if parent else None


def cards_for(state: GameState, role: str, chosen: Chosen) -> list[TranslationCard]:
    """The scenario's cards for a role; a merge offers only its members' weaker cards."""
    s = state.scenario
    cards = [c for m in chosen.members for c in s.objective(m).translations.get(role, [])]
    if chosen.merged:
        cards = [c for c in cards if c.quality != "translation"]
    return cards


def throwbacks_for(state: GameState, chosen: Chosen) -> list[Throwback]:
    """The catchball constraints the scenario holds for a locked objective."""
    s = state.scenario
    return [t for m in chosen.members for t in s.objective(m).throwbacks]


def _chosen(state: GameState, objective: str) -> Chosen:
    if objective not in {c.id for c in state.chosen}:
        raise Rejection("not_locked", f"'{objective}' is not one of the locked objectives.")
    return state.chosen_objective(objective)


def translate(state: GameState, a: Translate) -> tuple[GameState, list[GameEvent]]:
    """A role translates a locked objective."""
    s = state.scenario
    chosen = _chosen(state, a.objective)
    if (a.role, chosen.id) not in translators(state):
        raise Rejection("not_translator", "Only roles below the top level translate objectives.")
    if translation_of(state, a.role, chosen.id):
        raise Rejection("already_translated", "This role has already translated that objective.")
    parent = parent_text(state, a.role, chosen)
    if parent is None:
        boss = s.role(s.role(a.role).reports_to or "").title
        raise Rejection("parent_first", f"{boss} translates this objective first.")
    if a.choice == "card":
        cards = cards_for(state, a.role, chosen)
        if not 0 <= a.card < len(cards):
            raise Rejection("unknown_card", f"There is no card {a.card} for this role.")
        text, quality = cards[a.card].sentence, cards[a.card].quality
    elif a.choice == "copy":
        text, quality = parent, "copy"
    elif a.choice == "typed":
        text = " ".join(a.text.split())
        if not text:
            raise Rejection(
                "empty_text", "Type what this objective means for your part of the business."
            )
        if len(text) > MAX_TYPED:
            raise Rejection("text_too_long", f"Keep it under {MAX_TYPED} characters.")
        problem = text_problem(text)  # the scenario files' character rule
        if problem is not None:
            raise Rejection("bad_text", problem)
        boss = s.role(a.role).reports_to
        siblings = tuple(
            t.text
            for t in state.translations
            if t.objective == chosen.id and s.role(t.role).reports_to == boss
        )
        quality = judge(s, chosen.members, a.role, text, parent, siblings).quality
    else:
        raise Rejection("bad_choice", "Choose a card, the copy option or typed text.")
    t = Translation(chosen.id, a.role, a.choice, a.card, text, parent, quality)
    state = replace(state, translations=(*state.translations, t))
    title = s.role(a.role).title
    return state, [GameEvent("translated", f"{title}: “{text}”", {"role": a.role})]


def throw_back(state: GameState, a: ThrowBack) -> tuple[GameState, list[GameEvent]]:
    """A lower role throws a constraint back up."""
    s = state.scenario
    chosen = _chosen(state, a.objective)
    options = throwbacks_for(state, chosen)
    if not 0 <= a.throwback < len(options) or options[a.throwback].role != a.role:
        raise Rejection("unknown_throwback", "This role has no such constraint to throw back.")
    if not translation_of(state, a.role, chosen.id):
        raise Rejection(
            "translate_first", "Translate the objective before throwing a constraint back."
        )
    if any(t.objective == chosen.id and t.index == a.throwback for t in state.thrown):
        raise Rejection("already_thrown", "That constraint has been thrown back already.")
    boss = s.role(a.role).reports_to or ""
    thrown = (*state.thrown, ThrownBack(chosen.id, a.throwback, a.role, boss))
    tb = options[a.throwback]
    return replace(state, thrown=thrown), [
        GameEvent("thrown_back", f"{s.role(a.role).title} throws back: “{tb.sentence}”", {})
    ]


def answer_throwback(state: GameState, a: AnswerThrowback) -> tuple[GameState, list[GameEvent]]:
    """The role above answers a constraint: trade off, re-scope, or accept the risk."""
    s = state.scenario
    chosen = _chosen(state, a.objective)
    thrown = next(
        (t for t in state.thrown if t.objective == chosen.id and t.index == a.throwback), None
    )
    if thrown is None:
        raise Rejection("not_thrown", "That constraint has not been thrown back.")
    if thrown.answer:
        raise Rejection("already_answered", "That constraint has been answered already.")
    if a.role != thrown.to_role:
        title = s.role(thrown.to_role).title
        raise Rejection("not_yours", f"{title} answers this constraint.")
    if a.answer not in ANSWERS:
        raise Rejection("bad_answer", "Answer by trading off, re-scoping or accepting the risk.")
    capacity = state.capacity
    if a.answer == "trade_off":
        if capacity < 1:
            raise Rejection("no_capacity", "No capacity left to trade off.")
        capacity -= 1
    answered = ThrownBack(thrown.objective, thrown.index, thrown.role, thrown.to_role, a.answer)
    state = replace(
        state,
        capacity=capacity,
        thrown=tuple(answered if t is thrown else t for t in state.thrown),
    )
    words = {
        "trade_off": "trades something off",
        "rescope": "re-scopes",
        "accept": "accepts the risk",
    }
    return state, [GameEvent("answered", f"{s.role(a.role).title} {words[a.answer]}.", {})]


def complete(state: GameState) -> bool:
    """Every translation made and every thrown constraint answered."""
    done = {(t.role, t.objective) for t in state.translations}
    return all(p in done for p in translators(state)) and all(t.answer for t in state.thrown)


def legal_groups(state: GameState, role: str) -> Iterator[Sequence[Action]]:
    """A role's legal cascade actions in groups, in order (`rules.legal_actions` joins them)."""
    moves = _moves(state).get(role)
    if moves:
        yield moves


def _moves(state: GameState) -> dict[str, list[Action]]:
    """Every role's legal cascade actions, worked out in one pass once per state (whose turn
    it is asks about every role below the top). Each role's list is in the order of the rules:
    its translations, then the constraints it may throw back, then those it must answer."""
    found = state.derived.cascade_moves
    if found is not None:
        return found
    moves: dict[str, list[Action]] = {}
    made = of_scenario(state.scenario).cascade_actions
    if made is None:
        made = of_scenario(state.scenario).cascade_actions = {}
    for r, objective in _translators(state):
        if translation_of(state, r, objective):
            continue
        chosen = state.chosen_objective(objective)
        if parent_text(state, r, chosen) is None:
            continue
        key = (r, objective, len(cards_for(state, r, chosen)))
        options = made.get(key)
        if options is None:  # actions are frozen values: one object serves every state
            options = made[key] = (
                *(
                    Translate(role=r, objective=objective, choice="card", card=i)
                    for i in range(key[2])
                ),
                Translate(role=r, objective=objective, choice="copy"),
                Translate(role=r, objective=objective, choice="typed", text=""),
            )
        moves.setdefault(r, []).extend(options)
    thrown = {(t.objective, t.index) for t in state.thrown}
    for chosen in state.chosen:
        for i, tb in enumerate(throwbacks_for(state, chosen)):
            if translation_of(state, tb.role, chosen.id) and (chosen.id, i) not in thrown:
                moves.setdefault(tb.role, []).append(
                    ThrowBack(role=tb.role, objective=chosen.id, throwback=i)
                )
    for t in state.thrown:
        if not t.answer:
            moves.setdefault(t.to_role, []).extend(
                AnswerThrowback(role=t.to_role, objective=t.objective, throwback=t.index, answer=a)
                for a in ANSWERS
                if a != "trade_off" or state.capacity >= 1
            )
    state.derived.cascade_moves = moves
    return moves
