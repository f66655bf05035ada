"""The questionnaire: one frozen model whose field metadata drives the Slack modal, the CLI prompts and the docs.

Each field's `json_schema_extra` carries:
- `group`: "essentials" (asked first: the ~10 answers that decide the verdict) or "costs" (details and costs,
  asked second, every one pre-filled with a typical value);
- `choices` (for enumerations): value -> short human label, in the order they are offered;
- `placeholder` (optional): an example shown in empty inputs.
`title` is the question as asked, `description` the hint under it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from engine.catalog import UnknownModelError, load_catalog
from engine.lifecycle import base_model_problem, tuned_model_problem

ANSWERS_SCHEMA_VERSION: Literal[2] = 2
# Schema 1 files that left tuned_model out meant the default of the day: keep that meaning.
SCHEMA_1_DEFAULT_TUNED_MODEL = "gpt-4o-mini"

KnowledgeGap = Literal["none", "static", "changing"]
OutputFormat = Literal["free_text", "structured", "strict_schema"]
DomainVocabulary = Literal["general", "some", "specialized"]
ErrorCost = Literal["low", "medium", "high"]
StructuredOutput = Literal["not_tried", "holds", "falls_short", "unavailable"]
FineTuningUse = Literal["unknown", "active", "lapsed", "never"]

ESSENTIALS = "essentials"
COSTS = "costs"


def _question(
    group: str, *, choices: dict[str, str] | None = None, placeholder: str | None = None
) -> dict[str, Any]:
    extra: dict[str, Any] = {"group": group}
    if choices is not None:
        extra["choices"] = choices
    if placeholder is not None:
        extra["placeholder"] = placeholder
    return extra


class Answers(BaseModel):
    """What a team knows about one LLM use case. Field names are a public contract (answers files).

    Validate with `answers_for(raw, today)` (or `context={"today": day}`) to also refuse models that are
    retired or cannot be trained on that day; without a day only the answers themselves are checked, so a
    stored decision always reads back.
    """

    # Defaults are validated too: some checks involve other answers (a default corpus of 0 with citations
    # required, a default hosted model with data that must stay in-house).
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, validate_default=True)

    schema_version: Literal[1, 2] = Field(
        default=ANSWERS_SCHEMA_VERSION,
        title="Answers schema version",
        description="Version of this answers format: 2 (1 is still read; its missing answers take defaults).",
        json_schema_extra={"group": "meta"},
    )

    # --- essentials: the answers that decide the verdict ----------------------------------------------
    project: str = Field(
        min_length=1,
        max_length=80,
        title="Project name",
        description="A short name the team will recognise in history and digests.",
        json_schema_extra=_question(ESSENTIALS, placeholder="Support ticket triage"),
    )
    use_case: str = Field(
        default="",
        max_length=2000,
        title="What should the model do?",
        description="One or two sentences: the task, its inputs and what a good answer looks like.",
        json_schema_extra=_question(ESSENTIALS, placeholder="Classify incoming tickets into 12 queues"),
    )
    knowledge_gap: KnowledgeGap = Field(
        default="none",
        title="Does the model lack facts it needs?",
        description="Private, missing or fast-changing knowledge points to retrieval (RAG).",
        json_schema_extra=_question(
            ESSENTIALS,
            choices={
                "none": "No, it knows enough",
                "static": "Yes, facts that rarely change",
                "changing": "Yes, facts that change weekly or faster",
            },
        ),
    )
    needs_citations: bool = Field(
        default=False,
        title="Must answers cite their sources?",
        description="Citations need retrieval: a fine-tuned model cannot point to where a fact came from.",
        json_schema_extra=_question(ESSENTIALS),
    )
    output_format: OutputFormat = Field(
        default="free_text",
        title="How strict is the output format?",
        description="A schema that must hold on every call: try the provider's JSON-schema mode first.",
        json_schema_extra=_question(
            ESSENTIALS,
            choices={
                "free_text": "Free text",
                "structured": "Structured, some slack allowed",
                "strict_schema": "Strict schema (JSON, fixed fields)",
            },
        ),
    )
    prompting_tried: bool = Field(
        default=False,
        title="Has prompting been tuned against an eval?",
        description="System prompt, few-shot examples and chain-of-thought already tried and measured.",
        json_schema_extra=_question(ESSENTIALS),
    )
    has_eval_set: bool = Field(
        default=False,
        title="Is there an eval set?",
        description="A fixed set of cases with expected answers to measure any change against.",
        json_schema_extra=_question(ESSENTIALS),
    )
    quality_gap: float | None = Field(
        default=None,
        ge=0,
        le=1,
        title="Share of eval cases still failing",
        description="After the best prompt, from 0 to 1 (0.15 = 15% fail). Leave empty if unknown.",
        json_schema_extra=_question(ESSENTIALS, placeholder="0.15"),
    )
    labeled_examples: int = Field(
        default=0,
        ge=0,
        le=10_000_000,
        title="Labelled examples available",
        description="Input/ideal-output pairs you could train on. Fine-tuning needs 100 to 1,000s.",
        json_schema_extra=_question(ESSENTIALS, placeholder="1000"),
    )
    monthly_requests: int = Field(
        default=10_000,
        ge=0,
        le=100_000_000_000,
        title="Requests per month",
        description="Expected calls to the model per month in production.",
        json_schema_extra=_question(ESSENTIALS, placeholder="100000"),
    )
    data_must_stay_in_house: bool = Field(
        default=False,
        title="Must the data stay on your own infrastructure?",
        description="Yes if prompts may not be sent to a hosted API: only self-hosted models are then priced.",
        json_schema_extra=_question(ESSENTIALS),
    )

    # --- details and costs (pre-filled with typical values) -------------------------------------------
    domain_vocabulary: DomainVocabulary = Field(
        default="general",
        title="How specialised is the vocabulary?",
        description="Medical, legal or in-house jargon the base model handles poorly.",
        json_schema_extra=_question(
            COSTS,
            choices={"general": "General", "some": "Some jargon", "specialized": "Highly specialised"},
        ),
    )
    structured_output: StructuredOutput = Field(
        default="not_tried",
        title="Structured-output (JSON schema) mode",
        description="Does the provider's JSON-schema mode hold your format? Where it holds, format is no reason to fine-tune.",
        json_schema_extra=_question(
            COSTS,
            choices={
                "not_tried": "Not tried yet",
                "holds": "Tried: it holds the format",
                "falls_short": "Tried: still wrong fields or values",
                "unavailable": "Not offered for our model",
            },
        ),
    )
    error_cost: ErrorCost = Field(
        default="medium",
        title="How costly is a wrong answer?",
        description="High stakes make a smaller quality gap worth closing, with measured, reversible changes.",
        json_schema_extra=_question(
            COSTS, choices={"low": "Low", "medium": "Medium", "high": "High (legal, medical, money)"}
        ),
    )
    wrong_answer_usd: Decimal | None = Field(
        default=None,
        ge=0,
        le=1_000_000,
        max_digits=12,
        decimal_places=4,
        title="What one wrong answer costs (USD)",
        description="Refunds, rework, an agent's minutes. Empty: $0.01 / $0.10 / $1 for low / medium / high stakes.",
        json_schema_extra=_question(COSTS, placeholder="0.50"),
    )
    latency_p95_ms: int | None = Field(
        default=None,
        ge=1,
        le=600_000,
        title="Latency target, p95 (ms)",
        description="Leave empty if there is none. Under 100 ms usually needs a smaller model.",
        json_schema_extra=_question(COSTS, placeholder="500"),
    )
    switch_model_quality_gap: float | None = Field(
        default=None,
        ge=0,
        le=1,
        title="Share failing with the smaller model",
        description="The model you would fine-tune, prompted as it is with your best prompt, 0 to 1. Empty if unknown.",
        json_schema_extra=_question(COSTS, placeholder="0.2"),
    )
    openai_fine_tuning_use: FineTuningUse = Field(
        default="unknown",
        title="Your organisation's OpenAI fine-tuning use",
        description="OpenAI closes self-serve fine-tuning in stages, by recent use: it decides whether you can still train.",
        json_schema_extra=_question(
            COSTS,
            choices={
                "unknown": "Don't know",
                "active": "Fine-tuned model called in the last 60 days",
                "lapsed": "Fine-tuned before, none called in 60 days",
                "never": "Never fine-tuned on OpenAI",
            },
        ),
    )
    input_tokens: int = Field(
        default=1_000,
        ge=1,
        le=2_000_000,
        title="Input tokens per request",
        description="Including the system prompt and few-shot examples.",
        json_schema_extra=_question(COSTS),
    )
    output_tokens: int = Field(
        default=300,
        ge=1,
        le=200_000,
        title="Output tokens per request",
        description="Typical length of the model's answer.",
        json_schema_extra=_question(COSTS),
    )
    few_shot_tokens: int = Field(
        default=0,
        ge=0,
        le=2_000_000,
        title="Few-shot tokens a fine-tune would drop",
        description="The part of the input tokens that only teaches format or style.",
        json_schema_extra=_question(COSTS),
    )
    cached_prefix_tokens: int = Field(
        default=0,
        ge=0,
        le=2_000_000,
        title="Fixed prompt prefix to cache (tokens)",
        description="Leading tokens identical on every call (system prompt, examples), billed at cached-input prices. 0: no caching.",
        json_schema_extra=_question(COSTS),
    )
    batch_ok: bool = Field(
        default=False,
        title="Can requests wait for a batch (up to 24 h)?",
        description="Batch APIs halve the price where the provider offers them.",
        json_schema_extra=_question(COSTS),
    )
    knowledge_base_tokens: int = Field(
        default=0,
        ge=0,
        le=1_000_000_000_000,
        title="Knowledge base size (tokens)",
        description="Documents RAG would index. Roughly 750 words per 1,000 tokens.",
        json_schema_extra=_question(COSTS, placeholder="2000000"),
    )
    rag_context_tokens: int = Field(
        default=2_000,
        ge=0,
        le=2_000_000,
        title="Retrieved tokens per request (RAG)",
        description="Context RAG would add to each prompt.",
        json_schema_extra=_question(COSTS),
    )
    tokens_per_example: int = Field(
        default=500,
        ge=1,
        le=1_000_000,
        title="Tokens per training example",
        description="Prompt plus ideal answer, on average.",
        json_schema_extra=_question(COSTS),
    )
    epochs: int = Field(
        default=3,
        ge=1,
        le=50,
        title="Training epochs",
        description="Passes over the training data; providers default to about 3.",
        json_schema_extra=_question(COSTS),
    )
    labeling_cost_per_example: Decimal = Field(
        default=Decimal(0),
        ge=0,
        le=10_000,
        max_digits=12,
        decimal_places=4,
        title="Hand-labelling cost per example (USD)",
        description="What one more labelled example costs by hand; 0 if unknown (distillation is priced too).",
        json_schema_extra=_question(COSTS, placeholder="0.50"),
    )
    base_model: str = Field(
        default="gpt-4o",
        min_length=1,
        max_length=100,
        title="Model used with prompting today",
        description="Priced from the catalog; run `tunewise prices` for the list.",
        json_schema_extra=_question(COSTS),
    )
    tuned_model: str = Field(
        default="llama-3.1-8b-instruct",
        min_length=1,
        max_length=100,
        title="Model you would fine-tune",
        description="Usually smaller than the base one; also priced prompted as it is (the switch_model plan).",
        json_schema_extra=_question(COSTS),
    )
    horizon_months: int = Field(
        default=12,
        ge=1,
        le=60,
        title="Horizon (months)",
        description="How far ahead to compare total costs.",
        json_schema_extra=_question(COSTS),
    )

    # Contradictions are refused like invalid values, each on one field (field validators, not a model one),
    # so the CLI names the field and the modal shows the error on its block.
    @model_validator(mode="before")
    @classmethod
    def _schema_1_keeps_its_defaults(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and raw.get("schema_version") == 1 and "tuned_model" not in raw:
            return {**raw, "tuned_model": SCHEMA_1_DEFAULT_TUNED_MODEL}
        return raw

    @field_validator("quality_gap")
    @classmethod
    def _gap_was_measured(cls, gap: float | None, info: ValidationInfo) -> float | None:
        if gap is None:
            return gap
        if info.data.get("has_eval_set") is False:
            raise ValueError("a share of failing eval cases needs an eval set, but has_eval_set is no")
        if info.data.get("prompting_tried") is False:
            raise ValueError(
                "this is the share failing after the best prompt, but prompting_tried is no: "
                "tune the prompt first, or leave it empty"
            )
        return gap

    @field_validator("switch_model_quality_gap")
    @classmethod
    def _switch_gap_was_measured(cls, gap: float | None, info: ValidationInfo) -> float | None:
        if gap is not None and info.data.get("has_eval_set") is False:
            raise ValueError("a share of failing eval cases needs an eval set, but has_eval_set is no")
        return gap

    @field_validator("few_shot_tokens")
    @classmethod
    def _few_shot_within_input(cls, few_shot_tokens: int, info: ValidationInfo) -> int:
        input_tokens = info.data.get("input_tokens")
        if input_tokens is not None and few_shot_tokens and few_shot_tokens >= input_tokens:
            raise ValueError(
                f"must be less than input_tokens ({input_tokens}): a request is more than its examples"
            )
        return few_shot_tokens

    @field_validator("cached_prefix_tokens")
    @classmethod
    def _prefix_within_input(cls, prefix_tokens: int, info: ValidationInfo) -> int:
        input_tokens = info.data.get("input_tokens")
        if input_tokens is not None and prefix_tokens > input_tokens:
            raise ValueError(f"cannot exceed input_tokens ({input_tokens})")
        return prefix_tokens

    @field_validator("knowledge_base_tokens")
    @classmethod
    def _citations_have_a_source(cls, corpus_tokens: int, info: ValidationInfo) -> int:
        if (
            corpus_tokens == 0
            and info.data.get("needs_citations")
            and info.data.get("knowledge_gap") == "none"
        ):
            raise ValueError(
                "needs_citations is yes, but there is no knowledge gap and no corpus to cite: "
                "give the size of the documents answers must cite"
            )
        return corpus_tokens

    # Model names are checked here, not in advise(), so a typo is reported on its own field with close matches.
    @field_validator("base_model")
    @classmethod
    def _base_model_is_usable(cls, base_model: str, info: ValidationInfo) -> str:
        catalog = load_catalog()
        try:
            price = catalog.inference(base_model)
        except UnknownModelError as error:
            raise ValueError(str(error)) from None
        if info.data.get("data_must_stay_in_house") and not price.self_hosted:
            raise ValueError(
                f"{base_model} is a hosted API, but data_must_stay_in_house is yes: "
                f"name the self-hosted model you run ({', '.join(catalog.self_hosted_models)})"
            )
        problem = base_model_problem(catalog, base_model, _advice_date(info))
        if problem:
            raise ValueError(problem)
        return base_model

    @field_validator("tuned_model")
    @classmethod
    def _tuned_model_is_trainable(cls, tuned_model: str, info: ValidationInfo) -> str:
        catalog = load_catalog()
        try:
            offer = catalog.fine_tuning(tuned_model)
        except UnknownModelError as error:
            raise ValueError(str(error)) from None
        if info.data.get("data_must_stay_in_house") and not offer.self_hosted:
            raise ValueError(
                f"fine-tuning {tuned_model} runs on {offer.provider}, but data_must_stay_in_house is yes: "
                f"pick one you can train and serve yourself ({', '.join(catalog.self_hosted_trainable_models)})"
            )
        problem = tuned_model_problem(
            catalog,
            tuned_model,
            _advice_date(info),
            info.data.get("openai_fine_tuning_use", "unknown"),
            bool(info.data.get("data_must_stay_in_house")),
        )
        if problem:
            raise ValueError(problem)
        return tuned_model


def _advice_date(info: ValidationInfo) -> date | None:
    context = info.context
    return context.get("today") if isinstance(context, dict) else None


def answers_for(raw: dict[str, Any], today: date | None = None) -> Answers:
    """Validate answers as of the advice date (default: the real one), refusing retired or untrainable models.

    Raises pydantic's ValidationError, each problem located on its field (CLI lines, inline modal errors).
    """
    return Answers.model_validate(raw, context={"today": today or datetime.now(UTC).date()})


def question_fields(group: str | None = None) -> list[str]:
    """Names of the questions to ask, in order, optionally only one group's."""
    names = []
    for name, info in Answers.model_fields.items():
        field_group = (info.json_schema_extra or {}).get("group")  # type: ignore[union-attr]
        if field_group == "meta":
            continue
        if group is None or field_group == group:
            names.append(name)
    return names
