"""Tunewise's pure core: answers in, advice out. No Slack, no database, no network.

Everything bot/ needs is exported here; nothing outside engine/ imports its modules.
"""

from engine.advice import (
    ADVICE_SCHEMA_VERSION,
    Advice,
    Approach,
    ApproachCost,
    Comparison,
    ModelSwitch,
    Plan,
    Reason,
    WhatIf,
)
from engine.answers import (
    ANSWERS_SCHEMA_VERSION,
    COSTS,
    ESSENTIALS,
    Answers,
    answers_for,
    question_fields,
)
from engine.catalog import Catalog, NotTrainableError, UnknownModelError, load_catalog
from engine.costs import CENT, ROUNDING, cumulative_by_month, to_usd
from engine.rules import advise

__all__ = [
    "ADVICE_SCHEMA_VERSION",
    "ANSWERS_SCHEMA_VERSION",
    "CENT",
    "COSTS",
    "ESSENTIALS",
    "ROUNDING",
    "Advice",
    "Answers",
    "Approach",
    "ApproachCost",
    "Catalog",
    "Comparison",
    "ModelSwitch",
    "NotTrainableError",
    "Plan",
    "Reason",
    "UnknownModelError",
    "WhatIf",
    "advise",
    "answers_for",
    "cumulative_by_month",
    "load_catalog",
    "question_fields",
    "to_usd",
]
