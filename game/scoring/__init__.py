"""Scores of a team: Focus (B1), Translation (B2), Candour (B3) and Outcome, plus the total."""

from game.scoring.scores import Scores, score

__all__ = ["Scores", "score"]
