"""The skeleton `offsite new` writes: Example Co., with the levels and roles the designer asks for.

The text lives in builtin/skeleton.yaml.tmpl; the parts that depend on the organisation (the
levels, the roles, every objective's translation cards and the peers) are written here, from
builtin/skeleton_parts.json (Example Co.'s own roles, cards and peers). The designer's roles take
the places of Example Co.'s: the first top role is the chief executive's, the roles on the second
level take the three leads' in turn (their cards, key results and throwbacks). Every objective ×
role below the top that has no card of Example Co.'s gets a commented slot to fill in, which
`offsite validate` lists until it is written.

Every text value is written in double quotes (docs/authoring.md, "Portable YAML"), so the file
reads the same in every YAML tool and a `,` or `: ` in a sentence can never split it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

TEMPLATE = "skeleton.yaml.tmpl"
PARTS = "skeleton_parts.json"
MAX_LEVELS = 5

# Level ids and titles `--levels N` uses, from the top down.
LEVELS = (
    ("top", "Chief executive"),
    ("leads", "Leadership team"),
    ("managers", "Managers"),
    ("teams", "Team leads"),
    ("front_line", "Front line"),
)
EXAMPLE_TOP = "ceo"
EXAMPLE_LEADS = ("sales_lead", "service_lead", "finance_lead")
# Example Co.'s role on each level below the leads, when no --roles are given.
EXAMPLE_DEEPER = (
    ("engineer", "Field Engineer"),
    ("apprentice", "Apprentice Engineer"),
    ("trainee", "Trainee Engineer"),
)
TODO = "TODO:"  # placeholder text starts with this; lint flags it until it is written


@dataclass(frozen=True)
class LevelSpec:
    """One level of the organisation."""

    id: str
    title: str


@dataclass(frozen=True)
class RoleSpec:
    """One role asked for: its level is an index into the levels, 0 at the top."""

    id: str
    title: str
    level: int
    reports_to: str | None = None


def q(text: str) -> str:
    """Text as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def parts() -> dict[str, Any]:
    """Example Co.'s roles, cards and peers."""
    path = resources.files("game.scenario") / "builtin" / PARTS
    return json.loads(path.read_text(encoding="utf-8"))


def default_levels(n: int) -> list[LevelSpec]:
    """The first `n` levels of `LEVELS`."""
    return [LevelSpec(i, t) for i, t in LEVELS[:n]]


def default_roles(n_levels: int) -> list[RoleSpec]:
    """Example Co.'s roles, with one more on each level below the leads."""
    roles = [RoleSpec(EXAMPLE_TOP, "Chief Executive", 0)]
    titles = {r["id"]: r["title"] for r in parts()["roles"]}
    roles += [RoleSpec(r, titles[r], 1) for r in EXAMPLE_LEADS]
    above = "service_lead"
    for depth in range(2, n_levels):
        role_id, title = EXAMPLE_DEEPER[depth - 2]
        roles.append(RoleSpec(role_id, title, depth, above))
        above = role_id
    return roles


def complete(roles: list[RoleSpec]) -> list[RoleSpec]:
    """Every role below the top with its reports_to: the first role on the level above."""
    first_on: dict[int, str] = {}
    for r in roles:
        first_on.setdefault(r.level, r.id)
    return [
        r
        if r.reports_to or r.level == 0
        else RoleSpec(r.id, r.title, r.level, first_on[r.level - 1])
        for r in roles
    ]


@dataclass
class Cast:
    """Which of the designer's roles takes each Example Co. role's place."""

    levels: list[LevelSpec]
    roles: list[RoleSpec]

    def __post_init__(self) -> None:
        top = [r.id for r in self.roles if r.level == 0]
        leads = [r.id for r in self.roles if r.level == 1]
        self.stands_for: dict[str, str] = {EXAMPLE_TOP: top[0]}
        for i, lead in enumerate(EXAMPLE_LEADS):
            self.stands_for[lead] = leads[i % len(leads)]
        # Whose cards and peer profile each designer's role gets (none for the others).
        self.borrows: dict[str, str] = {top[0]: EXAMPLE_TOP}
        for i, role in enumerate(leads[: len(EXAMPLE_LEADS)]):
            self.borrows[role] = EXAMPLE_LEADS[i]

    def rename(self, text: str) -> str:
        """Example Co.'s role ids in the template's text, as the designer's (lists deduplicated)."""
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, self.stands_for)) + r")\b")

        def one_list(m: re.Match[str]) -> str:
            items = [
                pattern.sub(lambda x: self.stands_for[x.group(1)], i.strip())
                for i in m[1].split(",")
            ]
            return "[" + ", ".join(dict.fromkeys(items)) + "]"

        text = re.sub(r"\[([a-z0-9_, ]+)\]", one_list, text)
        return pattern.sub(lambda x: self.stands_for[x.group(1)], text)


def _levels(cast: Cast) -> str:
    return "".join(f"  - {{id: {lv.id}, title: {q(lv.title)}}}\n" for lv in cast.levels)


def _played_by(cast: Cast, r: RoleSpec) -> str:
    """People hold the top, every deeper role and the first two leads (only the first when there
    are two, so that one computer peer is left); the computer plays the other leads.

    A person on the second lead's place owns a key result that is usually on track (the vans,
    a milestone): that is where crying wolf costs the business, without which `sandbagger`
    scores what `good` does and the balance check fails (docs/authoring.md, section 6)."""
    if r.level == 1:
        leads = [x.id for x in cast.roles if x.level == 1]
        people = max(1, min(2, len(leads) - 1))
        return "person" if r.id in leads[:people] else "computer"
    return "person"


def _vocabulary(r: RoleSpec) -> str:
    words = [w for w in re.findall(r"[a-z]+", r.title.lower()) if len(w) > 2 and w != "and"]
    words = list(dict.fromkeys([*words, "team", "plan", "week"]))
    return "[" + ", ".join(words[:6]) + "]"


def _roles(cast: Cast, example: dict[str, dict[str, Any]]) -> str:
    out = []
    for r in cast.roles:
        out.append(
            f"  - id: {r.id}\n    title: {q(r.title)}\n    level: {cast.levels[r.level].id}\n"
        )
        if r.reports_to:
            out.append(f"    reports_to: {r.reports_to}\n")
        out.append(f"    played_by: {_played_by(cast, r)}\n")
        borrowed = example.get(cast.borrows.get(r.id, ""))
        if borrowed:
            out.append(f"    vocabulary: [{', '.join(borrowed['vocabulary'])}]\n")
        else:
            out.append(
                f"    vocabulary: {_vocabulary(r)}    # the words of this role's work: replace\n"
            )
    return "".join(out)


def card_line(card: dict[str, Any], indent: str) -> str:
    """One translation card, in the skeleton's quoted flow form."""
    return (
        f"{indent}- {{label: {q(card['label'])}, sentence: {q(card['sentence'])}, "
        f"quality: {card['quality']}}}\n"
    )


def todo_cards(role_id: str, title: str) -> list[dict[str, str]]:
    """The two placeholder cards of a slot: a real translation and a weaker one to write."""
    return [
        {
            "label": f"{TODO} a real translation",
            "sentence": f"{TODO} what the {title} will do differently for this objective, "
            "in the role's own words.",
            "quality": "translation",
        },
        {
            "label": f"{TODO} a tempting weaker card",
            "sentence": f"{TODO} a slogan the {title} might say, or real work for something else.",
            "quality": "vague",
        },
    ]


def slot(role: RoleSpec, indent: str) -> str:
    """A commented card slot for a role with no cards yet."""
    lines = [
        f"{indent}# {role.id} ({role.title}) has no cards here yet: write one real translation",
        f"{indent}# and one weaker card (vague or misaligned), then delete the '# ' in front",
        f"{indent}# (docs/authoring.md, section 4). Until then `offsite validate` lists it.",
        f"{indent}# {role.id}:",
    ]
    body = "".join(card_line(c, "  ") for c in todo_cards(role.id, role.title))
    lines += [f"{indent}# {row}" for row in body.splitlines()]
    return "".join(f"{row}\n" for row in lines)


def _translations(cast: Cast, objective: str, cards: dict[str, dict[str, list]]) -> str:
    written, slots = [], []
    for r in cast.roles:
        if r.level == 0:
            continue
        example = cards.get(objective, {}).get(cast.borrows.get(r.id, ""), [])
        if example:
            written.append(f"      {r.id}:\n" + "".join(card_line(c, "        ") for c in example))
        else:
            slots.append(slot(r, "      "))
    head = "    translations:\n" if written else "    # translations:    (delete the '# ' too)\n"
    return head + "".join(written) + "".join(slots)


def _peer_lines(lines: dict[str, list[str]]) -> str:
    return "".join(
        f"      {moment}: [{', '.join(q(s) for s in said)}]\n" for moment, said in lines.items()
    )


GENERIC_PEER: dict[str, Any] = {
    "candour": 0.7,
    "status_sensitivity": 0.5,
    "influence": 0.5,
    "pet_priorities": [],
    "lines": {
        "support": ["Thank you for telling me now. What do you need?"],
        "challenge": ["What would have to be true for that to move?"],
        "blame": ["We should have heard about this weeks ago."],
        "bad_news": ["We are behind on this, and I can say why."],
        "good_news": ["On track, and the numbers say so."],
        "advocate": ["This is the one that changes how we work."],
    },
}


def _peers(cast: Cast, example: dict[str, dict[str, Any]]) -> str:
    out = []
    for r in cast.roles:
        peer = example.get(cast.borrows.get(r.id, ""), GENERIC_PEER)
        pets = "[" + ", ".join(peer["pet_priorities"]) + "]"
        out.append(
            f"  - role: {r.id}\n"
            f"    candour: {peer['candour']}\n"
            f"    status_sensitivity: {peer['status_sensitivity']}\n"
            f"    influence: {peer['influence']}\n"
            f"    pet_priorities: {pets}\n"
            "    lines:\n" + _peer_lines(peer["lines"])
        )
    return "".join(out)


def render(
    name: str,
    title: str,
    levels: list[LevelSpec] | None = None,
    roles: list[RoleSpec] | None = None,
) -> str:
    """The skeleton scenario for these levels and roles (Example Co.'s two levels by default)."""
    levels = levels or default_levels(2)
    roles = complete(roles or default_roles(len(levels)))
    cast = Cast(levels, roles)
    data = parts()
    example_roles = {r["id"]: r for r in data["roles"]}
    example_peers = {p["role"]: p for p in data["peers"]}
    template = resources.files("game.scenario") / "builtin" / TEMPLATE
    text = cast.rename(template.read_text(encoding="utf-8"))
    text = text.replace('"{{title}}"', q(title)).replace("{{title}}", title)
    text = text.replace("{{id}}", name)
    text = text.replace("{{levels}}\n", _levels(cast))
    text = text.replace("{{roles}}\n", _roles(cast, example_roles))
    text = text.replace("{{peers}}\n", _peers(cast, example_peers))
    return re.sub(
        r"\{\{translations:(\w+)\}\}\n",
        lambda m: _translations(cast, m.group(1), data["cards"]),
        text,
    )


def slots_of(text: str) -> int:
    """How many commented card slots a rendered skeleton holds."""
    return len(re.findall(r"(?m)^\s*# \w+:\n\s*#   - \{label: \"TODO:", text))
