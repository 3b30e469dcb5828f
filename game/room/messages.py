"""What a phone may send, as pydantic models: anything else gets a clear refusal.

Every message is one JSON object with a `kind`. The server reads no more than `MAX_BYTES` of
one message, refuses unknown kinds and unknown fields, and answers a refusal that names what was
wrong (`Refusal.text`). Nothing a refused message says reaches the table. See
docs/facilitation.md, "Running the room with phones".
"""

from __future__ import annotations

import json
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from game.scenario.text_rules import text_problem

MAX_BYTES = 4096  # one message from a phone; a typed translation is far shorter
MAX_TEXT = 2000  # characters of typed text a message may carry (the engine has its own limit)
MAX_NAME = 40


def _typed(multiline: bool) -> AfterValidator:
    """Typed text follows the scenario files' character rule (docs/scenario-format.md, "What
    text may hold"), checked here before anything reaches the table or a file."""

    def check(value: str) -> str:
        problem = text_problem(value, multiline)
        if problem is not None:
            raise PydanticCustomError("text_character", "{problem}", {"problem": problem})
        return value

    return AfterValidator(check)


Field_ = Annotated[str, Field(min_length=1, max_length=40)]
Pick = Annotated[str, Field(min_length=1, max_length=100)]
# Typed text: a line break or a tab is allowed (the table joins lines); no control characters.
Typed = Annotated[str, Field(max_length=MAX_TEXT), _typed(multiline=True)]
Filled = Typed | Annotated[list[Pick], Field(max_length=12)]


class Inbound(BaseModel):
    """Common to every phone message: no extra fields, a short reference to answer to."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ref: int = Field(default=0, ge=0, le=2**31)


class Hello(Inbound):
    """The first message on a socket: the seat and its token."""

    kind: Literal["hello"]
    seat: str = Field(min_length=3, max_length=220)
    token: str = Field(min_length=1, max_length=100)


class Act(Inbound):
    """Make one of the moves the phone was offered, by its id, with its blanks filled in
    (typed text, or the ids picked)."""

    kind: Literal["act"]
    move: str = Field(min_length=1, max_length=64)
    fill: dict[Field_, Filled] | None = Field(default=None, max_length=4)


class Ping(Inbound):
    """Keep-alive; answered with a pong."""

    kind: Literal["ping"]


class Claim(BaseModel):
    """Taking a seat from the join page (an HTTP POST, not a socket message)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(min_length=1, max_length=20)
    seat: str = Field(min_length=3, max_length=220)
    name: Annotated[str, _typed(multiline=False)] = Field(default="", max_length=MAX_NAME)


Message = Annotated[Hello | Act | Ping, Field(discriminator="kind")]
KINDS = ("hello", "act", "ping")
_MESSAGE = TypeAdapter(Message)


class Refusal(Exception):
    """A message the server will not act on, with the sentence the phone shows."""

    def __init__(self, text: str, code: str = "bad_message") -> None:
        super().__init__(text)
        self.text = text
        self.code = code


def parse(raw: str | bytes) -> Hello | Act | Ping:
    """One phone message, or Refusal naming what is wrong with it."""
    size = len(raw.encode("utf-8")) if isinstance(raw, str) else len(raw)
    if size > MAX_BYTES:
        raise Refusal(f"message too long ({size} bytes; at most {MAX_BYTES})", "too_long")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Refusal("not a JSON message") from None
    if not isinstance(data, dict):
        raise Refusal("a message is one JSON object with a 'kind'")
    kind = data.get("kind")
    if kind not in KINDS:
        shown = kind if isinstance(kind, str) and len(kind) <= 40 else "?"
        raise Refusal(f"unknown message kind '{shown}' (known: {', '.join(KINDS)})", "unknown_kind")
    try:
        return _MESSAGE.validate_python(data)
    except ValidationError as exc:
        raise Refusal(describe(exc)) from None


def parse_claim(data: object) -> Claim:
    """A join request, or Refusal naming what is wrong with it."""
    if not isinstance(data, dict):
        raise Refusal("a join request is one JSON object")
    try:
        return Claim.model_validate(data)
    except ValidationError as exc:
        raise Refusal(describe(exc)) from None


def describe(exc: ValidationError) -> str:
    """The first problem of a validation error as one sentence: `field: what is wrong`."""
    first = exc.errors(include_url=False, include_input=False)[0]
    # pydantic adds the union's tags (the kind, "constrained-str", "list[...]") to the path
    parts = [str(p) for p in first["loc"] if p not in KINDS]
    where = ".".join(p for p in parts if "-" not in p and "[" not in p)
    return f"{where}: {first['msg']}" if where else first["msg"]
