"""Answers for engine tests: realistic defaults, one keyword per thing a test cares about."""

from __future__ import annotations

from datetime import date
from typing import Any

from engine.answers import Answers

# The day these tests are set on: OpenAI fine-tuning still open, closing within a 12-month horizon.
TODAY = date(2026, 11, 29)
AFTER_OPENAI_FINE_TUNING_CLOSED = date(2027, 2, 1)

# A team that has done its homework and asks about a target with no announced end of life, so each test
# changes only what it is about.
_MEASURED_USE_CASE: dict[str, Any] = {
    "project": "Test project",
    "prompting_tried": True,
    "has_eval_set": True,
    "labeled_examples": 1_000,
    "monthly_requests": 10_000,
    "input_tokens": 1_000,
    "output_tokens": 300,
    "base_model": "gpt-4o",
    "tuned_model": "llama-3.1-8b-instruct",
}


def make_answers(**changes: Any) -> Answers:
    return Answers.model_validate(_MEASURED_USE_CASE | changes)
