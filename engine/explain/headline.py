"""The headline: the verdict and its gist, or, on a close call, the one question that would decide it."""

from __future__ import annotations

from engine.advice import Approach
from engine.assessment import Assessment
from engine.costs import SWITCH_MODEL
from engine.explain.phrasing import plan_label, usd

_HEADLINE_GISTS = {
    "no_eval": "build an eval set first; nothing else can be measured without one",
    "prompting_untried": "tune the prompt against the eval before anything heavier",
    "changing_facts": "its facts change weekly or faster",
    "citations": "answers must cite their sources",
    "missing_facts": "it lacks facts it needs",
    "facts_fit_in_prompt": "the facts it lacks fit in the prompt",
    "prompting_passes": "the best prompt already passes the eval",
    "behaviour_gap": "prompting has plateaued on how the model must act",
    "cost": "it costs less than the cheapest prompting plan at your volume",
    "blocked": "fine-tuning would close the gap but cannot start yet",
    "format_untested": "try the provider's JSON-schema mode before training for the format",
    "fix_costs_more": "a fine-tune would cost more per corrected answer than a wrong answer costs",
    "nothing_measured": "nothing measured points elsewhere yet",
}

# How each question reads when it is the one that would decide.
_QUESTIONS = {
    "quality_gap": "the share of eval cases still failing after the best prompt",
    "structured_output": "whether the provider's JSON-schema mode holds the format",
    "switch_model_quality_gap": "how the smaller model scores on the eval, prompted as it is",
    "openai_fine_tuning_use": "whether your organisation still has OpenAI fine-tuning access",
    "knowledge_base_tokens": "the size of the knowledge base",
    "monthly_requests": "the real monthly volume",
    "wrong_answer_usd": "what one wrong answer really costs",
}


def deciding_question(assessment: Assessment) -> str:
    """The one answer that would settle a close call, in the order an ML lead would ask for it."""
    answers, diagnosis, gates = assessment.answers, assessment.diagnosis, assessment.gates
    if answers.quality_gap is None and answers.has_eval_set and answers.prompting_tried:
        return "quality_gap"
    if diagnosis.format_untested:
        return "structured_output"
    if diagnosis.switch == "unknown" and assessment.economics.best_prompting is SWITCH_MODEL:
        return "switch_model_quality_gap"
    if gates.access_unknown:
        return "openai_fine_tuning_use"
    money = assessment.economics
    if money.wrong_answer_assumed and assessment.driver in ("behaviour_gap", "fix_costs_more"):
        return "wrong_answer_usd"
    if assessment.approach in (Approach.RAG, Approach.HYBRID) and answers.knowledge_base_tokens == 0:
        return "knowledge_base_tokens"
    return "monthly_requests"


def headline(assessment: Assessment, clear_winner: bool) -> str:
    project = assessment.answers.project
    if not clear_winner:
        question = deciding_question(assessment)
        between = assessment.approach.label
        if assessment.runner_up is not None:
            between += f" and {plan_label(assessment.runner_up, assessment).lower()}"
        return f"No clear winner for {project} between {between}: {_QUESTIONS[question]} would decide it"
    if switch_advised(assessment):
        answers = assessment.answers
        return (
            f"Prompt {answers.tuned_model} instead of {answers.base_model} for {project}: it keeps up on the eval "
            f"and saves {usd(assessment.economics.switch_saving_usd)} a month, no training needed"
        )
    return f"{assessment.approach.label} for {project}: {_HEADLINE_GISTS[assessment.driver]}"


def switch_advised(assessment: Assessment) -> bool:
    """Prompting stays the approach, on the smaller model: measured to keep up, cheaper, and open."""
    return (
        assessment.approach is Approach.PROMPTING
        and assessment.economics.best_prompting is SWITCH_MODEL
        and assessment.diagnosis.switch == "keeps_up"
        and assessment.economics.switch_saving_usd > 0
    )
