"""Judging a typed translation without any downloaded model.

A translation is judged against what the level above really said (the parent text), the
objective it serves (its sentence, keywords, key results and its themes' keywords), the role's
own function vocabulary and its siblings' translations. Everything is whole-word matching on
lower-cased, lightly stemmed words (bake, baked, baking, baker -> bak; loaves -> loaf); stop
words are dropped and number words become digits ("nine percent" matches "9%"). Pure,
deterministic, no I/O. The checks and thresholds are described for players in docs/scoring.md,
"How a typed translation is judged".

The verdict, checked in this order:

copy
    `similarity` to the parent or to any sibling translation is at least COPY_THRESHOLD.
    Similarity is the larger of (a) the share of the text's distinct content words that also
    occur in the other text, counted over at least MIN_SPECIFIC_WORDS + 1 words so that a
    two-word fragment is not a "copy", and (b) difflib's sequence ratio of the two stemmed
    word strings (a copy with one word or number changed, or with a short garnish).
vague (a slogan)
    fewer than MIN_SPECIFIC_WORDS *specific* words — content words that are neither pure
    numbers, nor words of the scenario's vague phrases, nor generic filler (GENERIC, such as
    "strive", "success", "everyone"; a filler word that the objective, its key results or the
    role's vocabulary uses is specific) — or the scenario's vague phrases make up at least
    SLOGAN_SHARE of its content words. Vague phrases and filler are matched as typed, with
    their inflections, so the vague word "drive" does not catch "drivers".
misaligned (about something else)
    `coherence` below MIN_COHERENCE. Coherence adds, for each distinct word of the text, 1 if
    the parent, the objective's sentence or keywords or its themes' keywords use it, else
    KEY_RESULT_WEIGHT if one of the objective's key results uses it. So a line needs one word
    of the objective (or the parent), or two of its key results.
misaligned (about another objective)
    another objective's sentence and keywords share at least OTHER_OBJECTIVE_MARGIN more
    specific words with the text than the judged objective's topic does. Words of the judged
    objective's own topic (a shared theme such as a named account) and of the role's own
    vocabulary are no evidence for another objective and are not counted for it.
vague (not local)
    `locality` 0: no word of the role's vocabulary, i.e. the objective restated in general
    words rather than in this role's work.
vague (adds nothing)
    fewer than MIN_NEW_WORDS specific words that neither the parent nor the objective's
    sentence already says: echoing "new shop near the station" is not a shop lead's plan.
translation
    otherwise: not a copy, specific, on topic, local and adding something of its own.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from game.scenario.model import Scenario

COPY_THRESHOLD = 0.70  # similarity to the parent (or a sibling) at or above this is a copy
MIN_SPECIFIC_WORDS = 3  # fewer specific (non-filler, non-number) words than this: a slogan
SLOGAN_SHARE = 1 / 3  # the scenario's vague words making up this share of the text: a slogan
MIN_COHERENCE = 1.0  # less coherence with the objective than this: about something else
KEY_RESULT_WEIGHT = 0.5  # a word found only in the objective's key results counts this much
OTHER_OBJECTIVE_MARGIN = 2  # another objective sharing this many more words: misaligned
MIN_NEW_WORDS = 2  # a translation says at least this many specific things the parent did not

STOPWORDS = frozenset(
    (
        "a about above after again all also am an and any are as at be because been before "
        "being below between both but by can could did do does doing down during each few for "
        "from further had has have having he her here hers him his how i if in into is it its "
        "itself just me more most my no nor not now of off on once only or other our ours out "
        "over own same she should so some such than that the their them then there these they "
        "this those through to too under until up very was we were what when where which "
        "while who whom why will with would you your us let make sure every get going per via "
        "across within percent cent ca wo shall may might must got gets made makes"
    ).split()
)

# Corporate filler: words that sound like a plan and say nothing about the work. Matched as
# typed with their inflections ("drive", "driving" are filler; "drivers" is not). A filler word
# counts against a text only when neither the objective's topic, its key results nor the
# role's vocabulary uses it.
GENERIC = frozenset(
    (
        "excellence excellent excel best better great greatest good world class leading "
        "success successful succeed succeeds win wins winning drive drives driving strive "
        "strives striving effort efforts everything everyone everybody anything always "
        "together team teams passion passionate commit commits commitment committed focus "
        "focused ensure ensures maximise maximize optimise optimize leverage synergy "
        "synergies value values impact culture mindset journey next level levels top amazing "
        "awesome outstanding exceptional step steps happen happens hundred give giving need "
        "needs want wants try tries trying really truly improve improves improving "
        "improvement improvements enhance boost new fast faster strong stronger continue "
        "continuous ownership accountability align aligned alignment empower engage "
        "engagement proactive proactively innovative innovation transform transformation "
        "collaborate collaboration possible whatever matters thing things way ways stuff lot "
        "lots well much many hard harder smart smarter priority priorities goal goals"
    ).split()
)

NUMBER_WORDS = dict(
    zip(
        "zero one two three four five six seven eight nine ten eleven twelve".split(),
        (str(n) for n in range(13)),
        strict=True,
    )
)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*[a-z]*|[a-z]+")
_NUMBER = re.compile(r"[\d.,]+")


def _stem(word: str) -> str:
    """A light, deterministic stemmer: bakes, baked, baking, baker -> bak; loaves -> loaf."""
    if len(word) <= 3 or word[0].isdigit():
        return word
    w = word
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("ier", "iest")) and len(w) > 5:
        w = w[: w.rindex("i")] + "y"
    elif w.endswith(("aves", "alves", "elves")) and len(w) > 5:
        w = w[:-3] + "f"
    elif w.endswith("ing") and len(w) >= 6:
        w = w[:-3]
    elif (w.endswith("ed") and len(w) >= 5 and not w.endswith("eed")) or w.endswith(
        ("sses", "shes", "ches", "xes", "zes")
    ):
        w = w[:-2]  # baked -> bak(e); boxes -> box
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ery") and len(w) >= 6:
        w = w[:-1]
    for suffix, keep in (("able", 3), ("er", 3), ("ly", 4)):
        if w.endswith(suffix) and len(w) - len(suffix) >= keep:
            w = w[: -len(suffix)]
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    return w


def _all_tokens(text: str) -> list[str]:
    """Lower-case words and numbers as typed, stop words kept; number words become digits."""
    text = re.sub(r"n't\b|'(s|ll|re|ve|d|m)\b", "", text.lower().replace("\u2019", "'"))
    return [
        NUMBER_WORDS.get(raw, raw.replace(",", "") if raw[0].isdigit() else raw)
        for raw in _TOKEN.findall(text)
    ]


def _tokens(text: str) -> list[str]:
    return [w for w in _all_tokens(text) if w not in STOPWORDS]


def _forms(word: str) -> set[str]:
    """The inflections of a filler word as typed: drive, drives, driven, driving — not driver."""
    base = word[:-1] if word.endswith("e") else word
    out = {word, word + "s", word + "es", word + "d", word + "ed", word + "n", base + "ing"}
    if word.endswith("y"):
        out |= {word[:-1] + "ies", word[:-1] + "ied"}
    return out


def _phrase_hits(text: str, phrases: Iterable[str]) -> set[str]:
    """Stems of the content words of `text` that occur inside one of `phrases` (as typed)."""
    typed = _all_tokens(text)
    single: set[str] = set()
    hits: set[str] = set()
    for phrase in phrases:
        forms = [_forms(w) for w in _all_tokens(phrase)]
        if len(forms) == 1:
            single |= forms[0]
            continue
        for i in range(len(typed) - len(forms) + 1 if forms else 0):
            if all(typed[i + j] in f for j, f in enumerate(forms)):
                hits |= {_stem(t) for t in typed[i : i + len(forms)] if t not in STOPWORDS}
    return hits | {_stem(t) for t in typed if t in single and t not in STOPWORDS}


@lru_cache(maxsize=4096)
def _content(text: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in _tokens(text))


def content_words(text: str) -> list[str]:
    """Lower-case, stemmed words that carry meaning (stop words removed), in order."""
    return list(_content(text))


def _words(texts: Iterable[str]) -> set[str]:
    return {w for t in texts for w in content_words(t)}


def similarity(a: str, b: str) -> float:
    """How much `a` repeats `b`: the larger of word overlap and character-sequence ratio."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 0.0
    shared = len(set(wa) & set(wb))
    overlap = shared / max(len(set(wa)), MIN_SPECIFIC_WORDS + 1)
    ratio = difflib.SequenceMatcher(None, " ".join(wa), " ".join(wb), autojunk=False).ratio()
    return min(1.0, max(overlap, ratio))


@dataclass(frozen=True)
class Verdict:
    """The judged quality of a typed translation and the numbers behind it."""

    quality: str  # translation | copy | vague | misaligned
    similarity: float  # highest similarity to the parent or a sibling, 0..1
    coherence: float  # weighted count of the text's words that belong to the objective
    locality: int  # distinct words of the role's vocabulary in the text
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
    words = set(content_words(text))
    sim = max([similarity(text, parent_text), *(similarity(text, t) for t in siblings)])
    objectives = [s.objective(oid) for oid in objective_ids]
    said = _words(o.sentence for o in objectives) | _words([parent_text])
    own = said | _words(k for o in objectives for k in o.keywords)
    themes = {t for o in objectives for t in o.themes}
    topic = own | _words(k for t in s.company.themes if t.id in themes for k in t.keywords)
    key_results = _words(kr.sentence for o in objectives for kr in o.key_results)
    vocabulary = _words(s.role(role_id).vocabulary)

    coherence = sum(
        1.0 if w in topic else KEY_RESULT_WEIGHT if w in key_results else 0.0 for w in words
    )
    locality = len(words & vocabulary)
    slogan = _phrase_hits(text, s.vocabulary.vague)
    generic = _phrase_hits(text, GENERIC) - topic - key_results - vocabulary
    filler = slogan | generic
    specific = {w for w in words - filler if not _NUMBER.fullmatch(w)}
    new = specific - said
    # Words of another objective that are not also the judged objective's topic (a shared
    # theme) or the role's own function words: evidence the text serves that objective.
    other = max(
        (
            len((specific & _words([o.sentence, *o.keywords])) - topic - vocabulary)
            for o in s.objectives
            if o.id not in objective_ids
        ),
        default=0,
    )

    def verdict(quality: str, reason: str) -> Verdict:
        return Verdict(quality, sim, coherence, locality, reason)

    if sim >= COPY_THRESHOLD:
        return verdict("copy", "repeats the level above")
    if len(specific) < MIN_SPECIFIC_WORDS or len(slogan) >= SLOGAN_SHARE * len(words):
        return verdict("vague", "a slogan: nobody knows what to do")
    if coherence < MIN_COHERENCE:
        return verdict("misaligned", "about something else")
    if other >= len(specific & topic) + OTHER_OBJECTIVE_MARGIN:
        return verdict("misaligned", "about another objective")
    if locality == 0:
        return verdict("vague", "not about this role's own work")
    if len(new) < MIN_NEW_WORDS:
        return verdict("vague", "adds nothing to what the level above said")
    return verdict("translation", "local and on topic")
