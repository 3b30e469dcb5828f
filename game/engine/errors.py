"""Rejected actions: a stable code for programs and a sentence for players."""

from __future__ import annotations


class Rejection(Exception):
    """An action the rules do not allow now. `code` is stable; `message` is for the room."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def __reduce__(self):  # pickled whole: a balance worker's error reaches the caller
        return (type(self), (self.code, self.message))
