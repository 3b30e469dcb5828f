"""How much a scenario teaches: the headroom `good` leaves on each component (docs/authoring.md, 6).

The invariant says *whether* honesty pays; headroom says whether the scenario is hard enough to
teach anything. When `good` is at the ceiling (99 or more) on two or more components, or a margin
of the invariant holds only within noise of zero, the verdict says so and names the scenario
fields to change (a check that fails is the tuning table's: game.session.tuning). It reads a
finished `Balance` and plays nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CEILING = 99.0  # a mean score at or above this leaves nothing to learn on that component
NOISE = 0.5  # a margin whose 95% interval starts below this (in points) is within noise of zero
SCORED = ("focus", "translation", "candour", "outcome")
NAMES = {"focus": "Focus", "translation": "Translation", "candour": "Candour", "outcome": "Outcome"}
# What makes each component harder for a good team, naming the fields to change.
HARDER = {
    "focus": "add decoys that sound like strategy (objectives[].type kpi_target, kpi_bundle, "
    "maintenance, vague, each a pet priority of an influential peer)",
    "translation": "make the weaker cards tempting (objectives[].translations[] quality: "
    "misaligned, with the role's own pet work) and throw back more constraints "
    "(objectives[].throwbacks)",
    "candour": "make key results harder (objectives[].key_results[].difficulty: hard) and raise "
    "event risk (events[].week 2–5 with velocity -0.3 on the key results a good team picks)",
    "outcome": "make key results harder (objectives[].key_results[].difficulty) and keep "
    "capacity scarce (quarter.capacity 4–8)",
}


@dataclass(frozen=True)
class Component:
    """good's mean on one component and what is left above it."""

    name: str
    mean: float
    headroom: float
    at_ceiling: bool


@dataclass
class Headroom:
    """The headroom of every component and the thin margins, with the verdict in words."""

    components: list[Component] = field(default_factory=list)
    thin: list[str] = field(default_factory=list)  # checks that hold, but within noise of zero

    @property
    def too_easy(self) -> bool:
        """Two or more components at the ceiling, or a margin within noise of zero."""
        return sum(c.at_ceiling for c in self.components) >= 2 or bool(self.thin)

    def verdict(self) -> str:
        """One paragraph: how much the scenario teaches, and what to change."""
        top = [c for c in self.components if c.at_ceiling]
        if not self.too_easy:
            return (
                "Headroom: good leaves room on every component and every margin clears the "
                "noise; the scenario has teeth: it teaches."
            )
        parts = []
        if len(top) >= 2:
            names = " and ".join([", ".join(NAMES[c.name] for c in top[:-1]), NAMES[top[-1].name]])
            scores = ", ".join(f"{c.mean:.1f}" for c in top)
            fixes = "; ".join(HARDER[c.name] for c in top)
            parts.append(
                f"too easy: good scores {scores} on {names}, so the room gets those right "
                f"without having to learn anything and the scenario teaches little there; {fixes}"
            )
        if self.thin:
            parts.append(
                "within noise of zero: "
                + ", ".join(self.thin)
                + " (the lesson is too thin to see in one game: try --runs 400; if it stays "
                "thin, see the tuning table)"
            )
        parts[1:] = [p[0].upper() + p[1:] for p in parts[1:]]
        return "Headroom: " + ". ".join(parts) + "."

    def as_json(self) -> dict:
        """The --json shape under "headroom"."""
        return {
            "too_easy": self.too_easy,
            "components": {
                c.name: {
                    "good": round(c.mean, 3),
                    "headroom": round(c.headroom, 3),
                    "at_ceiling": c.at_ceiling,
                }
                for c in self.components
            },
            "thin_margins": self.thin,
            "verdict": self.verdict(),
        }


def headroom(result) -> Headroom:
    """The headroom of a `Balance` result (game.session.balance)."""
    good = result.policies.get("good", {})
    out = Headroom()
    for name in SCORED:
        if name in good:
            mean = good[name][0]
            out.components.append(Component(name, mean, 100.0 - mean, mean >= CEILING))
    out.thin = [
        c.name
        for c in result.checks
        if c.name.startswith("good beats") and c.holds and c.ci95[0] < NOISE
    ]
    return out
