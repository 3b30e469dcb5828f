"""report.md: the debrief as Markdown, charts referenced as the PNG files beside it."""

from __future__ import annotations

import re

from game.engine.words import (
    COMPONENTS,
    SCORE_TITLES,
    STATUS_GLYPHS,
    percent,
    week_or,
)
from game.report.model import WATERMELON_SAID, KeyResultWeeks, Report, SessionReport

LEGEND = (
    "Each cell: what was reported (shape, confidence out of 10) → what was true (the owner's "
    "own forecast that week, read the same way). ● on track · ▲ at risk · ■ off track. "
    f"{WATERMELON_SAID} (computer): a role the computer played — its candour follows how the "
    "room met bad news."
)
METHOD = (
    "How: the simulation's forecast — the same chance each owner saw privately — after one "
    "corrective action, taken at the first check-in where an honest report would have named the "
    "key result (its forecast under 65%), against the same action in the week it was really "
    "named; never named, against its forecast at the last check-in, when nothing could be done."
)


# Characters that start Markdown or HTML inline: emphasis, code, links and images, raw HTML,
# autolinks, table cells, strikethrough. Escaped with a backslash (CommonMark allows it before
# any ASCII punctuation), so the text shows as written and never becomes markup.
_INLINE = re.compile(r"([\\`*_\[\]<>|~!#@])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # &lt; would show as <: keep the ampersand
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|www)([:.])")  # GitHub links bare URLs
_LINE_START = re.compile(r"^([-+=>])|^(\d+)([.)])")  # a list, a quote, a heading rule


def md(text: object, line_start: bool = True) -> str:
    """Text from a scenario, a session or a player, shown as text in Markdown: no HTML, no
    link, no emphasis, no new block (line breaks become spaces). With `line_start`, the text
    may begin a line, so a leading `-`, `>` or `1.` is escaped too (not needed in a cell)."""
    flat = " ".join(str(text).split())
    flat = _ENTITY.sub("&amp;", _INLINE.sub(r"\\\1", flat))
    flat = _AUTOLINK.sub(r"\1\\\2", flat)
    if not line_start:
        return flat
    return _LINE_START.sub(lambda m: "\\" + m[1] if m[1] else f"{m[2]}\\{m[3]}", flat)


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return md(text, line_start=False)


def reason_text(reason: str, name: str) -> str:
    """A score reason without its component's name ("-8 catchball: …")."""
    return reason.replace(f" {name}: ", " ", 1)


def owner(k: KeyResultWeeks) -> str:
    """The owner's role, marked when the computer played it."""
    return k.owner + (" (computer)" if k.played_by == "computer" else "")


def when(created: str) -> str:
    """The session's start, as a person reads it: 2026-11-23 17:40."""
    return created[:16].replace("T", " ")


def players(s: SessionReport) -> str:
    """Who played the people's seats."""
    return f"bot policy '{s.policy}'" if s.policy else "played by people"


def heading(s: SessionReport) -> list[str]:
    """The session's title line and what game it was."""
    played = f" · {md(when(s.created))}" if s.created else ""
    return [
        f"## {md(s.name)}",
        "",
        f"**{md(s.scenario_title)}** ({md(s.scenario)}) · seed {s.seed} · pressure "
        f"{md(s.pressure)} · {md(players(s))}{played} · {s.actions} actions · file "
        f"{md(s.file)} · state `{s.state_hash[:12]}`",
        "",
        md(s.headline()),
        "",
    ]


def scores(s: SessionReport) -> list[str]:
    """The four components and the total, with the reasons that moved each most."""
    lines = [
        "### Scores",
        "",
        f"![Scores per behaviour, 0–100]({s.charts['scores']})",
        "",
        "| | Score | Weight | What moved it most |",
        "|---|---:|---:|---|",
    ]
    for name in COMPONENTS:
        why = "; ".join(reason_text(r, name) for r in s.reasons[name]) or "Nothing lost."
        lines.append(
            f"| {SCORE_TITLES[name]} | {s.scores[name]:.1f} | {s.weights[name]:.0%} | {cell(why)} |"
        )
    lines += [f"| **Total** | **{s.scores['total']:.1f}** | | |", "", md(s.speed), ""]
    return lines


def questions(s: SessionReport) -> list[str]:
    """The three questions for each chosen objective, answered from what happened."""
    lines = ["### The three questions", ""]
    for n, q in enumerate(s.questions, start=1):
        lines += [f"#### {n}. {md(q.label)}", "", f"> {md(q.sentence)}", ""]
        for i, (asked, answer) in enumerate(q.asked, start=1):
            lines.append(f"{i}. **{asked}** {md(answer)}")
        lines.append("")
    return lines


def melon_cell(k: KeyResultWeeks, week: int) -> str:
    """Reported → true in one week of the grid."""
    c = k.cell(week)
    said = f"{STATUS_GLYPHS[c.reported]} {c.confidence}" if c.reported is not None else "–"
    true = f"{STATUS_GLYPHS[c.true]} {percent(c.forecast)}" if c.true is not None else "–"
    return f"{said} → {true}"


def outcome_word(k: KeyResultWeeks) -> str:
    """HIT / MISSED n%, with WATERMELON when it was one."""
    shape = STATUS_GLYPHS["on track" if k.hit else "off track"]
    return f"{shape} {k.verdict}"


def watermelon(s: SessionReport) -> list[str]:
    """Reported against true status, per key result and check-in."""
    lines = [
        "### Reported vs true: the watermelon chart",
        "",
        f"![Watermelon chart: reported (outer ring) against true (inside)]"
        f"({s.charts['watermelon']})",
        "",
        LEGEND,
        "",
        "| Key result | Owner | " + " | ".join(f"wk {w}" for w in s.grid_weeks) + " | Result |",
        "|---|---|" + "---|" * len(s.grid_weeks) + "---|",
    ]
    for k in s.key_results:
        weeks = " | ".join(melon_cell(k, w) for w in s.grid_weeks)
        lines.append(f"| {cell(k.label)} | {cell(owner(k))} | {weeks} | {outcome_word(k)} |")
    return [*lines, ""]


def timeline(s: SessionReport) -> list[str]:
    """When each problem was first named, against when it became certain to miss."""
    lines = [
        "### When was it first said out loud?",
        "",
        f"![First named against certain to miss]({s.charts['timeline']})",
        "",
        "| Key result | Owner | Could be named | Named | Certain to miss | Result |",
        "|---|---|---|---|---|---|",
    ]
    for k in s.key_results:
        named = week_or(k.named, "never" if k.warning is not None or not k.hit else "—")
        lines.append(
            f"| {cell(k.label)} | {cell(owner(k))} | {week_or(k.warning, '—')} | {named} | "
            f"{week_or(k.certain, '—')} | {outcome_word(k)} |"
        )
    return [*lines, ""]


def what_if(s: SessionReport) -> list[str]:
    """The counterfactuals: this game's key results, named earlier."""
    lines = ["### Had it been named earlier", ""]
    if not s.counterfactuals:
        return [*lines, "Every key result that missed was named as early as it could be.", ""]
    lines += [f"- {md(c.sentence())}" for c in s.counterfactuals]
    return [*lines, "", f"*{METHOD}*", ""]


def comparison(report: Report) -> list[str]:
    """The sessions side by side, best total first."""
    if not report.compared:
        return []
    heads = [SCORE_TITLES[n] for n in (*COMPONENTS, "total")]
    lines = [
        "## Comparison",
        "",
        f"![Scores side by side]({report.comparison_chart})",
        "",
        "| Team | Scenario | Seed | Played by | "
        + " | ".join(heads)
        + " | KRs hit | Watermelons |",
        "|---|---|---:|---|" + "---:|" * len(heads) + "---:|---:|",
    ]
    for s in report.compared:
        values = " | ".join(f"{s.scores[n]:.1f}" for n in (*COMPONENTS, "total"))
        lines.append(
            f"| {cell(s.name)} | {cell(s.scenario)} | {s.seed} | {cell(players(s))} | {values} | "
            f"{s.hits}/{len(s.key_results)} | {s.watermelons} |"
        )
    return [*lines, ""]


def title(report: Report) -> str:
    """The report's title: the scenario, or 'several scenarios'."""
    titles = sorted({s.scenario_title for s in report.sessions})
    return titles[0] if len(titles) == 1 else "several scenarios"


def render_markdown(report: Report) -> str:
    """report.md's text."""
    lines = [f"# Offsite debrief: {md(title(report))}", ""]
    lines += comparison(report)
    for s in report.sessions:
        lines += heading(s) + scores(s) + questions(s) + watermelon(s) + timeline(s) + what_if(s)
    return "\n".join(lines).rstrip("\n") + "\n"
