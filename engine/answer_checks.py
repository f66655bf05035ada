"""The checks on Answers that involve more than one answer or the catalog: contradictions, and models that
cannot be used on the advice date.

Each is a pydantic field validator that raises on ONE field, never a model validator, so the CLI names the
field and the modal shows the error on its block. They run in field order: `info.data` holds the answers
above the checked one.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationInfo

from engine.catalog import UnknownModelError, load_catalog
from engine.lifecycle import base_model_problem, tuned_model_problem


def gap_was_measured(gap: float | None, info: ValidationInfo) -> float | None:
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


def switch_gap_was_measured(gap: float | None, info: ValidationInfo) -> float | None:
    if gap is not None and info.data.get("has_eval_set") is False:
        raise ValueError("a share of failing eval cases needs an eval set, but has_eval_set is no")
    return gap


def few_shot_within_input(few_shot_tokens: int, info: ValidationInfo) -> int:
    input_tokens = info.data.get("input_tokens")
    if input_tokens is not None and few_shot_tokens and few_shot_tokens >= input_tokens:
        raise ValueError(
            f"must be less than input_tokens ({input_tokens}): a request is more than its examples"
        )
    return few_shot_tokens


def prefix_within_input(prefix_tokens: int, info: ValidationInfo) -> int:
    input_tokens = info.data.get("input_tokens")
    if input_tokens is not None and prefix_tokens > input_tokens:
        raise ValueError(f"cannot exceed input_tokens ({input_tokens})")
    return prefix_tokens


def citations_have_a_source(corpus_tokens: int, info: ValidationInfo) -> int:
    if corpus_tokens == 0 and info.data.get("needs_citations") and info.data.get("knowledge_gap") == "none":
        raise ValueError(
            "needs_citations is yes, but there is no knowledge gap and no corpus to cite: "
            "give the size of the documents answers must cite"
        )
    return corpus_tokens


# Model names are checked here, not in advise(), so a typo is reported on its own field with close matches.
def base_model_is_usable(base_model: str, info: ValidationInfo) -> str:
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


def tuned_model_is_trainable(tuned_model: str, info: ValidationInfo) -> str:
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
