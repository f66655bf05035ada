"""The questionnaire: one frozen model whose field metadata drives the Slack modal, the CLI prompts and the docs.

Each field's `json_schema_extra` carries:
- `group`: "essentials" (asked first) or "costs" (cost details, pre-filled with defaults);
- `choices` (for enumerations): value -> short human label, in the order they are offered;
- `placeholder` (optional): an example shown in empty inputs.
`title` is the question as asked, `description` the hint under it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from engine.catalog import UnknownModelError, load_catalog

ANSWERS_SCHEMA_VERSION = 1

KnowledgeGap = Literal["none", "static", "changing"]
OutputFormat = Literal["free_text", "structured", "strict_schema"]
DomainVocabulary = Literal["general", "some", "specialized"]
ErrorCost = Literal["low", "medium", "high"]

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
    """What a team knows about one LLM use case. Field names are a public contract (answers files)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    schema_version: Literal[1] = Field(
        default=ANSWERS_SCHEMA_VERSION,
        title="Answers schema version",
        description="Version of this answers format; only 1 exists.",
        json_schema_extra={"group": "meta"},
    )

    # --- essentials -------------------------------------------------------------------------------
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
        description="A schema that must hold on every call is a behaviour that fine-tuning makes reliable.",
        json_schema_extra=_question(
            ESSENTIALS,
            choices={
                "free_text": "Free text",
                "structured": "Structured, some slack allowed",
                "strict_schema": "Strict schema (JSON, fixed fields)",
            },
        ),
    )
    domain_vocabulary: DomainVocabulary = Field(
        default="general",
        title="How specialised is the vocabulary?",
        description="Medical, legal or in-house jargon the base model handles poorly.",
        json_schema_extra=_question(
            ESSENTIALS,
            choices={"general": "General", "some": "Some jargon", "specialized": "Highly specialised"},
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
    error_cost: ErrorCost = Field(
        default="medium",
        title="How costly is a wrong answer?",
        description="High-stakes answers favour grounding (RAG) and measured, reversible changes.",
        json_schema_extra=_question(
            ESSENTIALS, choices={"low": "Low", "medium": "Medium", "high": "High (legal, medical, money)"}
        ),
    )
    monthly_requests: int = Field(
        default=10_000,
        ge=0,
        le=100_000_000_000,
        title="Requests per month",
        description="Expected calls to the model per month in production.",
        json_schema_extra=_question(ESSENTIALS, placeholder="100000"),
    )
    latency_p95_ms: int | None = Field(
        default=None,
        ge=1,
        le=600_000,
        title="Latency target, p95 (ms)",
        description="Leave empty if there is none. Under 100 ms usually needs a smaller, fine-tuned model.",
        json_schema_extra=_question(ESSENTIALS, placeholder="500"),
    )

    # --- cost details (pre-filled) ---------------------------------------------------------------
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
        title="Labelling cost per example (USD)",
        description="What producing one more labelled example costs; 0 if you already have them.",
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
        default="gpt-4o-mini",
        min_length=1,
        max_length=100,
        title="Model you would fine-tune",
        description="Usually a smaller model than the base one.",
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

    @field_validator("few_shot_tokens")
    @classmethod
    def _few_shot_within_input(cls, few_shot_tokens: int, info: ValidationInfo) -> int:
        # A field validator (not a model one) so the error is located on few_shot_tokens, for inline modal errors.
        input_tokens = info.data.get("input_tokens")
        if input_tokens is not None and few_shot_tokens > input_tokens:
            raise ValueError(f"cannot exceed input_tokens ({input_tokens})")
        return few_shot_tokens

    # Model names are checked here, not in advise(), so a typo is reported on its own field with close matches.
    @field_validator("base_model")
    @classmethod
    def _base_model_is_priced(cls, base_model: str) -> str:
        try:
            load_catalog().inference(base_model)
        except UnknownModelError as error:
            raise ValueError(str(error)) from None
        return base_model

    @field_validator("tuned_model")
    @classmethod
    def _tuned_model_is_trainable(cls, tuned_model: str) -> str:
        try:
            load_catalog().fine_tuning(tuned_model)
        except UnknownModelError as error:
            raise ValueError(str(error)) from None
        return tuned_model


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
