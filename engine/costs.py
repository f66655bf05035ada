"""The cost model: every plan priced every time, upfront, per month and over the horizon.

Money is Decimal from the catalog's strings to the end. Sums are kept exact and rounded once, to the cent with
ROUND_HALF_UP (how invoices round), when they leave this module as an ApproachCost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple, cast

from engine.advice import ApproachCost, Plan
from engine.answers import Answers
from engine.catalog import Catalog
from engine.catalog_entries import MTOK, FineTuningOffer, ModelPrice

CENT = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
_ZERO = Decimal(0)
# The seed's floor for a useful fine-tune (OpenAI sees clear gains from 50-100 examples); fewer are topped up
# by hand labelling or distillation, priced, before training.
MIN_TRAINING_EXAMPLES = 100
_BYTES_PER_GB = Decimal(1_000_000_000)
# A serverless vector query is billed one read unit per GB scanned, a quarter unit at least.
_MIN_READ_UNITS_PER_QUERY = Decimal("0.25")

PROMPTING, SWITCH_MODEL, RAG, FINE_TUNING, HYBRID = (
    Plan.PROMPTING,
    Plan.SWITCH_MODEL,
    Plan.RAG,
    Plan.FINE_TUNING,
    Plan.HYBRID,
)
PROMPTING_PLANS = (PROMPTING, SWITCH_MODEL)
CACHING, BATCH = "prompt caching", "batch"

# Line items as named in ApproachCost.breakdown.
_UPFRONT_KEYS = {
    name: f"upfront_{name}" for name in ("training", "labelling", "distillation", "corpus_embedding")
}
_MONTHLY_KEYS = {
    name: f"monthly_{name}"
    for name in ("inference", "hosting", "vector_store", "query_embedding", "reembedding")
}


def to_usd(amount: Decimal) -> Decimal:
    """Round to the cent: the one place money is rounded."""
    return amount.quantize(CENT, rounding=ROUNDING)


class ApproachPlan(NamedTuple):
    """One plan's line items, exact (unrounded). Monthly items are for the answers' monthly volume.

    `per_request_usd` and `fixed_monthly_usd` split the monthly bill so that break-even volumes can be solved.
    """

    upfront: Mapping[str, Decimal]
    monthly: Mapping[str, Decimal]
    upfront_usd: Decimal
    monthly_usd: Decimal
    per_request_usd: Decimal
    fixed_monthly_usd: Decimal
    discounts: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        upfront: Mapping[str, Decimal],
        per_request_usd: Decimal,
        requests: int,
        fixed: Mapping[str, Decimal],
        discounts: tuple[str, ...] = (),
    ) -> ApproachPlan:
        monthly = {"inference": requests * per_request_usd, **fixed}
        fixed_usd = sum(fixed.values(), _ZERO)
        return cls(
            upfront,
            monthly,
            sum(upfront.values(), _ZERO),
            sum(monthly.values(), _ZERO),
            per_request_usd,
            fixed_usd,
            discounts,
        )

    def horizon_usd(self, months: int) -> Decimal:
        return self.upfront_usd + self.monthly_usd * months

    def cost_fields(self, horizon_months: int) -> dict[str, Any]:
        """ApproachCost's fields, rounded to the cent: the edge where this plan's money leaves the engine."""
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
            "discounts": self.discounts,
        }


class Labels(NamedTuple):
    """How the examples missing below the floor would be had: by hand, or distilled from the base model."""

    missing: int
    hand_usd: Decimal | None  # None: the hand-labelling price is unknown
    distillation_usd: Decimal | None  # None: no stronger model to distil from
    method: str  # "none", "labelling" or "distillation"; "unknown" when neither can be priced

    @property
    def usd(self) -> Decimal:
        if self.method == "labelling":
            return self.hand_usd or _ZERO
        if self.method == "distillation":
            return self.distillation_usd or _ZERO
        return _ZERO


class VolumeRange(NamedTuple):
    """Monthly request volumes from `lowest` to `highest` (None: no upper bound)."""

    lowest: int
    highest: int | None


def request_usd(
    price: ModelPrice, answers: Answers, input_tokens: int, prefix_tokens: int
) -> tuple[Decimal, tuple[str, ...]]:
    """One request to `price`'s model, with the cheaper of the discounts the answers allow; and which applied.

    Caching bills the fixed prefix at the cached-input price (steady traffic keeps the cache warm); batch
    pricing halves the whole request where the provider has a batch price. They are not stacked: batch
    tables publish no cached-input rate.
    """
    tokens = price.tokens
    plain = (
        input_tokens * tokens.input_usd_per_mtok + answers.output_tokens * tokens.output_usd_per_mtok
    ) / MTOK
    best, applied = plain, cast(tuple[str, ...], ())
    cached_price = price.cached_input_usd_per_mtok
    if prefix_tokens and cached_price is not None:
        cached = plain - prefix_tokens * (tokens.input_usd_per_mtok - cached_price) / MTOK
        if cached < best:
            best, applied = cached, (CACHING,)
    if answers.batch_ok and price.batch is not None:
        batched = (
            input_tokens * price.batch.input_usd_per_mtok
            + answers.output_tokens * price.batch.output_usd_per_mtok
        ) / MTOK
        if batched < best:
            best, applied = batched, (BATCH,)
    return best, applied


def labels_for(answers: Answers, catalog: Catalog) -> Labels:
    """Price the labels missing below the floor, both ways; the plan takes the cheaper one that is known.

    Distillation has the base model (the one prompting runs today) answer the missing inputs; it only teaches
    something when the base is a different, stronger model than the one being tuned.
    """
    missing = max(0, MIN_TRAINING_EXAMPLES - answers.labeled_examples)
    if missing == 0:
        return Labels(0, None, None, "none")
    hand = missing * answers.labeling_cost_per_example if answers.labeling_cost_per_example > 0 else None
    distillation = None
    if answers.base_model != answers.tuned_model:
        teacher = catalog.inference(answers.base_model).tokens
        distillation = (
            missing
            * (
                answers.input_tokens * teacher.input_usd_per_mtok
                + answers.output_tokens * teacher.output_usd_per_mtok
            )
            / MTOK
        )
    known = [
        (usd, method)
        for usd, method in ((hand, "labelling"), (distillation, "distillation"))
        if usd is not None
    ]
    method = min(known)[1] if known else "unknown"
    return Labels(missing, hand, distillation, method)


def training_usd(answers: Answers, offer: FineTuningOffer) -> Decimal:
    examples = max(answers.labeled_examples, MIN_TRAINING_EXAMPLES)
    return examples * answers.tokens_per_example * answers.epochs * offer.training_usd_per_mtok / MTOK


def _retrieval_usd(answers: Answers, catalog: Catalog) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Embedding the corpus once, then each month: query embeddings, the vector store, and re-embedding.

    Data that must stay in the building is embedded on the team's own GPU (no per-token bill); the vector
    store is then their own, priced at the managed store's minimum as a stand-in for a small database server.
    """
    store = catalog.vector_store
    if answers.data_must_stay_in_house:
        return {"corpus_embedding": _ZERO}, {"vector_store": store.minimum_monthly_usd}
    embed = catalog.embedding_usd_per_mtok / MTOK
    corpus = answers.knowledge_base_tokens
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


def _hosting(price: ModelPrice) -> dict[str, Decimal]:
    return {"hosting": price.hosting_usd_per_month} if price.hosting_usd_per_month else {}


def price_plans(answers: Answers, catalog: Catalog, labels: Labels | None = None) -> dict[Plan, ApproachPlan]:
    """Price all five plans for the answers' base and tuned models (`labels`: from labels_for, if already had)."""
    base = catalog.inference(answers.base_model)
    smaller = catalog.inference(answers.tuned_model)
    offer = catalog.fine_tuning(answers.tuned_model)
    tuned = offer.tuned
    requests = answers.monthly_requests
    full_input, few_shot, prefix = answers.input_tokens, answers.few_shot_tokens, answers.cached_prefix_tokens
    # A fine-tune drops the few-shot examples; whatever is left of the fixed prefix is still cacheable.
    tuned_input, tuned_prefix = full_input - few_shot, max(0, prefix - few_shot)
    retrieval_upfront, retrieval_monthly = _retrieval_usd(answers, catalog)
    if labels is None:
        labels = labels_for(answers, catalog)
    fine_tuning_upfront = {"training": training_usd(answers, offer)}
    if labels.method in ("labelling", "distillation"):
        fine_tuning_upfront[labels.method] = labels.usd

    def plan(
        price: ModelPrice,
        input_tokens: int,
        prefix_tokens: int,
        upfront: dict[str, Decimal],
        fixed: dict[str, Decimal],
    ) -> ApproachPlan:
        per_request, discounts = request_usd(price, answers, input_tokens, prefix_tokens)
        return ApproachPlan.of(upfront, per_request, requests, _hosting(price) | fixed, discounts)

    context = answers.rag_context_tokens
    return {
        PROMPTING: plan(base, full_input, prefix, {}, {}),
        SWITCH_MODEL: plan(smaller, full_input, prefix, {}, {}),
        RAG: plan(base, full_input + context, prefix, retrieval_upfront, retrieval_monthly),
        FINE_TUNING: plan(tuned, tuned_input, tuned_prefix, fine_tuning_upfront, {}),
        HYBRID: plan(
            tuned,
            tuned_input + context,
            tuned_prefix,
            fine_tuning_upfront | retrieval_upfront,
            retrieval_monthly,
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


def paying_volumes(plan: ApproachPlan, baseline: ApproachPlan, horizon_months: int) -> VolumeRange | None:
    """The monthly volumes at which `plan` pays back against `baseline` within the horizon; None if none does.

    Over the horizon `plan` saves horizon x (requests x per-request saving + fixed saving), and pays back when
    that covers its extra upfront cost. A per-request saving sets a floor on the volume; a per-request loss
    (against a model on GPUs of its own, which costs nothing per token) sets a ceiling.
    """
    per_request_saving = baseline.per_request_usd - plan.per_request_usd
    fixed_saving = baseline.fixed_monthly_usd - plan.fixed_monthly_usd
    needed_monthly = (plan.upfront_usd - baseline.upfront_usd) / horizon_months - fixed_saving
    if per_request_saving == 0:
        return VolumeRange(0, None) if needed_monthly <= 0 else None
    bound = needed_monthly / per_request_saving
    if per_request_saving > 0:
        return VolumeRange(max(0, math.ceil(bound)), None)
    return VolumeRange(0, math.floor(bound)) if bound >= 0 else None


def cumulative_by_month(costs: Mapping[Plan, ApproachCost], horizon_months: int) -> dict[Plan, list[Decimal]]:
    """Cumulative spend at the end of months 0..horizon for each plan: the cost chart's series."""
    return {
        plan: [cost.upfront_usd + cost.monthly_usd * month for month in range(horizon_months + 1)]
        for plan, cost in costs.items()
    }
