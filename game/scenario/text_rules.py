"""What text may hold: the one character rule for scenario files, typed text and session headers.

Text in Offsite is data shown to people — on the projector, on phones, in reports and in a
terminal. So it may not hold characters that are invisible or that steer how other text is
shown: control characters (C0, DEL, C1; a line break and a tab only where long text allows
them), bidirectional controls (overrides, embeddings, isolates and marks: they reorder the text
around them), invisible format characters (zero-width spaces, joiners out of place, the byte
order mark, soft hyphens, ...), line and paragraph separators, lone surrogates, private-use
code points and noncharacters. Right-to-left scripts, combining marks and emoji — including
emoji sequences joined with U+200D or tagged flags — are ordinary text and stay allowed.

The scenario model applies `text_problem` to every text field (docs/scenario-format.md, "What
text may hold"); the engine applies it to typed translations; the session layer to team names;
the command line escapes whatever `unsafe` flags (docs/sessions.md for old files).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

LINE_BREAKS = frozenset("\n\t")  # allowed in long text only
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: fine between two visible characters
BLACK_FLAG, TAGS, CANCEL_TAG = "\U0001f3f4", range(0xE0020, 0xE007F), "\U000e007f"
# Format characters that print as a visible sign (Arabic number signs and the like).
VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2")
VISIBLE_FORMAT |= frozenset("\U000110bd\U000110cd")


@dataclass(frozen=True)
class Offence:
    """One character text may not hold: where it is, what it is and what to do instead."""

    index: int  # 0-based position in the text
    char: str
    why: str  # what the character does
    fix: str  # how to mend the text

    @property
    def name(self) -> str:
        """`U+202E RIGHT-TO-LEFT OVERRIDE`: the code point and its Unicode name."""
        return code_point(self.char)

    def __str__(self) -> str:
        return f"{self.name} (character {self.index + 1}) {self.why}: {self.fix}"


def code_point(ch: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`, or the control's usual name (`U+001B ESCAPE`)."""
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ord(ch), "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}


def _visible(ch: str) -> bool:
    return unicodedata.category(ch)[0] not in "CZ"


def _is_tag(ch: str) -> bool:
    return ord(ch) in TAGS or ch == CANCEL_TAG


def _in_tag_sequence(text: str, i: int) -> bool:
    """Whether the tag at `i` belongs to a flag: U+1F3F4, tags, then U+E007F CANCEL TAG."""
    start, end = i, i
    while start > 0 and _is_tag(text[start - 1]):
        start -= 1
    while end + 1 < len(text) and _is_tag(text[end + 1]):
        end += 1
    run = text[start:end]  # the tags before the last one, which must cancel
    return (
        start > 0
        and text[start - 1] == BLACK_FLAG
        and text[end] == CANCEL_TAG
        and bool(run)
        and all(ord(c) in TAGS for c in run)
    )


def offence_at(text: str, i: int, multiline: bool = False) -> Offence | None:
    """Why the character at `i` may not stand there, or None when it may."""
    ch = text[i]
    category = unicodedata.category(ch)
    if ch in LINE_BREAKS:
        if multiline:
            return None
        if ch == "\n":
            return Offence(i, ch, "is a line break, and this text is one line", "join the lines")
        return Offence(i, ch, "is a tab, and this text is one line", "use a space")
    if ch in BIDI_CONTROLS:
        return Offence(
            i,
            ch,
            "is a bidirectional control: it reorders the text around it, and each screen, "
            "report and terminal shows that differently",
            "delete it (right-to-left words display correctly without it)",
        )
    if category == "Cc":
        why = "is a control character: invisible, and a terminal obeys it"
        if ch == "\r":
            why = "is a carriage return"
        return Offence(
            i,
            ch,
            why,
            "delete it" + (" (long text may break lines with an ordinary line break)" * multiline),
        )
    if category == "Cf":
        between = 0 < i < len(text) - 1 and _visible(text[i - 1]) and _visible(text[i + 1])
        if ch in JOINERS and between:
            return None  # joins an emoji sequence or two letters
        if _is_tag(ch) and _in_tag_sequence(text, i):
            return None  # a tagged flag such as Scotland's
        if ch in VISIBLE_FORMAT:
            return None
        return Offence(
            i,
            ch,
            "is an invisible format character: no one can see it, yet text that holds it "
            "differs from text that looks the same",
            "delete it",
        )
    if category in ("Zl", "Zp"):
        return Offence(
            i,
            ch,
            "is a Unicode line separator that screens break differently",
            "use an ordinary line break" if multiline else "use a space (this text is one line)",
        )
    if category == "Cs":
        return Offence(
            i,
            ch,
            "is half of a character (a lone surrogate, from a broken \\u escape)",
            "write the character itself",
        )
    if category == "Co":
        return Offence(
            i,
            ch,
            "is a private-use character that no standard font draws (it shows as a box)",
            "use a standard character",
        )
    if category == "Cn" and (0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE):
        return Offence(i, ch, "is a noncharacter, never meant to be shown", "delete it")
    return None  # other unassigned code points may be newer emoji: the font check warns


def offences(text: str, multiline: bool = False) -> list[Offence]:
    """Every character of `text` that the rule refuses, in order."""
    found = []
    for i, ch in enumerate(text):
        if ch.isprintable() and ch not in JOINERS:
            continue  # fast path: printable characters (space included) are never refused
        offence = offence_at(text, i, multiline)
        if offence is not None:
            found.append(offence)
    return found


def text_problem(text: str, multiline: bool = False) -> str | None:
    """One line naming the first refused character and how to fix it (and how many more there
    are), or None when the text is fine."""
    found = offences(text, multiline)
    if not found:
        return None
    more = len(found) - 1
    return str(found[0]) + (f" ({more} more such character{'s' * (more > 1)})" if more else "")


def unsafe(ch: str) -> bool:
    """Whether a character must not reach a terminal as it is: controls (a line break and a tab
    aside), bidirectional controls, line separators, and format characters other than joiners."""
    if ch.isprintable() or ch in LINE_BREAKS:
        return False
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch not in JOINERS and not _is_tag(ch)
    return category in ("Cc", "Zl", "Zp", "Cs")
