"""Step 2, diagnosis: what the remaining failures are (know vs act vs neither) and how big they are.

After OpenAI's "Optimizing LLMs for accuracy": missing, private or changing knowledge is a KNOW gap (retrieval
closes it); format, style, vocabulary or consistency is an ACT gap (fine-tuning closes it). Failures are
blamed on missing knowledge first when the model lacks facts, since facts are injected better by retrieval
than by training (Ovadia et al. 2023), and on behaviour only with a sign of it.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from engine.answers import Answers
from engine.catalog_entries import ModelPrice

# A knowledge base this small fits in the prompt itself (with caching); retrieval is then machinery without a
# purpose, unless answers must cite passages.
FITS_IN_PROMPT_TOKENS = 20_000
# A few percent still failing after the best prompt is not worth a fine-tune and its upkeep...
MATERIAL_GAP = 0.05
# ...unless a wrong answer is costly, when a smaller gap is worth closing.
MATERIAL_GAP_HIGH_STAKES = 0.02
LATENCY_NEEDS_SMALL_MODEL_MS = 100
# The smaller model "keeps up" when it fails at most this much more of the eval than the base model.
SWITCH_TOLERANCE = 0.02

GapState = Literal["unknown", "small", "material"]
SwitchState = Literal["unknown", "keeps_up", "falls_short"]


class Diagnosis(NamedTuple):
    knows_too_little: bool  # facts missing, private or changing, or citations required
    knowledge_fits_in_prompt: bool
    act_signals: tuple[str, ...]  # "format", "vocabulary", "latency": signs the failures are behaviour
    format_untested: bool  # strict schema, JSON-schema mode not tried yet
    format_solved: bool  # strict schema that the provider's JSON-schema mode holds
    gap: GapState
    threshold: float  # the gap that counts as material for these stakes
    acts_wrong: bool  # a material gap that behaviour explains
    smaller_is_cheaper: bool  # the model to fine-tune costs less per token than the base (a proxy for size)
    switch: SwitchState  # the smaller model prompted as it is, against the base model's quality

    @property
    def needs_retrieval(self) -> bool:
        return self.knows_too_little and not self.knowledge_fits_in_prompt


def is_smaller(smaller: ModelPrice, base: ModelPrice) -> bool:
    """Per-token price stands in for size: no catalog gives parameter counts for hosted models."""
    small, large = smaller.tokens, base.tokens
    small_total = small.input_usd_per_mtok + small.output_usd_per_mtok
    large_total = large.input_usd_per_mtok + large.output_usd_per_mtok
    if small_total == large_total == 0:  # both on GPUs of their own: the one needing fewer GPUs is smaller
        return smaller.hosting_usd_per_month < base.hosting_usd_per_month
    return small_total < large_total


def diagnose(answers: Answers, base: ModelPrice, smaller: ModelPrice) -> Diagnosis:
    knows_too_little = answers.knowledge_gap != "none" or answers.needs_citations
    fits = (
        answers.knowledge_gap == "static"
        and not answers.needs_citations
        and 0 < answers.knowledge_base_tokens <= FITS_IN_PROMPT_TOKENS
    )
    strict = answers.output_format == "strict_schema"
    smaller_is_cheaper = is_smaller(smaller, base)
    signals = []
    if strict and answers.structured_output in ("falls_short", "unavailable"):
        signals.append("format")
    if answers.domain_vocabulary == "specialized":
        signals.append("vocabulary")
    latency = answers.latency_p95_ms
    if latency is not None and latency < LATENCY_NEEDS_SMALL_MODEL_MS and smaller_is_cheaper:
        signals.append("latency")
    threshold = MATERIAL_GAP_HIGH_STAKES if answers.error_cost == "high" else MATERIAL_GAP
    gap: GapState = "unknown"
    if answers.quality_gap is not None:
        gap = "material" if answers.quality_gap >= threshold else "small"
    acts_wrong = gap == "material" and (answers.knowledge_gap == "none" or bool(signals))
    return Diagnosis(
        knows_too_little=knows_too_little,
        knowledge_fits_in_prompt=fits,
        act_signals=tuple(signals),
        format_untested=strict and answers.structured_output == "not_tried",
        format_solved=strict and answers.structured_output == "holds",
        gap=gap,
        threshold=threshold,
        acts_wrong=acts_wrong,
        smaller_is_cheaper=smaller_is_cheaper,
        switch=_switch_state(answers, threshold),
    )


def _switch_state(answers: Answers, threshold: float) -> SwitchState:
    switched = answers.switch_model_quality_gap
    if switched is None or answers.base_model == answers.tuned_model:
        return "unknown"
    reference = answers.quality_gap if answers.quality_gap is not None else threshold
    return "keeps_up" if switched <= reference + SWITCH_TOLERANCE else "falls_short"
