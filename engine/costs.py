"""The cost model: every approach priced every time, upfront, per month and over the horizon.

Money is Decimal from the catalog's strings to the end. Sums are kept exact and rounded once, to the cent with
ROUND_HALF_UP (how invoices round), when they leave this module as an ApproachCost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from engine.advice import Approach, ApproachCost
from engine.answers import Answers
from engine.catalog import MTOK, Catalog, ModelPrice

CENT = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
# The seed's floor for a useful fine-tune; fewer examples are topped up by labelling (priced) before training.
MIN_TRAINING_EXAMPLES = 100
_BYTES_PER_GB = Decimal(1_000_000_000)
# A serverless vector query is billed one read unit per GB scanned, a quarter unit at least.
_MIN_READ_UNITS_PER_QUERY = Decimal("0.25")


def to_usd(amount: Decimal) -> Decimal:
    """Round to the cent: the one place money is rounded."""
    return amount.quantize(CENT, rounding=ROUNDING)


@dataclass(frozen=True, slots=True)
class ApproachPlan:
    """One approach's line items, exact (unrounded). Monthly items are for the answers' monthly volume."""

    upfront: Mapping[str, Decimal]
    monthly: Mapping[str, Decimal]

    @property
    def upfront_usd(self) -> Decimal:
        return sum(self.upfront.values(), Decimal(0))

    @property
    def monthly_usd(self) -> Decimal:
        return sum(self.monthly.values(), Decimal(0))

    def cumulative_usd(self, months: int) -> Decimal:
        return self.upfront_usd + self.monthly_usd * months

    def to_cost(self, horizon_months: int) -> ApproachCost:
        breakdown = {f"upfront_{name}": to_usd(value) for name, value in self.upfront.items()}
        breakdown |= {f"monthly_{name}": to_usd(value) for name, value in self.monthly.items()}
        return ApproachCost.model_construct(
            upfront_usd=to_usd(self.upfront_usd),
            monthly_usd=to_usd(self.monthly_usd),
            horizon_usd=to_usd(self.cumulative_usd(horizon_months)),
            breakdown=breakdown,
        )


def price_approaches(
    answers: Answers, catalog: Catalog, tuned_model: str | None = None
) -> dict[Approach, ApproachPlan]:
    """Price all four approaches. `tuned_model` overrides the answers' one (to price an alternative target)."""
    base = catalog.inference(answers.base_model)
    offer = catalog.fine_tuning(tuned_model or answers.tuned_model)
    requests = answers.monthly_requests
    prompt_without_few_shot = answers.input_tokens - answers.few_shot_tokens

    training = _training_usd(answers, offer.training_usd_per_mtok)
    labelling = _missing_examples(answers.labeled_examples) * answers.labeling_cost_per_example
    retrieval_upfront, retrieval_monthly = _retrieval_usd(answers, catalog)

    prompting = {"inference": _inference_usd(base, requests, answers.input_tokens, answers.output_tokens)}
    rag = {
        "inference": _inference_usd(
            base, requests, answers.input_tokens + answers.rag_context_tokens, answers.output_tokens
        )
    }
    fine_tuned = {
        "inference": _inference_usd(offer.tuned, requests, prompt_without_few_shot, answers.output_tokens)
    }
    hybrid = {
        "inference": _inference_usd(
            offer.tuned, requests, prompt_without_few_shot + answers.rag_context_tokens, answers.output_tokens
        )
    }
    for monthly, model in ((prompting, base), (rag, base), (fine_tuned, offer.tuned), (hybrid, offer.tuned)):
        if model.hosting_usd_per_month:
            monthly["hosting"] = model.hosting_usd_per_month
    fine_tuning_upfront = {"training": training, "labelling": labelling}
    return {
        Approach.PROMPTING: ApproachPlan(upfront={}, monthly=prompting),
        Approach.RAG: ApproachPlan(upfront=retrieval_upfront, monthly=rag | retrieval_monthly),
        Approach.FINE_TUNING: ApproachPlan(upfront=fine_tuning_upfront, monthly=fine_tuned),
        Approach.HYBRID: ApproachPlan(
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


def breakeven_monthly_requests(
    answers: Answers, catalog: Catalog, tuned_model: str | None = None
) -> int | None:
    """The monthly volume at which fine-tuning pays back within the horizon; None if no volume does.

    Solved from the plans at two volumes rather than re-deriving prices: cost is linear in requests.
    """
    at_zero = price_approaches(answers.model_copy(update={"monthly_requests": 0}), catalog, tuned_model)
    at_one_million = price_approaches(
        answers.model_copy(update={"monthly_requests": 1_000_000}), catalog, tuned_model
    )
    prompting_fixed, tuned_fixed = at_zero[Approach.PROMPTING], at_zero[Approach.FINE_TUNING]
    per_request_saving = (
        (at_one_million[Approach.PROMPTING].monthly_usd - prompting_fixed.monthly_usd)
        - (at_one_million[Approach.FINE_TUNING].monthly_usd - tuned_fixed.monthly_usd)
    ) / 1_000_000
    if per_request_saving <= 0:
        return None
    # horizon x (requests x saving - extra fixed monthly) >= upfront
    extra_fixed = tuned_fixed.monthly_usd - prompting_fixed.monthly_usd
    needed = (tuned_fixed.upfront_usd / answers.horizon_months + extra_fixed) / per_request_saving
    return max(0, math.ceil(needed))


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


def _inference_usd(model: ModelPrice, requests: int, input_tokens: int, output_tokens: int) -> Decimal:
    return requests * model.tokens.per_request(input_tokens, output_tokens)


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
