"""report.html: one self-contained page to send to the client.

Inline CSS, charts embedded as `data:image/png;base64,…`, no script and no outside resource, so
it reads the same in a browser, attached to an e-mail, or printed. Every chart's content is also
in a table beside it, and every status is a shape, a word and a colour (Okabe–Ito palette).
"""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Mapping
from html import escape

from game.engine.words import (
    COMPONENTS,
    SCORE_TITLES,
    STATUS_GLYPHS,
    STATUSES,
    percent,
    week_or,
)
from game.report.markdown import METHOD, owner, players, reason_text, title, when
from game.report.model import WATERMELON_SAID, KeyResultWeeks, Report, SessionReport

CLASSES = {"on track": "on", "at risk": "risk", "off track": "off"}  # the stylesheet's names

CSS = """
body{margin:0;background:#F4F1EA;color:#17191C;
 font:16px/1.5 "Segoe UI","Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px 32px;background:#FFFFFF}
h1{color:#005A8C;margin:0 0 4px}h2{border-top:3px solid #005A8C;padding-top:16px;margin-top:40px}
h3{margin-top:32px}h4{margin:20px 0 4px}
.meta,figcaption,.note{color:#464B52;font-size:14px}
.headline{font-size:18px;background:#E3EEF7;padding:10px 14px;border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0}
th,td{border:1px solid #D6D3CC;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#F4F1EA}td.n{text-align:right;white-space:nowrap}td.c{white-space:nowrap}
tr.melon td{background:#FBEEF5}tr.total td{font-weight:bold}
.s{font-size:1.15em}.on{color:#009E73}.risk{color:#E69F00}.off{color:#D55E00}
img{max-width:100%;height:auto;border:1px solid #D6D3CC}figure{margin:12px 0}
blockquote{margin:0 0 8px;padding-left:12px;border-left:4px solid #D6D3CC;color:#464B52}
ol.q li{margin-bottom:6px}ul.whatif li{margin-bottom:8px}
@media print{body{background:#FFFFFF}main{max-width:none;padding:0}
 section~section{break-before:page}}
""".strip()


RIGHT_TO_LEFT = frozenset(("R", "AL", "AN"))  # Unicode bidirectional classes that run right to left


def text(value: object) -> str:
    """Text from a scenario, a session or a player, escaped; when it holds right-to-left
    letters, isolated in <bdi> so that it cannot reorder the words around it."""
    value = str(value)
    escaped = escape(value)
    if value.isascii() or not any(unicodedata.bidirectional(c) in RIGHT_TO_LEFT for c in value):
        return escaped
    return f"<bdi>{escaped}</bdi>"


def shape(state: str) -> str:
    """A status as a coloured shape, named for screen readers and on hover."""
    return (
        f'<span class="s {CLASSES[state]}" role="img" aria-label="{state}" title="{state}">'
        f"{STATUS_GLYPHS[state]}</span>"
    )


def legend() -> str:
    """What the shapes mean: shape, word and colour together."""
    items = " &nbsp; ".join(f"{shape(s)} {s.upper()}" for s in STATUSES)
    return (
        f"<p class=note>{items} — each cell: what was reported (confidence out of 10) → what "
        f"was true (the owner's own forecast that week). {text(WATERMELON_SAID)} Its row is "
        "pink. (computer): a role the computer played — its candour follows how the room met "
        "bad news.</p>"
    )


def figure(images: Mapping[str, bytes], name: str | None, caption: str) -> str:
    """A chart as an embedded image (nothing when it was not drawn)."""
    data = images.get(name or "")
    if not data:
        return ""
    src = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    alt = escape(caption, quote=True)
    return (
        f'<figure><img src="{src}" alt="{alt}"><figcaption>{escape(caption)}</figcaption></figure>'
    )


def table(heads: list[str], rows: list[str]) -> str:
    """A table from escaped header texts and ready-made <tr> rows."""
    head = "".join(f"<th>{h}</th>" for h in heads)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def result(k: KeyResultWeeks) -> str:
    """HIT / MISSED n% with its shape, and WATERMELON when it was one."""
    word = text(k.result) + (" · <strong>WATERMELON</strong>" if k.watermelon else "")
    return f"{shape('on track' if k.hit else 'off track')} {word}"


def scores(s: SessionReport, images: Mapping[str, bytes]) -> str:
    """Scores per behaviour with the reasons that moved them."""
    rows = []
    for name in COMPONENTS:
        why = "<br>".join(text(reason_text(r, name)) for r in s.reasons[name])
        rows.append(
            f"<tr><td>{SCORE_TITLES[name]}</td><td class=n>{s.scores[name]:.1f}</td>"
            f"<td class=n>{s.weights[name]:.0%}</td><td>{why or 'Nothing lost.'}</td></tr>"
        )
    rows.append(f"<tr class=total><td>Total</td><td class=n>{s.scores['total']:.1f}</td><td></td>")
    rows[-1] += "<td></td></tr>"
    return (
        "<h3>Scores</h3>"
        + figure(images, s.charts.get("scores"), "Scores per behaviour, 0–100")
        + table(["", "Score", "Weight", "What moved it most"], rows)
        + f"<p class=note>{text(s.speed)}</p>"
    )


def questions(s: SessionReport) -> str:
    """The three questions for each chosen objective."""
    parts = ["<h3>The three questions</h3>"]
    for n, q in enumerate(s.questions, start=1):
        items = "".join(
            f"<li><strong>{text(asked)}</strong> {text(answer)}</li>" for asked, answer in q.asked
        )
        parts.append(
            f"<h4>{n}. {text(q.label)}</h4><blockquote>{text(q.sentence)}</blockquote>"
            f"<ol class=q>{items}</ol>"
        )
    return "".join(parts)


def melon_cell(k: KeyResultWeeks, week: int) -> str:
    """Reported → true in one week of the grid, with a tooltip in words."""
    c = k.cell(week)
    if c.true is None or c.forecast is None:
        return "<td class=c>–</td>"
    truth = f"{shape(c.true)} {escape(percent(c.forecast))}"
    if c.reported is None:  # the quarter's end: only the truth
        tip = f"no report; true: {c.true} (forecast {percent(c.forecast)})"
        return f'<td class=c title="{escape(tip, quote=True)}">– → {truth}</td>'
    tip = (
        f"reported {c.reported} ({c.confidence}/10); true: {c.true} "
        f"(forecast {percent(c.forecast)})"
    )
    return (
        f'<td class=c title="{escape(tip, quote=True)}">{shape(c.reported)} {c.confidence} → '
        f"{truth}</td>"
    )


def watermelon(s: SessionReport, images: Mapping[str, bytes]) -> str:
    """Reported against true status, per key result and check-in."""
    rows = [
        f"<tr{' class=melon' if k.watermelon else ''}><td>{text(k.label)}</td>"
        f"<td>{text(owner(k))}</td>{''.join(melon_cell(k, w) for w in s.grid_weeks)}"
        f"<td>{result(k)}</td></tr>"
        for k in s.key_results
    ]
    heads = ["Key result", "Owner", *(f"wk {w}" for w in s.grid_weeks), "Result"]
    caption = "Watermelon chart: outer ring what was reported, inside what was true"
    return (
        "<h3>Reported vs true: the watermelon chart</h3>"
        + figure(images, s.charts.get("watermelon"), caption)
        + legend()
        + table(heads, rows)
    )


def timeline(s: SessionReport, images: Mapping[str, bytes]) -> str:
    """When each problem was first named, against when it became certain to miss."""
    rows = []
    for k in s.key_results:
        named = week_or(k.named, "never" if k.warning is not None or not k.hit else "—")
        rows.append(
            f"<tr{' class=melon' if k.watermelon else ''}><td>{text(k.label)}</td>"
            f"<td>{text(owner(k))}</td><td class=c>{week_or(k.warning, '—')}</td>"
            f"<td class=c>{'<strong>never</strong>' if named == 'never' else named}</td>"
            f"<td class=c>{week_or(k.certain, '—')}</td><td>{result(k)}</td></tr>"
        )
    heads = ["Key result", "Owner", "Could be named", "Named", "Certain to miss", "Result"]
    return (
        "<h3>When was it first said out loud?</h3>"
        + figure(images, s.charts.get("timeline"), "First named against certain to miss")
        + table(heads, rows)
    )


def what_if(s: SessionReport) -> str:
    """The counterfactuals, in this game's words."""
    head = "<h3>Had it been named earlier</h3>"
    if not s.counterfactuals:
        return head + "<p>Every key result that missed was named as early as it could be.</p>"
    items = "".join(f"<li>{text(c.sentence())}</li>" for c in s.counterfactuals)
    return head + f"<ul class=whatif>{items}</ul><p class=note>{escape(METHOD)}</p>"


def session(s: SessionReport, images: Mapping[str, bytes]) -> str:
    """One game's debrief."""
    meta = (
        f"{text(s.scenario_title)} ({text(s.scenario)}) · seed {s.seed} · pressure "
        f"{text(s.pressure)} · {text(players(s))}"
        + (f" · {text(when(s.created))}" if s.created else "")
        + f" · {s.actions} actions · file {text(s.file)} · state {s.state_hash[:12]}"
    )
    return (
        f"<section><h2>{text(s.name)}</h2><p class=meta>{meta}</p>"
        f"<p class=headline>{text(s.headline())}</p>"
        + scores(s, images)
        + questions(s)
        + watermelon(s, images)
        + timeline(s, images)
        + what_if(s)
        + "</section>"
    )


def comparison(report: Report, images: Mapping[str, bytes]) -> str:
    """The sessions side by side, best total first."""
    if not report.compared:
        return ""
    names = (*COMPONENTS, "total")
    rows = [
        f"<tr><td>{text(s.name)}</td><td>{text(s.scenario)}</td><td class=n>{s.seed}</td>"
        f"<td>{text(players(s))}</td>"
        + "".join(f"<td class=n>{s.scores[n]:.1f}</td>" for n in names)
        + f"<td class=n>{s.hits}/{len(s.key_results)}</td><td class=n>{s.watermelons}</td></tr>"
        for s in report.compared
    ]
    heads = ["Team", "Scenario", "Seed", "Played by", *(SCORE_TITLES[n] for n in names)]
    return (
        "<section><h2>Comparison</h2>"
        + figure(images, report.comparison_chart, "Scores side by side")
        + table([*heads, "KRs hit", "Watermelons"], rows)
        + "</section>"
    )


def render_html(report: Report, images: Mapping[str, bytes] | None = None) -> str:
    """report.html's text; `images` maps each chart's file name to its PNG bytes."""
    images = images or {}
    heading = f"Offsite debrief: {title(report)}"
    body = comparison(report, images) + "".join(session(s, images) for s in report.sessions)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(heading)}</title><style>{CSS}</style></head>\n<body><main>"
        f"<h1>Offsite debrief: {text(title(report))}</h1>"
        "<p class=meta>The scores per behaviour, the three questions for each objective, what "
        "was reported against what was true, and what naming problems earlier would have "
        "given — from what happened in the game.</p>"
        f"{body}</main></body></html>\n"
    )
