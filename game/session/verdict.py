"""The checks of the invariant (docs/scoring.md, "The invariant, and the balance check").

A rule says what must hold for one rival (or for naming bad news) and how to read it from the
games played; `judge` turns a rule and its numbers into a line of the verdict. With `z` None it
judges a fixed number of games (95% intervals); with a `z` it is one look of the sequential
rule, and a check is *decided* only when its interval clears the threshold on one side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from game.session.stats import mean_ci, share_ci

# Rivals `good` must beat on total and outcome (95% CI of the paired margin above zero) …
RIVALS = ("hider", "late", "sandbagger", "blamer", "copycat", "vague", "optimist", "bystander")
RIVALS += ("amber",)
# … and, for these, on outcome in at least this share of single games (the same seed).
STRICT = ("hider", "late", "sandbagger", "blamer", "optimist", "bystander", "amber")
SINGLE_GAME_SHARE = 0.75
# Pressures at which naming must cost net standing through the end of its check-in.
NET_COST_PRESSURES = ("normal", "high")


@dataclass
class Check:
    """One line of the verdict."""

    name: str
    holds: bool
    margin: float  # a mean margin, or a share for a single-game check
    ci95: tuple[float, float]  # its interval (95%, or the sequential rule's)
    policy: str = "good"  # the rival it is about ("good" for the naming checks)
    decided: bool = True  # False: the sequential rule reached its cap without deciding
    games: int = 0  # paired games (or namings) it was judged on
    unit: str = "margin"  # "share" for a single-game check


@dataclass(frozen=True)
class Rule:
    """What one check requires. `kind`: 'above' (mean > threshold), 'below' (mean <
    threshold), 'share' (share of values > 0 at least threshold), 'all' (every value > 0)."""

    name: str
    kind: str
    threshold: float
    policy: str
    values: Callable[[dict], list[float]]


def _margins(rival: str, comp: str) -> Callable[[dict], list[float]]:
    def values(games: dict) -> list[float]:
        good, other = games["good"], games[rival]
        return [good[s].scores[comp] - other[s].scores[comp] for s in sorted(other) if s in good]

    return values


def _naming(attr: str) -> Callable[[dict], list[float]]:
    def values(games: dict) -> list[float]:
        return [c for s in sorted(games["good"]) for c in getattr(games["good"][s], attr)]

    return values


def rules(rivals: list[str], strict: list[str], pressure: str) -> list[Rule]:
    """Every check, in the order the verdict prints them."""
    out: list[Rule] = []
    for rival in rivals:
        for comp in ("total", "outcome"):
            out.append(
                Rule(f"good beats {rival} on {comp}", "above", 0.0, rival, _margins(rival, comp))
            )
        if rival in strict:
            out.append(
                Rule(
                    f"good does better than {rival} on outcome in "
                    f"≥ {SINGLE_GAME_SHARE:.0%} of single games",
                    "share",
                    SINGLE_GAME_SHARE,
                    rival,
                    _margins(rival, "outcome"),
                )
            )
    out.append(
        Rule(
            "naming bad news costs standing that week", "all", 0.0, "good", _naming("naming_costs")
        )
    )
    if pressure in NET_COST_PRESSURES:
        out.append(
            Rule(
                "naming costs net standing through the end of its check-in",
                "below",
                0.0,
                "good",
                _naming("naming_net"),
            )
        )
    return out


def judge(rule: Rule, values: list[float], z: float | None = None) -> Check:
    """One check on the values so far: fixed-N when `z` is None, else one sequential look."""
    n = len(values)
    if rule.kind == "all":
        # A naming that gains standing at the report is a counterexample: decided at once.
        bad = [v for v in values if v <= 0]
        m, ci = mean_ci(values) if values else (0.0, (0.0, 0.0))
        return Check(rule.name, bool(values) and not bad, m, ci, rule.policy, True, n)
    if not values:
        return Check(rule.name, False, 0.0, (0.0, 0.0), rule.policy, z is None, 0)
    if rule.kind == "share":
        wins = sum(1 for v in values if v > 0)
        p, ci = share_ci(wins, n, 1.96 if z is None else z)
        if z is None:
            return Check(rule.name, p >= rule.threshold, p, ci, rule.policy, True, n, "share")
        holds, decided = ci[0] >= rule.threshold, ci[0] >= rule.threshold or ci[1] < rule.threshold
        return Check(rule.name, holds, p, ci, rule.policy, decided, n, "share")
    m, ci = mean_ci(values, z)
    if rule.kind == "above":
        holds, fails = ci[0] > rule.threshold, ci[1] <= rule.threshold
    else:
        holds, fails = ci[1] < rule.threshold, ci[0] >= rule.threshold
    return Check(rule.name, holds, m, ci, rule.policy, z is None or holds or fails, n)
