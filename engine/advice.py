"""What the engine returns: frozen values, serialised as the public `--json` contract (money as decimal strings)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

ADVICE_SCHEMA_VERSION = 1


class Approach(StrEnum):
    PROMPTING = "prompting"
    RAG = "rag"
    FINE_TUNING = "fine_tuning"
    HYBRID = "hybrid"

    @property
    def label(self) -> str:
        return APPROACH_LABELS[self]


# The members as plain names, for hot paths: in Python 3.11 every `Approach.RAG` is a metaclass lookup (~80 ns).
PROMPTING, RAG, FINE_TUNING, HYBRID = Approach.PROMPTING, Approach.RAG, Approach.FINE_TUNING, Approach.HYBRID

APPROACH_LABELS = {
    Approach.PROMPTING: "Improve prompting",
    Approach.RAG: "Add retrieval (RAG)",
    Approach.FINE_TUNING: "Fine-tune",
    Approach.HYBRID: "RAG + fine-tuning",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Reason(_Frozen):
    """One factor and where it points: `weight` is its strength in [0, 1], `text` the explanation a PM reads."""

    factor: str
    direction: Approach
    weight: float = Field(ge=0, le=1)
    text: str


class ApproachCost(_Frozen):
    """One approach priced over the horizon. `breakdown` names each line item (USD), upfront and monthly."""

    upfront_usd: Decimal
    monthly_usd: Decimal
    horizon_usd: Decimal
    breakdown: dict[str, Decimal] = Field(default_factory=dict)


class Advice(_Frozen):
    schema_version: int = ADVICE_SCHEMA_VERSION
    approach: Approach
    confidence: float = Field(ge=0, le=1)
    headline: str
    reasons: tuple[Reason, ...]
    costs: dict[Approach, ApproachCost]
    horizon_months: int
    breakeven_months: int | None = Field(
        description="Month in which fine-tuning's cumulative cost falls below prompting's; null means never."
    )
    warnings: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    what_would_change: tuple[str, ...] = ()
    catalog_as_of: date
