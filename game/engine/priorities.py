"""Briefing, warm-up and the priorities debate (B1: argue down to three).

Steps: shortlist (votes) → debate (test, argue, drop with a reason, merge, rounds, lock
exactly three) → key_results (3–5 per objective, folding overlapping KPIs).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from game.engine.actions import (
    DROP_REASONS,
    ROOM,
    Action,
    Argue,
    Drop,
    EndRound,
    Keep,
    Lock,
    Merge,
    PickKeyResults,
    SortCard,
    TestCard,
    Vote,
)
from game.engine.errors import Rejection
from game.engine.events import GameEvent
from game.engine.state import (
    Candidate,
    Chosen,
    GameState,
    at_table,
    of_scenario,
    replace,
    swap,
)
from game.engine.words import COUNTS, OBJECTIVE_TYPES
from game.scenario.model import Scenario

LOCKED = 3
MIN_KRS, MAX_KRS = 3, 5


def open_ids(state: GameState) -> list[str]:
    """Candidates still on the board."""
    return [c.id for c in state.candidates if c.status == "open"]


def remaining(state: GameState) -> int:
    """How many objectives would be locked now: open candidates plus the objectives already
    on the table (merges, and in a later quarter those carried from the last one)."""
    return len(open_ids(state)) + len(state.chosen)


def carried(state: GameState) -> frozenset[str]:
    """The objectives a later quarter carries from the last one (kept or rewritten at the
    quarterly question): on the table from the start, never dropped. None in the first."""
    if not state.past:
        return frozenset()
    return frozenset(o for o, answer in state.past[-1].answers if answer != "replace")


def to_lock(state: GameState) -> int:
    """How many objectives the debate still has to choose: three, less those carried."""
    return LOCKED - len(carried(state))


def on_board(state: GameState) -> list[str]:
    """What the debate may still drop or keep: the open candidates and the merges made in it."""
    kept = carried(state)
    return [*open_ids(state), *(c.id for c in state.chosen if c.merged and c.id not in kept)]


def chosen_label(state: GameState, chosen: Chosen) -> str:
    """The short label of a locked objective (a merge gets a generated one)."""
    s = state.scenario
    if not chosen.merged:
        return s.objective(chosen.id).label
    return "Excellence across the board"


def chosen_sentence(state: GameState, chosen: Chosen) -> str:
    """The full sentence of a locked objective; a merge softens its members into one."""
    s = state.scenario
    if not chosen.merged:
        return s.objective(chosen.id).sentence
    parts = [s.objective(m).label.lower() for m in chosen.members]
    return "Drive excellence across " + ", ".join(parts[:-1]) + " and " + parts[-1] + "."


def _require_candidate(state: GameState, objective: str) -> None:
    if objective not in {c.id for c in state.candidates}:
        raise Rejection("unknown_objective", f"There is no candidate '{objective}'.")
    if state.candidate(objective).status != "open":
        raise Rejection("not_open", f"'{objective}' is no longer on the board.")


def sort_card(state: GameState, a: SortCard) -> tuple[GameState, list[GameEvent]]:
    """Answer a warm-up card."""
    cards = state.scenario.warmup
    if not 0 <= a.card < len(cards):
        raise Rejection("unknown_card", f"There is no warm-up card {a.card}.")
    if any(c == a.card for c, _, _ in state.warmup_answers):
        raise Rejection("already_sorted", "That card has been sorted already.")
    card = cards[a.card]
    right = a.answer == card.answer
    verdict = "Right" if right else "Not quite"
    event = GameEvent(
        "warmup_sorted",
        f"{verdict}: it is a{'n OKR' if card.answer == 'okr' else ' KPI'}. {card.why}",
        {"card": a.card, "correct": right},
    )
    return replace(state, warmup_answers=(*state.warmup_answers, (a.card, a.answer, right))), [
        event
    ]


def vote(state: GameState, a: Vote) -> tuple[GameState, list[GameEvent]]:
    """A shortlist vote."""
    if a.role not in at_table(state.scenario):
        raise Rejection("not_at_table", "Only roles at the table vote on the shortlist.")
    _require_candidate(state, a.objective)
    used = sum(1 for r, _ in state.votes if r == a.role)
    if used >= state.scenario.priorities.votes_per_role:
        raise Rejection("no_votes_left", "You have used all your votes.")
    if (a.role, a.objective) in state.votes:
        raise Rejection("already_voted", "You already voted for that card.")
    c = state.candidate(a.objective)
    state = replace(
        state,
        votes=(*state.votes, (a.role, a.objective)),
        candidates=swap(state.candidates, replace(c, votes=c.votes + 1)),
    )
    title, label = state.scenario.role(a.role).title, state.scenario.objective(a.objective).label
    return state, [GameEvent("voted", f"{title} votes for '{label}'.", {"role": a.role})]


def test_card(state: GameState, a: TestCard) -> tuple[GameState, list[GameEvent]]:
    """Ask a card the first question; the answer comes from its hidden type."""
    _require_candidate(state, a.objective)
    c = state.candidate(a.objective)
    if c.tested:
        raise Rejection("already_tested", "That card has been tested already.")
    kind = state.scenario.objective(a.objective).type
    state = replace(state, candidates=swap(state.candidates, replace(c, tested=True)))
    return state, [
        GameEvent(
            "tested",
            f"'{state.scenario.objective(a.objective).label}': {OBJECTIVE_TYPES[kind].answer}",
            {"objective": a.objective, "type": kind},
        )
    ]


def argue(state: GameState, a: Argue) -> tuple[GameState, list[GameEvent]]:
    """The advocate argues a card in front of the room."""
    _require_candidate(state, a.objective)
    o = state.scenario.objective(a.objective)
    if a.role not in o.advocates:  # as `legal_groups` lists it: the room hears, never argues
        raise Rejection("not_advocate", f"Only an advocate of '{o.label}' can argue it.")
    c = state.candidate(a.objective)
    if c.argued:
        raise Rejection("already_argued", "That card has been argued already.")
    state = replace(state, candidates=swap(state.candidates, replace(c, argued=True)))
    return state, [GameEvent("argued", f"'{o.label}' is argued in front of the room.", {})]


def drop(state: GameState, a: Drop) -> tuple[GameState, list[GameEvent]]:
    """Drop a candidate (or a merge) with a reason; an advocate dropped unheard resents it."""
    if a.objective in carried(state):
        raise Rejection("carried", "That objective was kept from last quarter: it stays.")
    if a.objective in {c.id for c in state.chosen if c.merged}:
        return _drop_merge(state, a)
    _require_candidate(state, a.objective)
    if remaining(state) <= LOCKED:
        raise Rejection("too_few", "Three objectives must remain — lock them instead.")
    c = state.candidate(a.objective)
    o = state.scenario.objective(a.objective)
    resentful = state.resentful
    events = [GameEvent("dropped", f"'{o.label}' is dropped: {a.reason.replace('_', ' ')}.", {})]
    if not c.argued:
        resentful = tuple(dict.fromkeys((*resentful, *o.advocates)))
        events.append(
            GameEvent(
                "resentment",
                f"{', '.join(state.scenario.role(r).title for r in o.advocates)} never got to "
                f"argue '{o.label}' — and will remember.",
                {"roles": list(o.advocates)},
            )
        )
    state = replace(
        state,
        candidates=swap(state.candidates, replace(c, status="dropped", reason=a.reason)),
        resentful=resentful,
    )
    return state, events


def _drop_merge(state: GameState, a: Drop) -> tuple[GameState, list[GameEvent]]:
    """Drop a merge: its members leave the board with it."""
    if remaining(state) <= LOCKED:
        raise Rejection("too_few", "Three objectives must remain — lock them instead.")
    chosen = state.chosen_objective(a.objective)
    candidates = state.candidates
    advocates: list[str] = []
    for m in chosen.members:
        c = state.candidate(m)
        candidates = swap(candidates, replace(c, status="dropped", reason=a.reason))
        if not c.argued:
            advocates += state.scenario.objective(m).advocates
    state = replace(
        state,
        candidates=candidates,
        chosen=tuple(c for c in state.chosen if c.id != a.objective),
        resentful=tuple(dict.fromkeys((*state.resentful, *advocates))),
    )
    return state, [GameEvent("dropped", "The merged objective is dropped.", {})]


def keep(state: GameState, a: Keep) -> tuple[GameState, list[GameEvent]]:
    """Keep three objectives (open cards or merges) and drop the rest with one reason, each
    drop exactly as `drop` makes it."""
    kept = tuple(dict.fromkeys(a.objectives))
    n = to_lock(state)
    if len(kept) != n or len(a.objectives) != n:
        raise Rejection(
            "keep_three",
            f"Keep exactly {COUNTS[n]} different objective{'s' * (n != 1)}, "
            f"not {len(a.objectives)}.",
        )
    if a.reason not in DROP_REASONS:
        raise Rejection("unknown_reason", f"There is no drop reason '{a.reason}'.")
    board = on_board(state)
    for o in kept:
        if o not in board:
            _require_candidate(state, o)  # names why: unknown, or no longer on the board
    rest = [o for o in board if o not in kept]
    if not rest:
        raise Rejection("nothing_to_drop", "Only three objectives remain — lock them instead.")
    events: list[GameEvent] = []
    for o in rest:
        state, more = drop(state, Drop(objective=o, reason=a.reason))
        events += more
    return state, events


def merge(state: GameState, a: Merge) -> tuple[GameState, list[GameEvent]]:
    """Fold several candidates into one softened objective: everyone smiles, focus pays."""
    members = tuple(dict.fromkeys(a.objectives))
    if len(members) < 2:
        raise Rejection("merge_needs_two", "A merge folds two or more candidates together.")
    for m in members:
        _require_candidate(state, m)
    if remaining(state) - len(members) + 1 < LOCKED:
        raise Rejection("too_few", "That merge would leave fewer than three objectives.")
    # One more than the highest merge on the board: after a merge is dropped, counting the
    # merges would give a new one the id of one still there.
    n = max((int(c.id.rsplit("_", 1)[1]) for c in state.chosen if c.merged), default=0) + 1
    chosen = Chosen(id=f"merge_{n}", members=members)
    candidates = state.candidates
    for m in members:
        candidates = swap(candidates, replace(state.candidate(m), status="merged"))
    state = replace(state, candidates=candidates, chosen=(*state.chosen, chosen))
    text = chosen_sentence(state, chosen)
    return state, [GameEvent("merged", f"Merged into one objective: “{text}”", {"id": chosen.id})]


def end_round(state: GameState, a: EndRound) -> tuple[GameState, list[GameEvent]]:
    """Close a debate round."""
    budget = state.scenario.priorities.rounds
    state = replace(state, debate_round=state.debate_round + 1)
    over = " — over the budget" if state.debate_round > budget else ""
    return state, [GameEvent("round", f"Round {state.debate_round} of {budget}{over}.", {})]


def lock(state: GameState, a: Lock) -> tuple[GameState, list[GameEvent]]:
    """Lock exactly three objectives."""
    n = remaining(state)
    if n > LOCKED:
        raise Rejection(
            "too_many",
            f"You can lock at most three objectives — {n} remain: "
            f"drop or merge {n - LOCKED} first.",
        )
    locked = [Chosen(id=o, members=(o,)) for o in open_ids(state)]
    candidates = state.candidates
    for c in locked:
        candidates = swap(candidates, replace(state.candidate(c.id), status="locked"))
    order = {o.id: i for i, o in enumerate(state.scenario.objectives)}
    # (the merges, and in a later quarter the objectives carried, are on the table already)
    chosen = sorted([*locked, *state.chosen], key=lambda c: order[c.members[0]])
    state = replace(state, candidates=candidates, chosen=tuple(chosen), step="key_results")
    labels = "; ".join(chosen_label(state, c) for c in chosen)
    return state, [
        GameEvent("locked", f"Locked: {labels}.", {"objectives": [c.id for c in chosen]})
    ]


def key_result_pool(state: GameState, chosen: Chosen) -> list[str]:
    """The key results a locked objective may pick from (a merge pools its members')."""
    s = state.scenario
    return [kr.id for m in chosen.members for kr in s.objective(m).key_results]


def pick_key_results(state: GameState, a: PickKeyResults) -> tuple[GameState, list[GameEvent]]:
    """Choose 3–5 key results for a locked objective; fold overlapping KPIs in."""
    if a.objective not in {c.id for c in state.chosen}:
        raise Rejection("not_locked", f"'{a.objective}' is not one of the locked objectives.")
    chosen = state.chosen_objective(a.objective)
    picks = tuple(dict.fromkeys(a.key_results))
    if not MIN_KRS <= len(picks) <= MAX_KRS:
        raise Rejection("kr_count", f"Pick 3 to 5 key results per objective, not {len(picks)}.")
    pool = key_result_pool(state, chosen)
    for kr in picks:
        if kr not in pool:
            raise Rejection("unknown_key_result", f"'{kr}' is not in this objective's pool.")
    taken = {k for c in state.chosen if c.id != chosen.id for k in c.key_results}
    if taken & set(picks):
        raise Rejection("key_result_taken", "A key result can serve only one objective.")
    overlaps = {state.scenario.key_result(k).model.overlaps_kpi for k in picks} - {None}
    for kpi in a.fold:
        if kpi not in overlaps:
            raise Rejection(
                "cannot_fold",
                f"'{kpi}' overlaps none of the picked key results, so it cannot be folded.",
            )
    state = replace(
        state,
        chosen=swap(
            state.chosen, replace(chosen, key_results=picks, fold=tuple(dict.fromkeys(a.fold)))
        ),
    )
    return state, [GameEvent("key_results_picked", f"{len(picks)} key results picked.", {})]


def legal_groups(state: GameState, role: str) -> Iterator[Sequence[Action]]:
    """A role's legal priority-phase actions (ROOM for the team's own decisions) in groups, in
    order (`rules.legal_actions` joins them; some are built once per scenario)."""
    s = state.scenario
    if state.phase == "warmup" and role == ROOM:
        done = {c for c, _, _ in state.warmup_answers}
        yield [
            SortCard(role=ROOM, card=i, answer=ans)
            for i in range(len(s.warmup))
            if i not in done
            for ans in ("kpi", "okr")
        ]
    if state.phase != "priorities":
        return
    ids, board = _board(state)
    if state.step == "shortlist" and role in at_table(s):
        mine = {o for r, o in state.votes if r == role}
        if len(mine) < s.priorities.votes_per_role:
            yield [Vote(role=role, objective=o) for o in ids if o not in mine]
    if state.step == "debate":
        if role == ROOM:
            yield [TestCard(objective=o) for o in ids if not board[o].tested]
            if remaining(state) > LOCKED:
                drops, merges = _debate_actions(s)
                for o in on_board(state):
                    found = drops.get(o)
                    if found is None:
                        found = drops[o] = tuple(Drop(objective=o, reason=r) for r in DROP_REASONS)
                    yield found
                for i, x in enumerate(ids):
                    yield [merges[x, y] for y in ids[i + 1 :]]
                yield _keep_actions(s)
            else:
                yield [Lock()]
            yield [EndRound()]
        advocates = _advocates(s)
        yield [
            Argue(role=role, objective=o)
            for o in ids
            if not board[o].argued and role in advocates[o]
        ]
    if state.step == "key_results" and role == ROOM:
        yield [
            PickKeyResults(objective=c.id, key_results=tuple(key_result_pool(state, c)[:MIN_KRS]))
            for c in state.chosen
        ]


def _keep_actions(s: Scenario) -> tuple[Keep, ...]:
    """The keep-three templates, one per reason (the three kept are filled in when played)."""
    derived = of_scenario(s)
    if derived.keep_actions is None:
        derived.keep_actions = tuple(Keep(reason=r) for r in DROP_REASONS)
    return derived.keep_actions


def _board(state: GameState) -> tuple[list[str], dict[str, Candidate]]:
    """The open candidates' ids and every candidate by id, worked out once per state."""
    derived = state.derived
    if derived.board is None:
        derived.board = (open_ids(state), {c.id: c for c in state.candidates})
    return derived.board


def _advocates(s: Scenario) -> dict[str, frozenset[str]]:
    """Each objective's advocates, once per scenario."""
    derived = of_scenario(s)
    if derived.advocates is None:
        derived.advocates = {}
        for o in s.objectives:
            derived.advocates.setdefault(o.id, frozenset(o.advocates))
    return derived.advocates


def _debate_actions(
    s: Scenario,
) -> tuple[dict[str, tuple[Drop, ...]], dict[tuple[str, str], Merge]]:
    """The debate's drops (by objective or merge id) and merges (by pair), built once per
    scenario: actions are frozen values, so one object serves every state that offers it."""
    derived = of_scenario(s)
    if derived.debate_actions is None:
        ids = [o.id for o in s.objectives]
        merges = {(x, y): Merge(objectives=(x, y)) for x in ids for y in ids if x != y}
        derived.debate_actions = ({}, merges)
    return derived.debate_actions
