"""Words for an assessment, one module per part of the Advice: the headline, reasons, warnings, next steps,
what would change it, and the money compared side by side."""

from engine.explain.comparison import comparison, model_switch
from engine.explain.headline import deciding_question, headline
from engine.explain.next_steps import next_steps
from engine.explain.reasons import reasons
from engine.explain.warnings import warnings
from engine.explain.what_would_change import what_ifs, what_would_change

__all__ = [
    "comparison",
    "deciding_question",
    "headline",
    "model_switch",
    "next_steps",
    "reasons",
    "warnings",
    "what_ifs",
    "what_would_change",
]
