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
from engine.evidence import SUPPORTED as EVIDENCE_FORMATS
from engine.evidence import Evidence, EvidenceError, read_evidence, read_evidence_stream
from engine.evidence.apply import MEASURED_FIELDS, Applied, apply_evidence
from engine.evidence.cited import cite_evidence
from engine.evidence_summary import EvidenceRun, EvidenceSummary
from engine.rules import advise

__all__ = [
    "ADVICE_SCHEMA_VERSION",
    "ANSWERS_SCHEMA_VERSION",
    "CENT",
    "COSTS",
    "ESSENTIALS",
    "EVIDENCE_FORMATS",
    "MEASURED_FIELDS",
    "ROUNDING",
    "Advice",
    "Answers",
    "Applied",
    "Approach",
    "ApproachCost",
    "Catalog",
    "Comparison",
    "Evidence",
    "EvidenceError",
    "EvidenceRun",
    "EvidenceSummary",
    "ModelSwitch",
    "NotTrainableError",
    "Plan",
    "Reason",
    "UnknownModelError",
    "WhatIf",
    "advise",
    "answers_for",
    "apply_evidence",
    "cite_evidence",
    "cumulative_by_month",
    "load_catalog",
    "question_fields",
    "read_evidence",
    "read_evidence_stream",
    "to_usd",
]
