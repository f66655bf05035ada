"""The cost model: every approach priced every time, upfront, per month and over the horizon.

Money is Decimal from the catalog's strings to the end. Sums are kept exact and rounded once, to the cent with
ROUND_HALF_UP (how invoices round), when they leave this module as an ApproachCost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from engine.advice import FINE_TUNING, HYBRID, PROMPTING, RAG, Approach, ApproachCost
from engine.answers import Answers
from engine.catalog import MTOK, Catalog

CENT = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
_ZERO = Decimal(0)
# The seed's floor for a useful fine-tune; fewer examples are topped up by labelling (priced) before training.
MIN_TRAINING_EXAMPLES = 100
_BYTES_PER_GB = Decimal(1_000_000_000)
# A serverless vector query is billed one read unit per GB scanned, a quarter unit at least.
_MIN_READ_UNITS_PER_QUERY = Decimal("0.25")


# Line items as named in ApproachCost.breakdown.
_UPFRONT_KEYS = {name: f"upfront_{name}" for name in ("training", "labelling", "corpus_embedding")}
_MONTHLY_KEYS = {
    name: f"monthly_{name}"
    for name in ("inference", "hosting", "vector_store", "query_embedding", "reembedding")
}


def to_usd(amount: Decimal) -> Decimal:
    """Round to the cent: the one place money is rounded."""
    return amount.quantize(CENT, rounding=ROUNDING)


# NamedTuples, not frozen dataclasses, for values built several times per advice: as immutable, ~4x faster to
# build (the benchmark asks for 20,000 advices a second).
class ApproachPlan(NamedTuple):
    """One approach's line items, exact (unrounded). Monthly items are for the answers' monthly volume.

    Build it with `ApproachPlan.of(...)`: the totals are summed once, as every factor reads them.
    """

    upfront: Mapping[str, Decimal]
    monthly: Mapping[str, Decimal]
    upfront_usd: Decimal
    monthly_usd: Decimal

    @classmethod
    def of(cls, upfront: Mapping[str, Decimal], monthly: Mapping[str, Decimal]) -> ApproachPlan:
        return cls(upfront, monthly, sum(upfront.values(), _ZERO), sum(monthly.values(), _ZERO))

    def cost_fields(self, horizon_months: int) -> dict[str, Any]:
        """ApproachCost's fields, rounded to the cent: the edge where this plan's money leaves the engine."""
        # to_usd and the horizon total inlined, and plain loops rather than comprehensions merged: this runs four
        # times per advice and rounds ~30 amounts.
        breakdown = {}
        for name, value in self.upfront.items():
            breakdown[_UPFRONT_KEYS[name]] = value.quantize(CENT, ROUNDING)
        for name, value in self.monthly.items():
            breakdown[_MONTHLY_KEYS[name]] = value.quantize(CENT, ROUNDING)
        upfront, monthly = self.upfront_usd, self.monthly_usd
        return {
            "upfront_usd": upfront.quantize(CENT, ROUNDING),
            "monthly_usd": monthly.quantize(CENT, ROUNDING),
            "horizon_usd": (upfront + monthly * horizon_months).quantize(CENT, ROUNDING),
            "breakdown": breakdown,
        }


class FineTuningEconomics(NamedTuple):
    """Fine-tuning against prompting in the base model, per request and per month: what break-even needs.

    Also what the prompting and fine-tuning plans are built from, so an advice prices fine-tuning once.
    """

    training_usd: Decimal
    labelling_usd: Decimal
    prompting_per_request_usd: Decimal
    tuned_per_request_usd: Decimal
    prompting_fixed_monthly_usd: Decimal
    tuned_fixed_monthly_usd: Decimal

    @property
    def upfront_usd(self) -> Decimal:
        return self.training_usd + self.labelling_usd

    def tuned_monthly_usd(self, requests: int) -> Decimal:
        return requests * self.tuned_per_request_usd + self.tuned_fixed_monthly_usd

    def paying_volumes(self, horizon_months: int) -> VolumeRange | None:
        """The monthly volumes at which fine-tuning pays back within the horizon; None if none does.

        Over the horizon fine-tuning saves horizon x (requests x per-request saving + fixed saving), and pays
        back when that covers its upfront cost. A per-request saving sets a floor on the volume; a per-request
        loss (say, against a self-hosted model that costs nothing per token) sets a ceiling.
        """
        per_request_saving = self.prompting_per_request_usd - self.tuned_per_request_usd
        fixed_saving = self.prompting_fixed_monthly_usd - self.tuned_fixed_monthly_usd
        needed_monthly = self.upfront_usd / horizon_months - fixed_saving
        if per_request_saving == 0:
            return VolumeRange(0, None) if needed_monthly <= 0 else None
        bound = needed_monthly / per_request_saving
        if per_request_saving > 0:
            return VolumeRange(max(0, math.ceil(bound)), None)
        return VolumeRange(0, math.floor(bound)) if bound >= 0 else None


class VolumeRange(NamedTuple):
    """Monthly request volumes from `lowest` to `highest` (None: no upper bound)."""

    lowest: int
    highest: int | None


def fine_tuning_economics(
    answers: Answers, catalog: Catalog, tuned_model: str | None = None
) -> FineTuningEconomics:
    """`tuned_model` overrides the answers' one, to price an alternative target."""
    base = catalog.inference(answers.base_model)
    tuned = catalog.fine_tuning(tuned_model or answers.tuned_model)
    return FineTuningEconomics(
        training_usd=_training_usd(answers, tuned.training_usd_per_mtok),
        labelling_usd=_labelling_usd(answers),
        prompting_per_request_usd=base.tokens.per_request(answers.input_tokens, answers.output_tokens),
        tuned_per_request_usd=tuned.tuned.tokens.per_request(
            answers.input_tokens - answers.few_shot_tokens, answers.output_tokens
        ),
        prompting_fixed_monthly_usd=base.hosting_usd_per_month,
        tuned_fixed_monthly_usd=tuned.tuned.hosting_usd_per_month,
    )


def price_approaches(
    answers: Answers, catalog: Catalog, economics: FineTuningEconomics | None = None
) -> dict[Approach, ApproachPlan]:
    """Price all four approaches for the answers' base and tuned models.

    `economics` is `fine_tuning_economics(answers, catalog)`, passed in by a caller that needs it as well.
    """
    if economics is None:
        economics = fine_tuning_economics(answers, catalog)
    base = catalog.inference(answers.base_model)
    tuned = catalog.fine_tuning(answers.tuned_model).tuned
    requests, output_tokens = answers.monthly_requests, answers.output_tokens
    prompt_without_few_shot = answers.input_tokens - answers.few_shot_tokens
    retrieval_upfront, retrieval_monthly = _retrieval_usd(answers, catalog)

    prompting = {"inference": requests * economics.prompting_per_request_usd}
    rag = {
        "inference": requests
        * base.tokens.per_request(answers.input_tokens + answers.rag_context_tokens, output_tokens)
    }
    fine_tuned = {"inference": requests * economics.tuned_per_request_usd}
    hybrid = {
        "inference": requests
        * tuned.tokens.per_request(prompt_without_few_shot + answers.rag_context_tokens, output_tokens)
    }
    if base.hosting_usd_per_month:
        prompting["hosting"] = rag["hosting"] = base.hosting_usd_per_month
    if tuned.hosting_usd_per_month:
        fine_tuned["hosting"] = hybrid["hosting"] = tuned.hosting_usd_per_month
    fine_tuning_upfront = {"training": economics.training_usd, "labelling": economics.labelling_usd}
    return {
        PROMPTING: ApproachPlan.of(upfront={}, monthly=prompting),
        RAG: ApproachPlan.of(upfront=retrieval_upfront, monthly=rag | retrieval_monthly),
        FINE_TUNING: ApproachPlan.of(upfront=fine_tuning_upfront, monthly=fine_tuned),
        HYBRID: ApproachPlan.of(
            upfront=fine_tuning_upfront | retrieval_upfront, monthly=hybrid | retrieval_monthly
        ),
    }


def breakeven_month(plan: ApproachPlan, baseline: ApproachPlan) -> int | None:
    """First month by whose end `plan` has cost no more than `baseline`; None when it never catches up."""
    monthly_saving = baseline.monthly_usd - plan.monthly_usd
    extra_upfront = plan.upfront_usd - baseline.upfront_usd
    if extra_upfront <= 0:
        return 1 if monthly_saving >= 0 else None
    if monthly_saving <= 0:
        return None
    return max(1, math.ceil(extra_upfront / monthly_saving))


def paying_volumes(answers: Answers, catalog: Catalog, tuned_model: str | None = None) -> VolumeRange | None:
    """The monthly volumes at which fine-tuning pays back within the answers' horizon; None if none does."""
    return fine_tuning_economics(answers, catalog, tuned_model).paying_volumes(answers.horizon_months)


def cumulative_by_month(
    costs: Mapping[Approach, ApproachCost], horizon_months: int
) -> dict[Approach, list[Decimal]]:
    """Cumulative spend at the end of months 0..horizon for each approach: the cost chart's series."""
    return {
        approach: [cost.upfront_usd + cost.monthly_usd * month for month in range(horizon_months + 1)]
        for approach, cost in costs.items()
    }


def _missing_examples(labeled_examples: int) -> int:
    return max(0, MIN_TRAINING_EXAMPLES - labeled_examples)


def _training_usd(answers: Answers, usd_per_mtok: Decimal) -> Decimal:
    examples = max(answers.labeled_examples, MIN_TRAINING_EXAMPLES)
    return examples * answers.tokens_per_example * answers.epochs * usd_per_mtok / MTOK


def _labelling_usd(answers: Answers) -> Decimal:
    return _missing_examples(answers.labeled_examples) * answers.labeling_cost_per_example


def _retrieval_usd(answers: Answers, catalog: Catalog) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Embedding the corpus once, then each month: query embeddings, the vector store, and re-embedding."""
    embed = catalog.embedding_usd_per_mtok / MTOK
    corpus = answers.knowledge_base_tokens
    store = catalog.vector_store
    chunks = math.ceil(corpus / store.chunk_tokens)
    index_gb = chunks * store.bytes_per_chunk / _BYTES_PER_GB
    read_units = answers.monthly_requests * max(_MIN_READ_UNITS_PER_QUERY, index_gb)
    store_usage = (
        index_gb * store.storage_usd_per_gb_month + read_units * store.usd_per_million_read_units / MTOK
    )
    monthly = {
        "vector_store": max(store.minimum_monthly_usd, store_usage),
        "query_embedding": answers.monthly_requests
        * (answers.input_tokens - answers.few_shot_tokens)
        * embed,
    }
    if answers.knowledge_gap == "changing":
        # Documents that change weekly are assumed to be re-embedded in full once a month: a ceiling, and cheap.
        monthly["reembedding"] = corpus * embed
    return {"corpus_embedding": corpus * embed}, monthly
