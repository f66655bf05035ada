"""Tunewise's pure core: answers in, advice out. No Slack, no database, no network."""

from engine.advice import Advice, Approach, ApproachCost, Reason
from engine.answers import Answers
from engine.catalog import NotTrainableError, UnknownModelError, load_catalog
from engine.costs import cumulative_by_month
from engine.rules import advise

__all__ = [
    "Advice",
    "Answers",
    "Approach",
    "ApproachCost",
    "NotTrainableError",
    "Reason",
    "UnknownModelError",
    "advise",
    "cumulative_by_month",
    "load_catalog",
]
