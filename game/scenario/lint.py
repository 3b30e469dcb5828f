"""Lint: a valid scenario that would still teach badly. Small independent `check_*` rules.

Each rule yields warnings at the exact path of what to change, quoting the value and saying
how to fix it. `offsite validate` prints them; `--strict` makes them errors. Rules that need a
higher layer (text fit measured with the real font, a quick balance run) live in that layer
and the CLI composes them; this module stays pure.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import replace

from game.scenario.model import Pooled, Scenario
from game.scenario.problems import Finding

CATEGORIES = ("revenue", "customer", "employee", "operating", "financial")
DECOYS = ("kpi_target", "kpi_bundle", "maintenance", "vague")
MIN_CANDIDATES = 10
MIN_REAL_KRS = 3
MIN_WARMUP = 5
PLACEHOLDER = "TODO"
FILE = "{file}"  # where the scenario's file name goes in a message; `lint(s, file)` fills it in


def _warn(path: tuple, message: str, at_key: bool = False) -> Finding:
    return Finding(path, message, "warning", at_key)


def check_kpi_dashboard(s: Scenario) -> Iterator[Finding]:
    """5–9 KPIs covering at least four of the five categories."""
    covered = {k.category for k in s.kpis}
    missing = [c for c in CATEGORIES if c not in covered]
    if len(covered) < 4:
        yield _warn(
            ("kpis",),
            f"the KPIs cover {len(covered)} of the five categories (no {', '.join(missing)}): "
            "change a KPI's category or add one, so the dashboard covers at least four",
        )


def check_candidates(s: Scenario) -> Iterator[Finding]:
    """At least ten candidates, including at least one of each decoy type."""
    if len(s.objectives) < MIN_CANDIDATES:
        yield _warn(
            ("objectives",),
            f"{len(s.objectives)} candidates: add more, to at least {MIN_CANDIDATES}, so that "
            "cutting to three is a real choice",
        )
    types = {o.type for o in s.objectives}
    for decoy in DECOYS:
        if decoy not in types:
            yield _warn(
                ("objectives",),
                f"no candidate of type '{decoy}': add one — every decoy teaches something "
                "(a tempting one, not an obviously wrong one)",
            )
    if "change" not in types:
        yield _warn(
            ("objectives",),
            "no candidate of type 'change': add the real changes the strategy needs (five or more)",
        )


def check_key_result_pools(s: Scenario) -> Iterator[Finding]:
    """Every change objective has at least three real key results plus decoys."""
    for i, o in enumerate(s.objectives):
        if o.type != "change":
            continue
        real = [kr for kr in o.key_results if kr.kind == "real"]
        decoys = [kr for kr in o.key_results if kr.kind != "real"]
        if len(real) < MIN_REAL_KRS:
            yield _warn(
                ("objectives", i, "key_results"),
                f"'{o.label}' has {len(real)} real key results: add outcomes (kind: real) until it "
                f"has at least {MIN_REAL_KRS}, so the pick is a choice",
            )
        if not decoys:
            yield _warn(
                ("objectives", i, "key_results"),
                f"'{o.label}' has no decoy key result: add an activity (an output, not an "
                "outcome) or a kpi_copy (a KPI already tracked) to pick around",
            )


def check_translation_cards(s: Scenario) -> Iterator[Finding]:
    """Every objective has, for every role below the top, a real card and a weaker one."""
    top = s.levels[0].id
    below = [r.id for r in s.roles if r.level != top]
    for i, o in enumerate(s.objectives):
        for role in below:
            cards = o.translations.get(role, [])
            path = ("objectives", i, "translations", role) if cards else ("objectives", i)
            add = f"`offsite cards {FILE} --objective {o.id} --role {role}`"
            if not cards:
                yield _warn(
                    path,
                    f"no cards for '{role}' on '{o.label}': add a real translation and a weaker "
                    f"one — {add} writes both as TODO cards to fill in",
                )
                continue
            if not any(c.quality == "translation" for c in cards):
                yield _warn(
                    path,
                    f"no 'translation' card for '{role}' on '{o.label}': add what this role "
                    f"would do differently, in its own words ({add} writes a TODO one)",
                )
            if not any(c.quality in ("vague", "misaligned") for c in cards):
                yield _warn(
                    path,
                    f"no 'vague' or 'misaligned' card for '{role}' on '{o.label}': add a tempting "
                    f"weaker one, or the choice is too easy ({add} writes a TODO one)",
                )


def _texts(value: object, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _texts(item, (*path, n))


def check_placeholders(s: Scenario) -> Iterator[Finding]:
    """No TODO text is left (the slots `offsite new` and `offsite cards` write start with it)."""
    for path, text in _texts(s.model_dump(), ()):
        if text.upper().startswith(PLACEHOLDER):
            yield _warn(
                path,
                f"{text[:60]!r} is a placeholder: write the real text (the room would see it as "
                "it stands)",
            )


def check_events(s: Scenario) -> Iterator[Finding]:
    """Events leave the room time to react and hit what the team might pick."""
    q = s.quarter
    last_checkin = max(range(q.checkin_every, q.weeks, q.checkin_every), default=0)
    for i, e in enumerate(s.events):
        if e.week is not None and e.week > last_checkin:
            yield _warn(
                ("events", i, "week"),
                f"'{e.label}' strikes in week {e.week}, after the last check-in (week "
                f"{last_checkin}): nobody can react; move it to week {last_checkin} or earlier",
            )
        if e.probability is not None and e.probability > 0.2:
            yield _warn(
                ("events", i, "probability"),
                f"'{e.label}' has a {e.probability:.0%} chance every week: it will almost "
                "surely strike early; use a scripted week instead, or a lower chance",
            )


def check_peers(s: Scenario) -> Iterator[Finding]:
    """Every role the computer plays has a peer profile (a personality and its own lines)."""
    profiled = {p.role for p in s.peers}
    for i, r in enumerate(s.roles):
        if r.played_by == "computer" and r.id not in profiled:
            yield _warn(
                ("roles", i, "played_by"),
                f"'{r.id}' is played by the computer but has no entry in peers: add one with "
                "its candour, status sensitivity, influence and lines",
            )


def check_owners(s: Scenario) -> Iterator[Finding]:
    """Key results are owned by roles at the table (the top two levels), who report on them."""
    table = {r.id for r in s.roles if r.level in {lv.id for lv in s.levels[:2]}}
    for i, o in enumerate(s.objectives):
        for j, kr in enumerate(o.key_results):
            owner = Pooled(o, kr).owner
            if owner not in table:
                field = "owner" if kr.owner else "id"
                yield _warn(
                    ("objectives", i, "key_results", j, field),
                    f"'{kr.label}' is owned by '{owner}', who is not at the table (the top two "
                    "levels): give it an owner who reports at the check-ins",
                )


def check_warmup(s: Scenario) -> Iterator[Finding]:
    """Enough warm-up cards, and both answers among them."""
    if len(s.warmup) < MIN_WARMUP:
        yield _warn(
            ("warmup",) if s.warmup else (),
            f"{len(s.warmup)} warm-up cards: add at least {MIN_WARMUP} 'KPI or OKR?' "
            "statements from this business",
        )
    answers = {c.answer for c in s.warmup}
    if s.warmup and len(answers) < 2:
        yield _warn(
            ("warmup",),
            f"every warm-up card is a{'n OKR' if 'okr' in answers else ' KPI'}: mix both",
        )


def check_throwbacks(s: Scenario) -> Iterator[Finding]:
    """Catchball constraints name the key result they put at risk."""
    for i, o in enumerate(s.objectives):
        for j, t in enumerate(o.throwbacks):
            if t.key_result is None:
                yield _warn(
                    ("objectives", i, "throwbacks", j),
                    f"'{t.label}' names no key_result: add key_result: with the id of a key result "
                    "of this objective, so an accepted risk strikes something",
                )


# A sentence ends with one of these (or a closing quote or bracket after one).
_ENDS = (".", "!", "?", "…", ":", ";", '"', "'", ")", "”", "’")
_THOUSANDS = re.compile(r"\d{3}(?!\d)")  # what follows the comma of 12,000


def _cut(before: str, after: str, prose: bool) -> str | None:
    """How `before` and `after` were one value split at an unquoted comma; None if they were not."""
    if before[-1:].isdigit() and _THOUSANDS.match(after):
        return f"{before},{after}"
    if prose and after[:1].islower() and not before.endswith(_ENDS):
        return f"{before}, {after}"
    return None


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_lists(value: object, path: tuple) -> Iterator[tuple[tuple, list[str]]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _text_lists(item, (*path, key))
    elif isinstance(value, list):
        if value and all(isinstance(v, str) for v in value):
            yield path, value
        for n, item in enumerate(value):
            yield from _text_lists(item, (*path, n))


def check_split_values(s: Scenario) -> Iterator[Finding]:
    """No list entry reads as the rest of the one before it, cut off by an unquoted `,`."""
    # A peer line starting in lower case after one that did not end its sentence; 12 and 000.
    # In a `[...]` list YAML ends an unquoted entry at every `, `, silently: one becomes two.
    for path, items in _text_lists(s.model_dump(), ()):
        prose = len(path) >= 2 and path[-2] == "lines"
        for n in range(1, len(items)):
            before, after = items[n - 1].strip(), items[n].strip()
            whole = _cut(before, after, prose)
            if whole:
                yield _warn(
                    (*path, n),
                    f"{_short(before, 40)!r} and {_short(after, 40)!r} look like one value cut "
                    f"in two — a `,` inside an unquoted value split it: quote the value, as "
                    f'"{_short(whole)}"',
                )


RULES: tuple[Callable[[Scenario], Iterator[Finding]], ...] = (
    check_kpi_dashboard,
    check_candidates,
    check_key_result_pools,
    check_translation_cards,
    check_events,
    check_peers,
    check_owners,
    check_warmup,
    check_throwbacks,
    check_placeholders,
    check_split_values,
)


def lint(s: Scenario, file: str = "FILE") -> list[Finding]:
    """Every lint warning for a valid scenario; `file` names it in the commands they suggest."""
    quoted = shlex.quote(file)
    return [
        replace(f, message=f.message.replace(FILE, quoted)) if FILE in f.message else f
        for rule in RULES
        for f in rule(s)
    ]
