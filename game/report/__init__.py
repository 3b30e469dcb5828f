"""The debrief report: scores, the three questions, watermelons and what-ifs, for the client."""

from game.report.build import build, unfinished
from game.report.model import Report, SessionReport

__all__ = ["Report", "SessionReport", "build", "unfinished"]
