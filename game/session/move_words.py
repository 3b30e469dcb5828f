"""The words a move shows: a short label for its button or card, and the sentence behind it.

One place for them, so every front end (the projector, the phones) says the same thing. The
costs quoted come from the engine's own constants.
"""

from __future__ import annotations

from game.engine import Action, GameState
from game.engine.actions import (
    ActOnKpi,
    Advance,
    AnswerQuarterly,
    AnswerThrowback,
    Argue,
    Correct,
    Drop,
    Keep,
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
)
from game.engine.cascade import cards_for, parent_text, throwbacks_for
from game.engine.priorities import chosen_label, chosen_sentence, on_board, to_lock
from game.engine.quarter import KPI_ACTION_COST
from game.engine.words import COUNTS

DROP_WORDS = {
    "not_a_change": "Not a change",
    "not_our_strategy": "Not our strategy",
    "no_capacity": "No capacity",
    "next_quarter": "Next quarter",
}
ANSWER_WORDS = {
    "trade_off": "Trade off: move capacity to it",
    "rescope": "Re-scope the key result",
    "accept": "Accept the risk",
}
KPI_ACTION_WORDS = f"{KPI_ACTION_COST:g} capacity"  # what acting on a KPI out of band costs
QUARTERLY_WORDS = {  # the quarterly question's answers: (label, what it means next quarter)
    "keep": ("Keep", "Keep it next quarter, with its key results and its cascade."),
    "rewrite": ("Rewrite", "Keep the objective and its cascade; pick new key results."),
    "replace": ("Replace", "Back to the candidates: the debate picks another, and it is cascaded."),
}
REACTION_WORDS = {"support": "Support", "challenge": "Challenge", "blame": "Blame"}
SORT_WORDS = {"kpi": "KPI — a health band we run", "okr": "OKR — a change we make"}
ADVANCE_WORDS = {  # (phase, step) -> what the next click does
    ("briefing", ""): "To the next phase",
    ("warmup", ""): "To the priorities",
    ("priorities", "shortlist"): "Open the debate",
    ("priorities", "debate"): "Next",
    ("priorities", "key_results"): "To the cascade",
    ("cascade", ""): "Start the quarter",
    ("quarter", "report"): "Run the weeks",
    ("quarter", "discuss"): "Run the weeks",
    ("review", ""): "To the debrief",
    ("quarterly", ""): "Start the next quarter",
}


def words_for_objective(state: GameState, objective: str) -> tuple[str, str]:
    """Label and sentence of a card on the board or of a locked objective (a merge)."""
    return _objective(state, objective)


def _objective(state: GameState, objective: str) -> tuple[str, str]:
    """Label and sentence of a candidate or of a locked objective (a merge)."""
    s = state.scenario
    chosen = next((c for c in state.chosen if c.id == objective), None)
    if chosen is not None:
        return chosen_label(state, chosen), chosen_sentence(state, chosen)
    if any(c.id == objective for c in state.candidates):
        o = s.objective(objective)
        return o.label, o.sentence
    return objective, ""


def _key_result(state: GameState, kr: str) -> tuple[str, str]:
    found = state.scenario.key_result(kr).model
    return found.label, found.sentence


def words_for(state: GameState, action: Action) -> tuple[str, str]:
    """(label, detail) of an action on this state."""
    s = state.scenario
    if isinstance(action, SortCard):
        cards = s.warmup
        statement = cards[action.card].statement if 0 <= action.card < len(cards) else ""
        return SORT_WORDS[action.answer], statement
    if isinstance(action, Vote):
        label, sentence = _objective(state, action.objective)
        return f"Vote for '{label}'", sentence
    if isinstance(action, TestCard):
        return "Test", "If we hit every key result, is the business different?"
    if isinstance(action, Argue):
        return f"Hear {s.role(action.role).title}", "The advocate makes the case to the room."
    if isinstance(action, Drop):
        label, _ = _objective(state, action.objective)
        return DROP_WORDS[action.reason], f"Drop '{label}': {DROP_WORDS[action.reason].lower()}."
    if isinstance(action, Keep):
        return _keep_words(state, action)
    if isinstance(action, Merge):
        labels = [_objective(state, o)[0] for o in action.objectives]
        return "Merge selected", "Merge " + " and ".join(f"'{x}'" for x in labels) + "."
    if isinstance(action, PickKeyResults):
        label, _ = _objective(state, action.objective)
        return f"Confirm the key results for '{label}'", ""
    if isinstance(action, Translate):
        return _translate_words(state, action)
    if isinstance(action, ThrowBack):
        chosen = state.chosen_objective(action.objective)
        tb = throwbacks_for(state, chosen)[action.throwback]
        return f"Throw back: {tb.label}", tb.sentence
    if isinstance(action, AnswerThrowback):
        chosen = state.chosen_objective(action.objective)
        tb = throwbacks_for(state, chosen)[action.throwback]
        return ANSWER_WORDS[action.answer], tb.sentence
    if isinstance(action, Report):
        label, sentence = _key_result(state, action.key_result)
        return str(action.confidence), f"{label}: {action.confidence}/10"
    if isinstance(action, React):
        label, _ = _key_result(state, action.key_result)
        return REACTION_WORDS[action.reaction], f"{REACTION_WORDS[action.reaction]} on '{label}'."
    if isinstance(action, Correct):
        label, _ = _key_result(state, action.key_result)
        return "Corrective action", f"Spend 1 capacity on '{label}'."
    if isinstance(action, ActOnKpi):
        name = s.kpi(action.kpi).name
        if action.act:
            return "Act on it", f"Spend {KPI_ACTION_WORDS} to bring '{name}' back."
        return "Leave it", f"Leave '{name}' out of band: it keeps drifting."
    if isinstance(action, ReviewObjective):
        label, _ = _objective(state, action.objective)
        return ("Still right" if action.still_right else "Not right"), label
    if isinstance(action, AnswerQuarterly):
        label, _ = _objective(state, action.objective)
        word, means = QUARTERLY_WORDS[action.answer]
        return word, f"'{label}': {means[0].lower()}{means[1:]}"
    if isinstance(action, Advance):
        words = ADVANCE_WORDS.get((state.phase, state.step), "Next")
        if (state.phase, state.step) == ("review", "") and state.quarter < state.quarters:
            words = "To the quarterly question"
        if state.phase == "briefing":
            words = "To the warm-up" if state.warmup_on else "To the priorities"
        return words, ""
    return action.kind.replace("_", " ").capitalize(), ""


def _keep_words(state: GameState, action: Keep) -> tuple[str, str]:
    """The keep-three words: how many go and why, what goes, and how many go unheard."""
    reason = DROP_WORDS[action.reason]
    if not action.objectives:
        return f"Keep {COUNTS[to_lock(state)]}, drop the rest: {reason.lower()}", ""
    kept = set(action.objectives)
    merges = [c.id for c in state.chosen if c.merged]
    going = [o for o in on_board(state) if o not in kept]
    unheard = [o for o in going if o not in merges and not state.candidate(o).argued]
    label = f"Drop the other {len(going)}: {reason.lower()}"
    detail = (
        "Dropped as '"
        + reason.lower()
        + "': "
        + "; ".join(_objective(state, o)[0] for o in going)
        + "."
    )
    if unheard:
        detail += f" {len(unheard)} never argued: their advocates will resent it."
    return label, detail


def _translate_words(state: GameState, action: Translate) -> tuple[str, str]:
    chosen = state.chosen_objective(action.objective)
    if action.choice == "card":
        cards = cards_for(state, action.role, chosen)
        card = cards[action.card] if 0 <= action.card < len(cards) else None
        return (card.label, card.sentence) if card else (f"Card {action.card}", "")
    if action.choice == "copy":
        return "Copy the line above", parent_text(state, action.role, chosen) or ""
    return "Type our own…", "Type what it means for this role's own work."
