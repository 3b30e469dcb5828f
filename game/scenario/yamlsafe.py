"""Read a YAML file as plain data, safely, remembering where every value stood.

Only plain data gets through: no tag that constructs objects, no merge keys, no duplicate
keys (PyYAML keeps the last one silently), no nesting deeper than 64, no alias bomb, no
file over 2 MiB. Every refusal is a `Problem` with a line and a column, never a traceback.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from game.scenario.problems import FieldPath, Problem, ScenarioError, dotted, quote

# The C loader is about ten times faster; the pure-Python one is the fallback.
Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_C = Loader is not yaml.SafeLoader
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a new line

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000  # values built, aliases expanded included; real scenarios use ~10,000

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_CONSTRUCT = yaml.constructor.SafeConstructor()


@dataclass
class SourceMap:
    """Where each value (and each mapping key) stood in the file, 1-based."""

    values: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: FieldPath, at_key: bool = False) -> tuple[FieldPath, tuple[int, int]]:
        """The deepest known part of `path` and its position.

        Parts the file does not have (a missing field, a validator's own name) are skipped,
        so a missing field points at its parent mapping, as an editor user expects.
        """
        known: FieldPath = ()
        for part in path:
            candidate = (*known, part)
            if candidate in self.values:
                known = candidate
        if at_key and known in self.keys:
            return known, self.keys[known]
        return known, self.values.get(known, (1, 1))


def _mark(node_or_mark: Any) -> tuple[int, int]:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    return mark.line + 1, mark.column + 1


def _fail(file: str, where: tuple[int, int], message: str, field_path: str = "") -> ScenarioError:
    line, column = where
    return ScenarioError([Problem(file, line, column, "error", field_path, message)])


def decode(raw: bytes, file: str) -> str:
    """Check size and encoding; return the text."""
    if len(raw) > MAX_BYTES:
        # In bytes: "2.0 MiB, at most 2 MiB" would not say what is wrong.
        message = f"the file is {len(raw):,} bytes; a scenario may be at most {MAX_BYTES:,} (2 MiB)"
        raise _fail(file, (1, 1), message)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Lines as YAML counts them, columns in characters; the bytes before the bad one are valid.
        lines = _LINE_BREAK.split(raw[: exc.start].decode("utf-8"))
        bad = raw[exc.start : exc.start + 1].hex()
        raise _fail(
            file,
            (len(lines), len(lines[-1]) + 1),
            f"invalid UTF-8 (byte 0x{bad}): save the file as UTF-8",
        ) from None
    if not text.strip():
        raise _fail(file, (1, 1), "the file is empty: a scenario starts with 'meta:'")
    return text


def _reader_error(file: str, text: str, exc: yaml.reader.ReaderError) -> ScenarioError:
    """A character YAML refuses: a control character, U+FFFE, U+FFFF."""
    if _C:  # libyaml counts the position in bytes
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
    else:
        before = text[: exc.position]
    lines = _LINE_BREAK.split(before)
    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    return _fail(
        file,
        (len(lines), len(lines[-1]) + 1),
        f"the invisible character U+{code:04X} is not allowed in a YAML file: delete it",
    )


def _syntax_error(file: str, text: str, exc: yaml.YAMLError) -> ScenarioError:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_error(file, text, exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = _mark(mark) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    # libyaml does not name the character it stumbled on: look at the text itself.
    lines = _LINE_BREAK.split(text)
    line_text = lines[where[0] - 1] if where[0] <= len(lines) else ""
    here = line_text[where[1] - 1 :]
    alias = re.match(r"\*([^\s,\[\]{}]+)", here)
    flow = re.search(r"expected ',' or '([\]}])'", problem)
    start = getattr(exc, "context_mark", None)
    misplaced = _misplaced(lines, where[0] - 1)
    opened = _quote_run(lines, where[0] - 1)
    if here[:1] == "\t" or "tab" in problem:
        message = "a tab character here: YAML indentation must use spaces"
    elif opened:
        message = (
            f'this " is never closed on its line, so YAML reads all up to the next " (line '
            f'{where[0]}) as one text: end the text with "'
        )
        where = opened
    elif flow and start is not None:
        where, message = _unclosed(lines, _mark(start), where, flow.group(1))
    elif "mapping values are not allowed" in problem and ": " in line_text[: where[1]]:
        message = "a ': ' inside a value: put the whole value in quotes"
    elif "mapping values are not allowed" in problem:
        message = (
            "indentation: this line is indented deeper than the key above, so YAML reads it as "
            "more of that value, where ': ' is not allowed: line the key up with the others, or "
            "quote the value"
        )
    elif misplaced:
        where, message = (where[0], _indent(lines[where[0] - 1]) + 1), misplaced
    elif "undefined alias" in problem and alias:
        name = alias.group(1)
        anchors = re.findall(r"&([^\s,\[\]{}]+)", text)
        close = difflib.get_close_matches(name, anchors, n=1, cutoff=0.6)
        hint = f" (did you mean *{close[0]}?)" if close else ""
        message = f"the alias *{name} refers to no anchor &{name} above it{hint}"
    else:
        message = f"YAML syntax: {_plain(problem)}"
        if context and start is not None and start is not mark:
            line, column = _mark(start)
            message += f" ({_plain(context)} that starts at line {line}, column {column})"
        elif context:
            message += f" ({_plain(context)})"
    return _fail(file, where, message)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _open_keys(lines: list[str], row: int) -> list[tuple[int, int, str]]:
    """What a line at `row` (0-based) may line up with: (indentation, line, text), nearest first.

    The line just above and every less indented line above that one still open around it,
    up to the top level; a list entry `- key: value` also opens the column of its key.
    """
    found: list[tuple[int, int, str]] = []
    for number in range(row - 1, -1, -1):
        text = lines[number].strip()
        if not text or text.startswith("#"):
            continue
        n = _indent(lines[number])
        if found and n >= found[-1][0]:
            continue
        entry = re.match(r"-( +)(?=[\w-]+:(\s|$))", text)
        if entry and not found:  # the keys of this entry line up after its '- '
            found.append((n + 1 + len(entry.group(1)), number + 1, text))
        if not found or n < found[-1][0]:
            found.append((n, number + 1, text))
        if n == 0:
            break
    return found


def _misplaced(lines: list[str], row: int) -> str | None:
    """The message for a line whose indentation lines up with nothing above it, or None."""
    if not 0 <= row < len(lines) or not lines[row].strip():
        return None
    n = _indent(lines[row])
    above = _open_keys(lines, row)
    if not above or n in {col for col, _, _ in above}:
        return None
    col, number, text = min(above, key=lambda a: abs(a[0] - n))
    key = re.match(r"(?:- +)?([\w-]+):(?:\s|$)", text)
    nearest = f"'{key.group(1)}' on line {number}" if key else f"line {number}"
    spaces = "space" if n == 1 else "spaces"
    return (
        f"indentation: this line is indented {n} {spaces}, which lines up with no line above it "
        f"(the nearest, {nearest}, is indented {col}): YAML reads what belongs together from the "
        "indentation alone, so indent it like the key it belongs with"
    )


def _quote_run(lines: list[str], row: int) -> tuple[int, int] | None:
    """Where a `"` opened on an earlier line stands, if the quote it opened closes on `row`."""
    since: tuple[int, int] | None = None
    for number, line in enumerate(lines[: row + 1]):
        if since is None and line.lstrip().startswith("#"):
            continue
        escaped = False
        for column, char in enumerate(line):
            if since is not None:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == '"':
                    if number == row and since[0] <= row:
                        return since
                    since = None
            elif char == "#" and (column == 0 or line[column - 1] == " "):
                break
            elif char == '"':
                since = (number + 1, column + 1)
    return None


def _unclosed(
    lines: list[str], start: tuple[int, int], where: tuple[int, int], closer: str
) -> tuple[tuple[int, int], str]:
    """A `[` or `{` that YAML could not read to its end, and what to do about it."""
    opener = "[" if closer == "]" else "{"
    kind = "list" if closer == "]" else "mapping"
    line, column = start
    if where[0] > line:
        opened = lines[line - 1][column - 1 :] if line <= len(lines) else ""
        quotes = opened.replace('\\"', "").count('"')
        if quotes % 2:
            quote_at = column + opened.rfind('"')
            return (line, quote_at), (
                f'this " is never closed, so the {opener}...{closer} {kind} it is in never ends: '
                'end the text with "'
            )
        return start, (
            f"this {opener} is never closed: end the {kind} with {closer} after its last entry "
            f"(and quote any entry that holds a bracket)"
        )
    return where, (
        f"YAML cannot read this {opener}...{closer} {kind} past here: inside it, a value that "
        f"holds ': ', ', ', '#' or a bracket must be in quotes: quote the value (or, if the "
        f"{opener} of column {column} should end here, close it with {closer})"
    )


_JARGON = {
    "flow sequence": "[...] list",
    "flow mapping": "{...} mapping",
    "block sequence": "list",
    "block collection": "list",
    "block mapping": "mapping",
}


def _plain(text: str) -> str:
    """libyaml's words for what a designer calls lists and mappings."""
    for jargon, word in _JARGON.items():
        text = text.replace(jargon, word)
    return text


_KEY = object()  # a mapping frame waiting for its next key


def _path_of(event: yaml.NodeEvent, frames: list[list[Any]]) -> FieldPath | None:
    """The path of the value an event starts; None for a key (and anything inside a key)."""
    if not frames:
        return ()
    top = frames[-1]
    parent, slot = top
    if parent is None:
        return None
    if isinstance(slot, int):  # a list: the next index
        top[1] += 1
        return (*parent, slot)
    if slot is _KEY:
        top[1] = event.value if isinstance(event, yaml.ScalarEvent) else None
        return None
    top[1] = _KEY
    return (*parent, slot)


def _check_events(text: str, file: str) -> dict[FieldPath, tuple[int, int]]:
    """Stream the events once to refuse deep nesting, tags and extra documents cheaply.

    Also returns where each alias stands, by path: a composed node knows only where its
    anchor stands, so a value reached through an alias would point at the anchor.
    """
    documents = 0
    aliases: dict[FieldPath, tuple[int, int]] = {}
    frames: list[list[Any]] = []  # per open collection: [its path, next index or key]
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _fail(
                        file, _mark(event), "a scenario file holds one YAML document, not several"
                    )
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _PLAIN_TAGS and tag != "!":
                raise _fail(
                    file,
                    _mark(event),
                    f"the tag {quote(tag.replace(_YAML, '!!'))} is not allowed: "
                    "a scenario is plain data",
                )
            if isinstance(event, yaml.NodeEvent):
                path = _path_of(event, frames)
                if isinstance(event, yaml.AliasEvent) and path is not None:
                    aliases[path] = _mark(event)
                elif isinstance(event, yaml.CollectionStartEvent):
                    is_list = isinstance(event, yaml.SequenceStartEvent)
                    frames.append([path, 0 if is_list else _KEY])
                    if len(frames) > MAX_DEPTH:
                        raise _fail(file, _mark(event), f"nesting deeper than {MAX_DEPTH} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                frames.pop()
    except yaml.YAMLError as exc:
        raise _syntax_error(file, text, exc) from None
    return aliases


class _Builder:
    """Turns composed nodes into plain data and a source map, with a budget."""

    def __init__(self, file: str, aliases: dict[FieldPath, tuple[int, int]]):
        self.file = file
        self.aliases = aliases
        self.source = SourceMap()
        self.built = 0
        self.open: set[int] = set()

    def build(
        self, node: yaml.Node, path: FieldPath, depth: int, at: tuple[int, int] | None = None
    ) -> Any:
        # A value reached through an alias, and all inside it, stands where the alias does.
        at = at or self.aliases.get(path)
        where = at or _mark(node)
        self.built += 1
        if self.built > MAX_NODES:
            raise _fail(
                self.file,
                where,
                f"more than {MAX_NODES:,} values once aliases are expanded (an alias bomb?)",
            )
        if depth > MAX_DEPTH:
            raise _fail(self.file, where, f"nesting deeper than {MAX_DEPTH} levels")
        if id(node) in self.open:
            message = "an alias refers to the value that contains it"
            raise _fail(self.file, where, message, dotted(path))
        self.source.values.setdefault(path, where)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [
                    self.build(item, (*path, i), depth + 1, at) for i, item in enumerate(node.value)
                ]
            return self.mapping(node, path, depth, at)
        finally:
            self.open.discard(id(node))

    def mapping(
        self, node: yaml.MappingNode, path: FieldPath, depth: int, at: tuple[int, int] | None
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _YAML + "merge":
                raise _fail(
                    self.file,
                    _mark(key_node),
                    "merge keys (<<) are not supported: write the fields out",
                    dotted(path),
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail(self.file, _mark(key_node), "a key must be plain text", dotted(path))
            key = key_node.value
            if key in result:
                first = self.source.keys[(*path, key)][0]
                raise _fail(
                    self.file,
                    _mark(key_node),
                    f"duplicate key {quote(key)} (first at line {first}): keep one",
                    dotted((*path, key)),
                )
            self.source.keys[(*path, key)] = at or _mark(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1, at)
        return result

    def scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        tag = node.tag
        try:
            if tag == _YAML + "int":
                return _CONSTRUCT.construct_yaml_int(node)
            if tag == _YAML + "float":
                return _CONSTRUCT.construct_yaml_float(node)
            if tag == _YAML + "bool":
                return _CONSTRUCT.construct_yaml_bool(node)
            if tag == _YAML + "null":
                return None
        except (ValueError, KeyError, IndexError, yaml.YAMLError):
            kind = tag.replace(_YAML, "!!")
            message = f"cannot read {quote(node.value)} as {kind}"
            raise _fail(self.file, _mark(node), message, dotted(path)) from None
        # Strings, and values YAML would make into dates, stay as the text that was written.
        return node.value


def read_yaml(raw: bytes, file: str) -> tuple[Any, SourceMap]:
    """Parse one scenario file's bytes into plain data and a source map, or raise ScenarioError."""
    text = decode(raw, file)
    aliases = _check_events(text, file)
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError as exc:
        raise _syntax_error(file, text, exc) from None
    if root is None:
        raise _fail(file, (1, 1), "the file holds only comments: a scenario starts with 'meta:'")
    if isinstance(root, yaml.ScalarNode) and root.tag == _YAML + "null":
        raise _fail(file, (1, 1), "the file holds no data: a scenario starts with 'meta:'")
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else f"the value {quote(root.value)}"
        raise _fail(
            file,
            _mark(root),
            f"the top level must be a mapping of sections (meta:, company:, …), not {kind}",
        )
    builder = _Builder(file, aliases)
    data = builder.build(root, (), 0)
    return data, builder.source
