"""What the engine returns: frozen values, serialised as the public `--json` contract (money as decimal strings)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from engine.evidence_summary import EvidenceSummary

# 2: costs gained the switch_model plan; what_ifs, ineligible, comparison, model_switch, clear_winner,
# runner_up and deciding_question were added. Every field of version 1 keeps its name and meaning, except
# breakeven_months, now measured against the cheapest prompting plan (prompting or switch_model).
ADVICE_SCHEMA_VERSION = 2


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


class Plan(StrEnum):
    """Every plan an Advice prices (the keys of `Advice.costs`): the four verdicts, plus prompting the model that
    would be fine-tuned, as it is. A Plan equals the Approach of the same value (`Plan.RAG == Approach.RAG`)."""

    PROMPTING = "prompting"
    SWITCH_MODEL = "switch_model"
    RAG = "rag"
    FINE_TUNING = "fine_tuning"
    HYBRID = "hybrid"

    @property
    def label(self) -> str:
        return PLAN_LABELS[self]


PLAN_LABELS = {
    Plan.PROMPTING: "Improve prompting",
    Plan.SWITCH_MODEL: "Prompt the smaller model",
    Plan.RAG: "Add retrieval (RAG)",
    Plan.FINE_TUNING: "Fine-tune",
    Plan.HYBRID: "RAG + fine-tuning",
}
SWITCH_MODEL = Plan.SWITCH_MODEL


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
    # Schema 2: the price discounts applied to this plan's inference ("prompt caching", "batch").
    discounts: tuple[str, ...] = ()


WhatIfValue = bool | int | float | str


class WhatIf(_Frozen):
    """One answer worth trying, as a value a button can submit: `field` is an Answers field name."""

    field: str
    value: WhatIfValue
    label: str = Field(max_length=30)


class Comparison(_Frozen):
    """The recommended plan against its best alternative (never a strawman), over the horizon."""

    plan: Plan
    against: Plan
    monthly_saving_usd: Decimal
    horizon_saving_usd: Decimal
    breakeven_months: int | None = Field(
        description="Month by whose end `plan` has cost no more; null: never."
    )


class ModelSwitch(_Frozen):
    """What prompting the smaller model instead of the base one saves, on its own: never credited to fine-tuning."""

    from_model: str
    to_model: str
    monthly_saving_usd: Decimal
    text: str


class Advice(_Frozen):
    schema_version: int = ADVICE_SCHEMA_VERSION
    approach: Approach
    confidence: float = Field(ge=0, le=1)
    headline: str
    reasons: tuple[Reason, ...]
    costs: dict[Plan, ApproachCost]
    horizon_months: int
    breakeven_months: int | None = Field(
        description=(
            "Month in which fine-tuning's cumulative cost falls below the cheapest prompting plan's "
            "(prompting or switch_model); null means never."
        )
    )
    warnings: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    what_would_change: tuple[str, ...] = ()
    catalog_as_of: date
    # --- schema 2 ---
    what_ifs: tuple[WhatIf, ...] = ()
    ineligible: dict[Plan, str] = Field(default_factory=dict, description="Plans the gates removed, and why.")
    comparison: Comparison | None = None
    model_switch: ModelSwitch | None = None
    clear_winner: bool = True
    runner_up: Plan | None = None
    deciding_question: str | None = Field(
        default=None,
        description="When there is no clear winner: the Answers field whose answer would decide.",
    )

    # --- schema 2, with `--evidence` (engine/evidence/): the eval results the answers were read from ---
    evidence: EvidenceSummary | None = Field(
        default=None, description="The eval results files behind the answers; null when none were given."
    )

    def cost_of(self, plan: Approach | Plan) -> ApproachCost:
        """The cost of a plan, or of a verdict's plan (`advice.cost_of(advice.approach)`)."""
        return self.costs[Plan(plan.value)]
