"""Computer peers with personalities: the room when nobody holds a role."""

from game.peers.personality import decide, line, profile, report_confidence, willingness

__all__ = ["decide", "line", "profile", "report_confidence", "willingness"]
