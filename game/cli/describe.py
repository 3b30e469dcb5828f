"""`offsite describe [SCENARIO]`: validate a scenario and tell what it holds."""

from __future__ import annotations

import argparse
from collections import Counter

from game.cli.common import FAILED, OK, add_scenario_argument, load_or_report, print_json
from game.scenario import Scenario, scenario_hash


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register the subcommand."""
    p = commands.add_parser(
        "describe",
        help="validate a scenario and summarise the company, roles, KPIs and candidates",
        description="Validate a scenario and print what it holds: the company, the strategy, "
        "the roles by level, the KPIs with their bands and the candidate objectives.",
    )
    add_scenario_argument(p)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(run=run)


def summary(s: Scenario) -> dict[str, object]:
    """The facts `describe` prints."""
    return {
        "id": s.meta.id,
        "title": s.meta.title,
        "version": s.meta.version,
        "hash": scenario_hash(s),
        "company": s.company.name,
        "strategy": s.company.strategy,
        "levels": {lv.title: [r.title for r in s.roles_on(lv.id)] for lv in s.levels},
        "kpis": len(s.kpis),
        "objectives": dict(Counter(o.type for o in s.objectives)),
        "key_results": sum(len(o.key_results) for o in s.objectives),
        "translation_cards": sum(len(c) for o in s.objectives for c in o.translations.values()),
        "events": len(s.events),
        "peers": len(s.peers),
        "warmup_cards": len(s.warmup),
        "weeks": s.quarter.weeks,
    }


def run(args: argparse.Namespace) -> int:
    """Print the summary."""
    s = load_or_report(args.scenario)
    if s is None:
        return FAILED
    if args.json:
        print_json(summary(s))
        return OK
    print(
        f"{s.meta.title} (scenario '{s.meta.id}' v{s.meta.version}, "
        f"~{s.meta.estimated_minutes} min)"
    )
    print(f"\n{s.company.name}\n{s.company.story}\n\nStrategy: {s.company.strategy}")
    print("Themes: " + "; ".join(t.name for t in s.company.themes))
    print("\nRoles")
    for lv in s.levels:
        roles = ", ".join(
            f"{r.title}{' (person)' if r.played_by == 'person' else ''}" for r in s.roles_on(lv.id)
        )
        print(f"  {lv.title}: {roles}")
    print("\nKPI dashboard")
    for k in s.kpis:
        inside = k.band.low <= k.current <= k.band.high
        print(
            f"  {k.name:<32} {k.current:g} {k.unit:<8} band {k.band.low:g}–{k.band.high:g}"
            f"  {'in band' if inside else 'OUT OF BAND'}"
        )
    print(f"\nCandidate objectives ({len(s.objectives)}; the team must lock three)")
    for o in s.objectives:
        print(f"  - {o.label}")
    kinds = summary(s)
    print(
        f"\n{kinds['key_results']} key results, {kinds['translation_cards']} translation cards, "
        f"{len(s.events)} events, {len(s.peers)} peers, {len(s.warmup)} warm-up cards; "
        f"a {s.quarter.weeks}-week quarter with a check-in {every_weeks(s.quarter.checkin_every)}."
    )
    return OK


def every_weeks(n: int) -> str:
    """'every week', 'every 2 weeks' (never 'every 1 week(s)')."""
    return "every week" if n == 1 else f"every {n} weeks"
