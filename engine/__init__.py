"""Tunewise's pure core: answers in, advice out. No Slack, no database, no network."""

from engine.advice import Advice, Approach, ApproachCost, Reason
from engine.answers import Answers
from engine.rules import advise

__all__ = ["Advice", "Answers", "Approach", "ApproachCost", "Reason", "advise"]
