"""What the command line writes: text from any file shown as data, never obeyed by the terminal.

Every message can carry text that came from outside: a scenario's labels, a session's team
names and actions (an old or tampered file), a path or value typed on the command line. A
terminal obeys control characters (`ESC [2J` clears the screen, `ESC ] 0;…BEL` retitles the
window) and bidirectional controls reorder what is shown. So `main` routes stdout and stderr
through `EscapedStream`, and everything any command prints passes `shown`, the one escaping
rule: what `game.scenario.text_rules.unsafe` flags is written as a visible escape (`\\x1b`,
`\\u202e`); line breaks, tabs and ordinary text (right-to-left scripts, emoji) pass as they are.
JSON output escapes the same characters the JSON way (`\\u001b`), so it stays valid JSON.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from game.scenario.text_rules import unsafe


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def shown(text: str) -> str:
    """`text` with every character a terminal would obey written as a visible escape."""
    if text.isprintable():
        return text  # the usual case, checked at C speed
    return "".join(_escape(ch) if unsafe(ch) else ch for ch in text)


def json_safe(text: str) -> str:
    """JSON text with those characters as JSON escapes (`\\u202e`; astral ones as surrogate
    pairs), so that it stays valid JSON and shows nothing raw."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if not unsafe(ch):
            out.append(ch)
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            high, low = divmod(ord(ch) - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
    return "".join(out)


class EscapedStream:
    """A text stream that writes everything through `shown` (the rest is the real stream's)."""

    def __init__(self, stream: TextIO) -> None:
        self.raw = stream

    def write(self, text: str) -> int:
        """Write the text, escaped."""
        self.raw.write(shown(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def raw_stream(stream: Any) -> Any:
    """The stream under an EscapedStream, for our own terminal control (a progress bar's \\r)."""
    return stream.raw if isinstance(stream, EscapedStream) else stream


@contextlib.contextmanager
def escaped_output() -> Iterator[None]:
    """While inside, sys.stdout and sys.stderr escape what a terminal would obey."""
    saved = sys.stdout, sys.stderr
    for stream in saved:
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    sys.stdout, sys.stderr = EscapedStream(saved[0]), EscapedStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
