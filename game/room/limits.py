"""A phone's message budget: a token bucket per connection (and per address for joining).

A phone sends a few messages a minute; a flood is refused message by message with a clear
sentence, and a connection that keeps flooding is closed. The clock is passed in (tests drive
it), the server passes `time.monotonic()`.
"""

from __future__ import annotations

from dataclasses import dataclass

RATE = 8.0  # messages per second, sustained
BURST = 20.0  # messages at once
CLOSE_AFTER = 100  # refusals in a row before the connection is closed


@dataclass
class Bucket:
    """Allows `burst` messages at once and `rate` a second after that."""

    rate: float = RATE
    burst: float = BURST
    tokens: float = BURST
    at: float | None = None
    refused: int = 0  # refusals since the last message let through

    def allow(self, now: float) -> bool:
        """Whether one more message may go through at time `now` (seconds)."""
        if not self.empty(now):
            self.tokens -= 1.0
            self.refused = 0
            return True
        self.refused += 1
        return False

    def empty(self, now: float) -> bool:
        """Whether nothing may go through at time `now` (refills, spends nothing)."""
        if self.at is not None:
            self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        return self.tokens < 1.0

    @property
    def flooding(self) -> bool:
        """Refused so often in a row that the connection should be closed."""
        return self.refused >= CLOSE_AFTER
