"""The solo coach before the cascade: the briefing, the warm-up, the shortlist, the debate and
the key results — each reading what the player (who also runs the room) did in that phase.

Until the debate is over nothing hidden is told (no card's type, no impact): what the coach
says then could still change a decision. From the lock on, the three objectives can no longer
change, and the coach reads their truth."""

from __future__ import annotations

from collections import Counter

from game.engine.priorities import chosen_label
from game.engine.state import GameState, get
from game.engine.words import OBJECTIVE_TYPES, plural
from game.scoring.timing import speed
from game.session.move_words import DROP_WORDS
from game.session.questions import QUESTIONS
from game.session.reading import Reading, kr_label, measured, minutes_said, quoted, reading, some
from game.session.timer import DEFAULT_MINUTES


def briefing(state: GameState, role: str) -> Reading:
    """After the briefing: how long it took, and what the player's seat brings to the board."""
    s = state.scenario
    spent = minutes_said(get(state.phase_ms, "briefing", 0))
    lines = [f"You spent {spent} on the briefing ({DEFAULT_MINUTES['briefing']} budgeted)."]
    mine = [o.label for o in s.objectives if role in o.advocates]
    title = s.role(role).title
    if mine:
        lines.append(
            f"As {title} you advocate {some(mine)} among the {len(s.objectives)} cards: only "
            "an advocate makes a card's case, and a card dropped unheard leaves its advocates "
            "resentful."
        )
    else:
        lines.append(
            f"As {title} you advocate none of the {len(s.objectives)} cards: you judge the "
            "others' cases."
        )
    for k in [k for k in s.kpis if k.owner == role][:2]:
        band = f"{measured(k.band.low, '')}–{measured(k.band.high, k.unit)}"
        inside = k.band.low <= k.current <= k.band.high
        lines.append(
            f"'{k.name}' on the dashboard is yours: {measured(k.current, k.unit)}, band {band}"
            + (
                " — inside it."
                if inside
                else " — outside it already: a KPI to mind, not an objective."
            )
        )
    votes = s.priorities.votes_per_role
    lines.append(f"Next the shortlist: {plural(votes, 'vote')} each, then the debate.")
    return reading("Coach: the briefing", lines, QUESTIONS[0])


def warmup(state: GameState, role: str) -> Reading:
    """After the warm-up: the cards sorted, and what each wrong one was."""
    cards = state.scenario.warmup
    answers = state.warmup_answers
    right = sum(1 for _, _, ok in answers if ok)
    lines = [f"You sorted {right} of {len(answers)} cards right."]
    if len(answers) < len(cards):
        lines[0] += f" {len(cards) - len(answers)} of the deck went unsorted."
    for c, said, ok in answers:
        card = cards[c]
        truth = "an OKR" if card.answer == "okr" else "a KPI"
        if not ok:
            lines.append(f"“{card.statement}” — you said {said.upper()}; it is {truth}. {card.why}")
    if answers and right == len(answers):
        card = cards[answers[-1][0]]
        truth = "an OKR" if card.answer == "okr" else "a KPI"
        lines.append(f"Last, “{card.statement}”: {truth}, as you said. {card.why}")
    lines.append(
        "A KPI says the business is healthy; an objective changes it. The debate asks every card "
        "the same."
    )
    return reading("Coach: the warm-up", lines, QUESTIONS[0])


def shortlist(state: GameState, role: str) -> Reading:
    """After the shortlist: the player's votes against the room's ranking (no card's type yet)."""
    s = state.scenario
    mine = [o for r, o in state.votes if r == role]
    budget = s.priorities.votes_per_role
    own = [o.id for o in s.objectives if role in o.advocates]
    lines = []
    if mine:
        yours = sum(1 for o in mine if o in own)
        tail = f" — {yours} of them cards you advocate" if yours else ""
        lines.append(
            f"You voted for {quoted([s.objective(o).label for o in mine])}{tail}"
            + (f"; {budget - len(mine)} of your votes went unused." if len(mine) < budget else ".")
        )
    else:
        lines.append(
            f"You cast none of your {budget} votes: the room ranked the board without you."
        )
    order = {o.id: i for i, o in enumerate(s.objectives)}
    ranked = sorted(state.candidates, key=lambda c: (-c.votes, order[c.id]))
    top = ranked[:3]
    lines.append(
        "The room's top three: "
        + ", ".join(f"'{s.objective(c.id).label}' ({plural(c.votes, 'vote')})" for c in top)
        + "."
    )
    backed = sum(1 for o in mine if o in {c.id for c in top})
    if mine:
        lines.append(f"{backed} of your {len(mine)} votes went to the room's top three.")
    for o in own:
        if o not in mine:
            votes = state.candidate(o).votes
            lines.append(
                f"You did not vote for your own '{s.objective(o).label}' "
                f"({plural(votes, 'vote')} from the others)."
            )
    unvoted = [c for c in ranked if c.votes == 0]
    if unvoted:
        lines.append(f"{plural(len(unvoted), 'card')} got no vote at all.")
    lines.append(
        "Votes only rank the board: no card has been tested, so none is known to be a real change."
    )
    return reading("Coach: the shortlist", lines, QUESTIONS[0])


def debate(state: GameState, role: str) -> Reading:
    """After the lock: what the player tested, heard, dropped and merged, and what was locked."""
    s = state.scenario
    cards = state.candidates
    lines = []
    untested = [s.objective(c.id).label for c in cards if not c.tested]
    tested = len(cards) - len(untested)
    if untested:
        lines.append(
            f"You tested {tested} of {len(cards)} cards; {some(untested)} never faced the first "
            "question."
        )
    else:
        lines.append(f"You tested all {len(cards)} cards: every one faced the first question.")
    dropped = [c for c in cards if c.status == "dropped"]
    if dropped:
        why = Counter(DROP_WORDS[c.reason].lower() for c in dropped if c.reason)
        unheard = [c for c in dropped if not c.argued]
        lines.append(
            f"You dropped {plural(len(dropped), 'card')} ("
            + ", ".join(f"{n} '{w}'" for w, n in why.most_common())
            + ")"
            + (
                f"; {some([s.objective(c.id).label for c in unheard], 2)} before anyone heard "
                "the case."
                if unheard
                else ", each after its case was heard."
            )
        )
    for chosen in state.chosen:
        if chosen.merged:
            names = quoted([s.objective(m).label for m in chosen.members])
            lines.append(
                f"You merged {names}: everyone smiled, but it counts as one of three, offers only "
                "vague translation cards and spreads the effort."
            )
    decoys = [
        f"'{chosen_label(state, c)}' is {OBJECTIVE_TYPES[s.objective(c.id).type].flaw}"
        for c in state.chosen
        if not c.merged and s.objective(c.id).type != "change"
    ]
    real = sum(1 for c in state.chosen if not c.merged and s.objective(c.id).type == "change")
    locked = quoted([chosen_label(state, c) for c in state.chosen])
    changes = "real changes, all three" if real == len(state.chosen) else f"{real} real change"
    lines.append(
        f"You locked {locked} — {changes}" + (f"; {'; '.join(decoys)}." if decoys else ".")
    )
    kept = {m for c in state.chosen for m in c.members}
    lost = sorted(
        (o for o in s.objectives if o.type == "change" and o.id not in kept),
        key=lambda o: -o.impact,
    )
    if lost:
        lines.append(
            f"The strongest real change left out: '{lost[0].label}' (impact {lost[0].impact:g}/10)."
        )
    own = [c for c in dropped if role in s.objective(c.id).advocates]
    if own:
        heard = [c for c in own if c.argued]
        lines.append(
            f"Your own {some([s.objective(c.id).label for c in own])} "
            + ("was" if len(own) == 1 else "were")
            + " dropped"
            + (
                " after the case was heard."
                if len(heard) == len(own)
                else f" — {len(own) - len(heard)} before anyone heard the case."
            )
        )
    pace = speed(state)
    lines.append(
        f"You locked after {pace.rounds_said}, against a budget of "
        f"{plural(pace.rounds_budget, 'round')}."
    )
    return reading("Coach: the debate", lines, QUESTIONS[0])


def key_results(state: GameState, role: str) -> Reading:
    """After the key results are picked: real results or not, KPIs folded, whose they are, and
    how fast the whole priorities phase went."""
    s = state.scenario
    picked = [k for c in state.chosen for k in c.key_results]
    real = sum(1 for k in picked if s.key_result(k).model.kind == "real")
    lines = [
        f"You picked {len(picked)} key results for the three objectives; {real} measure a result."
    ]
    for k in picked:
        kind = s.key_result(k).model.kind
        if kind == "activity":
            lines.append(f"'{kr_label(state, k)}' is an activity: done while nothing changes.")
        elif kind == "kpi_copy":
            lines.append(f"'{kr_label(state, k)}' repeats a KPI the dashboard already tracks.")
    for chosen in state.chosen:
        overlaps = {s.key_result(k).model.overlaps_kpi for k in chosen.key_results} - {None}
        for kpi in sorted(overlaps - set(chosen.fold)):
            lines.append(f"'{s.kpi(kpi).name}' is tracked twice: you did not fold it in.")
    folded = [s.kpi(k).name for c in state.chosen for k in c.fold]
    if folded:
        them = "it" if len(folded) == 1 else "them"
        lines.append(f"You folded {quoted(folded)} into the key results that overlap {them}.")
    yours = [kr_label(state, k) for k in picked if s.key_result(k).owner == role]
    lines.append(
        f"{len(yours)} of them are yours to report on at every check-in: {some(yours)}."
        if yours
        else "None of them is yours: at the check-ins you listen and react, you do not report."
    )
    pace = speed(state)
    lines.append(
        f"Decision speed: {pace.rounds_said} and {pace.minutes:.0f} minutes, against a budget "
        f"of {plural(pace.rounds_budget, 'round')} and {pace.minutes_budget} minutes."
    )
    return reading("Coach: the key results", lines, QUESTIONS[0])
