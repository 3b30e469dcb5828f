"""Scores of a team: Focus (B1), Translation (B2), Candour (B3) and Outcome, plus the total."""

from game.scoring.scores import Scores, by_quarter, overall, score

__all__ = ["Scores", "by_quarter", "overall", "score"]
