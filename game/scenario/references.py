"""Rules that tie one part of a scenario to another: ids that must exist and be unique.

Each check yields `Finding`s with the exact path of the offending value, so the loader can
point at its line and column. An unknown id names the nearest existing one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from game.scenario.model import Scenario
from game.scenario.problems import FieldPath, Finding, did_you_mean


def _unknown(path: FieldPath, value: str, what: str, known: Iterable[str]) -> Finding:
    known = list(known)
    hint = did_you_mean(value, known)
    if not hint and len(known) <= 8:
        hint = " (known: " + ", ".join(known) + ")" if known else f" (no {what} is defined)"
    return Finding(path, f"unknown {what} '{value}'{hint}")


def _unique(items: Iterable[tuple[FieldPath, str]], what: str) -> Iterator[Finding]:
    seen: dict[str, FieldPath] = {}
    for path, value in items:
        if value in seen:
            first = ".".join(str(p) for p in seen[value])
            yield Finding(path, f"the {what} id '{value}' is used twice (first at {first})")
        else:
            seen[value] = path


def check_unique_ids(s: Scenario) -> Iterator[Finding]:
    """Ids are unique within their kind; key result and KPI ids share one namespace."""
    yield from _unique(((("levels", i, "id"), x.id) for i, x in enumerate(s.levels)), "level")
    yield from _unique(((("roles", i, "id"), x.id) for i, x in enumerate(s.roles)), "role")
    yield from _unique(
        ((("objectives", i, "id"), x.id) for i, x in enumerate(s.objectives)), "objective"
    )
    yield from _unique(((("events", i, "id"), x.id) for i, x in enumerate(s.events)), "event")
    yield from _unique(
        ((("company", "themes", i, "id"), x.id) for i, x in enumerate(s.company.themes)), "theme"
    )
    measures = [(("kpis", i, "id"), k.id) for i, k in enumerate(s.kpis)]
    for i, o in enumerate(s.objectives):
        measures += [
            (("objectives", i, "key_results", j, "id"), kr.id) for j, kr in enumerate(o.key_results)
        ]
    yield from _unique(measures, "KPI or key result")
    yield from _unique(((("peers", i, "role"), p.role) for i, p in enumerate(s.peers)), "peer role")


def check_levels_and_roles(s: Scenario) -> Iterator[Finding]:
    """Every role sits on a known level and reports to a role exactly one level up."""
    order = {lv.id: n for n, lv in enumerate(s.levels)}
    roles = {r.id: r for r in s.roles}
    for i, r in enumerate(s.roles):
        if r.level not in order:
            yield _unknown(("roles", i, "level"), r.level, "level", order)
            continue
        depth = order[r.level]
        if depth == 0:
            if r.reports_to is not None:
                yield Finding(
                    ("roles", i, "reports_to"),
                    f"'{r.id}' is on the top level and reports to no one: remove reports_to",
                )
        elif r.reports_to is None:
            above = s.levels[depth - 1].id
            yield Finding(
                ("roles", i),
                f"'{r.id}' is below the top level: add reports_to with a role on level '{above}'",
            )
        elif r.reports_to not in roles:
            yield _unknown(("roles", i, "reports_to"), r.reports_to, "role", roles)
        elif order.get(roles[r.reports_to].level) != depth - 1:
            above = s.levels[depth - 1].id
            yield Finding(
                ("roles", i, "reports_to"),
                f"'{r.reports_to}' is on level '{roles[r.reports_to].level}': name a role on "
                f"'{above}', the level directly above '{r.level}'",
            )
    for n, lv in enumerate(s.levels):
        if not any(r.level == lv.id for r in s.roles):
            yield Finding(("levels", n, "id"), f"no role sits on level '{lv.id}'")


def check_objectives(s: Scenario) -> Iterator[Finding]:
    """Themes, advocates, owners, KPIs and translation roles named by objectives exist."""
    themes = [t.id for t in s.company.themes]
    roles = {r.id: r for r in s.roles}
    top = s.levels[0].id
    kpis = [k.id for k in s.kpis]
    for i, o in enumerate(s.objectives):
        at = ("objectives", i)
        for j, t in enumerate(o.themes):
            if t not in themes:
                yield _unknown((*at, "themes", j), t, "theme", themes)
        for j, a in enumerate(o.advocates):
            if a not in roles:
                yield _unknown((*at, "advocates", j), a, "role", roles)
        for j, kr in enumerate(o.key_results):
            if kr.owner is not None and kr.owner not in roles:
                yield _unknown((*at, "key_results", j, "owner"), kr.owner, "role", roles)
            if kr.overlaps_kpi is not None and kr.overlaps_kpi not in kpis:
                yield _unknown(
                    (*at, "key_results", j, "overlaps_kpi"), kr.overlaps_kpi, "KPI", kpis
                )
        for role_id in o.translations:
            if role_id not in roles:
                yield Finding(
                    (*at, "translations", role_id),
                    _unknown((), role_id, "role", roles).message,
                    at_key=True,
                )
            elif roles[role_id].level == top:
                yield Finding(
                    (*at, "translations", role_id),
                    f"'{role_id}' is on the top level, which sets objectives instead of "
                    "translating them",
                    at_key=True,
                )
        kr_ids = [kr.id for kr in o.key_results]
        for j, t in enumerate(o.throwbacks):
            if t.role not in roles:
                yield _unknown((*at, "throwbacks", j, "role"), t.role, "role", roles)
            elif roles[t.role].level == top:
                yield Finding(
                    (*at, "throwbacks", j, "role"),
                    f"'{t.role}' is on the top level: only a lower level throws a constraint back",
                )
            if t.key_result is not None and t.key_result not in kr_ids:
                yield _unknown(
                    (*at, "throwbacks", j, "key_result"),
                    t.key_result,
                    "key result of this objective",
                    kr_ids,
                )


def check_kpis(s: Scenario) -> Iterator[Finding]:
    """KPI owners exist."""
    roles = [r.id for r in s.roles]
    for i, k in enumerate(s.kpis):
        if k.owner is not None and k.owner not in roles:
            yield _unknown(("kpis", i, "owner"), k.owner, "role", roles)


def check_events(s: Scenario) -> Iterator[Finding]:
    """Events strike existing key results or KPIs, inside the quarter."""
    targets = [k.id for k in s.kpis] + [kr.id for o in s.objectives for kr in o.key_results]
    for i, e in enumerate(s.events):
        if e.week is not None and e.week > s.quarter.weeks:
            yield Finding(
                ("events", i, "week"),
                f"week {e.week} is after the quarter's last week ({s.quarter.weeks})",
            )
        for j, fx in enumerate(e.effects):
            if fx.target not in targets:
                yield _unknown(
                    ("events", i, "effects", j, "target"), fx.target, "KPI or key result", targets
                )


def check_peers(s: Scenario) -> Iterator[Finding]:
    """Peers are roles; their pet priorities are candidate objectives."""
    roles = [r.id for r in s.roles]
    objectives = [o.id for o in s.objectives]
    for i, p in enumerate(s.peers):
        if p.role not in roles:
            yield _unknown(("peers", i, "role"), p.role, "role", roles)
        for j, pet in enumerate(p.pet_priorities):
            if pet not in objectives:
                yield _unknown(("peers", i, "pet_priorities", j), pet, "objective", objectives)


def check_quarter(s: Scenario) -> Iterator[Finding]:
    """KPI reviews fall inside the quarter."""
    for j, week in enumerate(s.quarter.kpi_review_weeks):
        if week > s.quarter.weeks:
            yield Finding(
                ("quarter", "kpi_review_weeks", j),
                f"week {week} is after the quarter's last week ({s.quarter.weeks})",
            )


CHECKS = (
    check_unique_ids,
    check_levels_and_roles,
    check_objectives,
    check_kpis,
    check_events,
    check_peers,
    check_quarter,
)


def check_references(s: Scenario) -> list[Finding]:
    """Every cross-reference problem in a structurally valid scenario."""
    return [finding for check in CHECKS for finding in check(s)]
