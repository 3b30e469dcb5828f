"""Rejected actions: a stable code for programs and a sentence for players."""

from __future__ import annotations


class Rejection(Exception):
    """An action the rules do not allow now. `code` is stable; `message` is for the room."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def reject(code: str, message: str) -> Rejection:
    """Build a rejection (raise it at the call site, so the traceback points there)."""
    return Rejection(code, message)
