"""The tuning table: for a check of the invariant that fails, why it fails and what to tune.

One copy of the table lives here; docs/authoring.md, section 6 ("Reading a balance table, and
what to tune") prints the same rows (a test compares them), and `offsite balance` prints the
row that applies under each FAILS line (and `--json` carries it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One row of the tuning table."""

    check: str  # the failing check, as the table names it (Markdown)
    why: str
    tune: str

    def markdown(self) -> str:
        return f"| {self.check} | {self.why} | {self.tune} |"

    def plain(self) -> str:
        """The row as one line of text: what to tune, then why."""
        return f"tune: {_plain(self.tune)} (why it fails: {_plain(self.why)})"


def _plain(text: str) -> str:
    return text.replace("**", "").replace("`", "")


OUTCOME = {
    ("hider", "late"): Row(
        "good beats **hider** / **late** on outcome",
        "hidden problems never cost anything: nothing is at risk, or naming does not help",
        "make some key results `hard`; script an early event (weeks 2–5) against a key result a "
        "good team picks; keep `capacity` at 4–8 so corrections are possible but scarce",
    ),
    ("sandbagger",): Row(
        "good beats **sandbagger** on outcome",
        "false alarms cost nothing",
        "give people's seats key results that are usually on track (easy/medium), so crying "
        "wolf drains capacity (0.5 each) that was needed; lower `capacity` if it is plentiful",
    ),
    ("blamer",): Row(
        "good beats **blamer** on outcome",
        "blaming does not change what the peers report",
        "computer peers must own key results of the likely three with a willingness `candour − "
        "0.3 × status_sensitivity × pressure` between 0.2 and 0.7, where blame makes them name "
        "later (at 0.8 or more they stay honest whatever the room does)",
    ),
    ("copycat",): Row(
        "good beats **copycat** on outcome",
        "copying costs nothing",
        "put people below the top (they translate), give every objective real translation "
        "cards; make key results hard enough that +22% velocity decides hits",
    ),
    ("vague",): Row(
        "good beats **vague** on outcome",
        "the merge and the decoys are as good as the changes",
        "lower decoy impacts (1–4); raise the real changes' (6–9); give decoy key results less "
        "to move",
    ),
}
TOTAL = Row(
    "any rival on **total** only",
    "the component the rival loses is weighted too low",
    "check `scoring` weights; the Outcome checks are the ones to fix first",
)
NAMING = Row(
    "naming bad news costs standing",
    "nobody ever named bad news, or it cost nothing",
    "make something go wrong: harder key results or an early event; check that people own key "
    "results",
)
SHADING = Row(
    "good beats **optimist** / **amber** in 75% of single games",
    "shading a report up, or hedging, costs the business too rarely to see in one game",
    "more key results that sit near the on-track line (forecast 0.5–0.7): give people's seats "
    "`medium`/`hard` key results; keep `capacity` scarce so attention matters",
)
BYSTANDER = Row(
    "good beats **bystander** on outcome",
    "the room's reactions do not change what peers report",
    "computer peers must own key results the room picks, with willingness between 0.2 and 0.7 "
    '(see "Peers" in rules.md)',
)
NET = Row(
    "naming costs net standing through the check-in",
    "support pays back more than the naming cost",
    "this is the engine's rule (support returns at most half); it fails only when nothing is "
    "ever named — make something go wrong",
)
OUTCOME[("optimist", "amber")] = SHADING
OUTCOME[("bystander",)] = BYSTANDER
ROWS: tuple[Row, ...] = (*list(OUTCOME.values())[:5], TOTAL, NAMING, SHADING, BYSTANDER, NET)

_RIVAL = re.compile(r"^good (?:beats|does better than) (\w+) on (total|outcome)")


def row_for(check: str) -> Row | None:
    """The row of the table for a check, by its name as the verdict prints it; None if none."""
    if check.startswith("naming bad news costs standing"):
        return NAMING
    if check.startswith("naming costs net standing"):
        return NET
    found = _RIVAL.match(check)
    if not found:
        return None
    rival, component = found.groups()
    if component == "total":
        return TOTAL
    return next((row for rivals, row in OUTCOME.items() if rival in rivals), None)
