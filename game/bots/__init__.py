"""Policies that can fill any seat: they choose actions through the engine's own API.

`Policy` (the `good` policy) is the base class designers subclass in their own policy files
(docs/authoring.md, "Your own strategies")."""

from game.bots.policies import Policy

__all__ = ["Policy"]
