"""Judging a typed translation without any downloaded model.

A translation is judged against what the level above really said (the parent text), the
objective it serves (its sentence, keywords and themes' keywords), the role's own function
vocabulary and its siblings' translations. Thresholds are documented in docs/rules.md.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from game.scenario.model import Scenario

COPY_THRESHOLD = 0.70  # similarity to the parent (or a sibling) at or above this is a copy
MIN_CONTENT_WORDS = 4  # fewer content words than this is a slogan, not a plan

STOPWORDS = frozenset(
    (
        "a about above after again all also am an and any are as at be because been before "
        "being below between both but by can could did do does doing down during each few for "
        "from further had has have having he her here hers him his how i if in into is it its "
        "itself just me more most my no nor not now of off on once only or other our ours out "
        "over own same she should so some such than that the their them then there these they "
        "this those through to too under until up very was we were what when where which "
        "while who whom why will with would you your us let make sure every get going per via "
        "across within "
    ).split()
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """Lower-case, stemmed words that carry meaning (stop words removed)."""
    return [_stem(w) for w in re.findall(r"[a-z0-9%]+", text.lower()) if w not in STOPWORDS]


def similarity(a: str, b: str) -> float:
    """How much `a` repeats `b`: the larger of word overlap and character-sequence ratio."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    overlap = len(set(wa) & set(wb)) / len(set(wa))
    ratio = difflib.SequenceMatcher(None, " ".join(wa), " ".join(wb)).ratio()
    return max(overlap, ratio)


@dataclass(frozen=True)
class Verdict:
    """The judged quality of a typed translation and the numbers behind it."""

    quality: str  # translation | copy | vague | misaligned
    similarity: float
    coherence: int
    locality: int
    vague_words: int
    reason: str


def judge(
    s: Scenario,
    objective_ids: tuple[str, ...],
    role_id: str,
    text: str,
    parent_text: str,
    siblings: tuple[str, ...] = (),
) -> Verdict:
    """Judge typed text as a translation of an objective (or a merge) for a role."""
    words = content_words(text)
    sim = max([similarity(text, parent_text), *(similarity(text, t) for t in siblings)])
    topic: set[str] = set(content_words(parent_text))
    for oid in objective_ids:
        o = s.objective(oid)
        topic |= set(content_words(o.sentence + " " + " ".join(o.keywords)))
        for theme in s.company.themes:
            if theme.id in o.themes:
                topic |= set(content_words(" ".join(theme.keywords)))
    local_words = set(content_words(" ".join(s.role(role_id).vocabulary)))
    vague_set = set(content_words(" ".join(s.vocabulary.vague)))
    coherence = len(set(words) & topic)
    locality = len(set(words) & local_words)
    vague = sum(1 for w in words if w in vague_set)
    if sim >= COPY_THRESHOLD:
        return Verdict("copy", sim, coherence, locality, vague, "repeats the level above")
    if len(set(words)) < MIN_CONTENT_WORDS or (vague and vague * 3 >= len(set(words))):
        return Verdict(
            "vague", sim, coherence, locality, vague, "a slogan: nobody knows what to do"
        )
    if coherence == 0:
        return Verdict("misaligned", sim, coherence, locality, vague, "about something else")
    if locality == 0:
        return Verdict("vague", sim, coherence, locality, vague, "not about this role's own work")
    return Verdict("translation", sim, coherence, locality, vague, "local and on topic")
