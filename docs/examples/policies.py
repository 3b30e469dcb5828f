"""Example designer policies for `offsite balance --policies docs/examples/policies.py`.

Each class subclasses `game.bots.Policy` (the `good` policy) and overrides one hook, so the
balance check measures exactly what that one behaviour costs (docs/authoring.md, "Your own
strategies"). Scenario files never run code; this file runs only when you name it.
"""

from game.bots import Policy


class RoundUp(Policy):
    """Always rounds the forecast up: 0.41 is reported as 5, 0.61 as 7 (on track)."""

    name = "round-up"

    def confidence(self, state, q):
        return min(10, int(q * 10) + (1 if q * 10 % 1 else 0))


class QuietSupporter(Policy):
    """Supports only the first piece of bad news at each check-in, then stays quiet."""

    name = "quiet-supporter"

    def react(self, state, role, reacts):
        already = {x.key_result for x in state.reactions if x.week == state.week and x.role == role}
        if already:
            return None
        return super().react(state, role, reacts)
