"""Evidence into answers: fill what the eval results measured, keep what the answers file says.

The best prompting result for the base model is the baseline: its failing share is `quality_gap`, its tokens
per request `input_tokens` and `output_tokens`, and a measured prompt means `has_eval_set` and
`prompting_tried`. The other runs are reported beside it; a run of the model to fine-tune, prompted as it is,
gives `switch_model_quality_gap` (the switch-model plan). A value the answers file sets always wins, and
`EvidenceSummary.kept` says what the evidence would have given instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Literal

from engine.catalog import Catalog, UnknownModelError
from engine.diagnosis import is_smaller
from engine.evidence.model import Evidence, EvidenceError
from engine.evidence.models import catalog_model
from engine.evidence_summary import EvidenceAnswer, EvidenceRun, EvidenceSummary
from engine.lifecycle import tuned_model_problem

# The answers eval results can give: a form that pre-fills every question treats these as unanswered while they
# still hold the value it pre-filled, so that the evidence can fill them.
MEASURED_FIELDS = (
    "has_eval_set",
    "prompting_tried",
    "base_model",
    "quality_gap",
    "input_tokens",
    "output_tokens",
    "tuned_model",
    "switch_model_quality_gap",
)
# Below this many cases a pass rate is too rough to lean on (its 95% interval is wider than +-15 points).
FEW_CASES = 30


@dataclass(frozen=True)
class Applied:
    """Answers filled from evidence, and the record of what came from where."""

    raw: dict[str, Any]
    summary: EvidenceSummary
    baseline: Evidence | None
    compared: tuple[Evidence, ...]
    switch_run: Evidence | None = None  # the run switch_model_quality_gap came from


def _rank(evidence: Evidence) -> tuple[float, int]:
    """Best first: the higher pass rate, then the run with more cases."""
    return (evidence.pass_rate, evidence.cases)


def apply_evidence(
    raw: Mapping[str, Any], found: Sequence[Evidence], catalog: Catalog, today: date | None = None
) -> Applied:
    """`raw` answers (as read from the answers file) with the evidence filled in where the file is silent.

    `today` is the advice date (default: the real one): a model that cannot be fine-tuned that day is never
    proposed as the model to fine-tune.
    """
    if not found:
        raise EvidenceError("no evidence given")
    if raw.get("has_eval_set") is False:
        # Kept, the file's "no" would advise building an eval set beside the eval run that was just read.
        first = found[0]
        raise EvidenceError(
            f"{first.source}: the answers file says there is no eval set (has_eval_set: false), but this is an "
            f"eval run of {first.cases:,} cases ({first.summary()}): set has_eval_set to true or leave it out"
        )
    for evidence in found:
        if evidence.passed + evidence.failed == 0:
            # Every case errored: a pass rate of 0 would read as a model failing everything.
            raise EvidenceError(
                f"{evidence.source}: every case of the {evidence.tool} run of {evidence.model} errored "
                f"({evidence.errored:,}); no answer was graded, so there is no pass rate to learn: fix the errors "
                "and run the eval again"
            )
    names = {id(evidence): catalog_model(evidence, catalog) for evidence in found}
    base_model = raw.get("base_model") or names[id(max(found, key=_rank))]
    of_base = [evidence for evidence in found if names[id(evidence)] == base_model]
    baseline = max(of_base, key=_rank) if of_base else None
    compared = tuple(sorted((e for e in found if e is not baseline), key=_rank, reverse=True))
    tuned_model = raw.get("tuned_model") or _trainable_alternative(
        compared, names, base_model, catalog, _usable_for_training(raw, catalog, today)
    )
    tuned_run = _run_of(tuned_model, compared, names, baseline) if tuned_model else None

    filled: dict[str, Any] = {"has_eval_set": True, "prompting_tried": True}
    first = baseline or compared[0]
    origin = {"has_eval_set": first, "prompting_tried": first}
    if baseline is not None:
        filled.update(base_model=base_model, quality_gap=round(1 - baseline.pass_rate, 4))
        origin.update(base_model=baseline, quality_gap=baseline)
        for field, tokens in (
            ("input_tokens", baseline.mean_input_tokens),
            ("output_tokens", baseline.mean_output_tokens),
        ):
            if tokens:
                filled[field] = max(1, round(tokens))
                origin[field] = baseline
    if tuned_run is not None:
        filled.update(tuned_model=tuned_model, switch_model_quality_gap=round(1 - tuned_run.pass_rate, 4))
        origin.update(tuned_model=tuned_run, switch_model_quality_gap=tuned_run)
    # A gap "after the best prompt" contradicts an answers file that says the prompt was not tuned yet.
    if raw.get("prompting_tried") is False:
        for field in ("quality_gap", "switch_model_quality_gap"):
            filled.pop(field, None)

    ordered = ((baseline,) if baseline else ()) + compared
    index = {id(evidence): number for number, evidence in enumerate(ordered)}
    runs = tuple(
        _run(evidence, names[id(evidence)], "baseline" if evidence is baseline else "compared")
        for evidence in ordered
    )
    answers = dict(raw)
    taken: dict[str, EvidenceAnswer] = {}
    kept: dict[str, EvidenceAnswer] = {}
    for field, value in filled.items():
        answer = EvidenceAnswer(value=_shown(field, value), run=index[id(origin[field])])
        if field in raw and raw[field] is not None:
            if raw[field] != value:
                kept[field] = answer
            continue
        answers[field] = value
        taken[field] = answer
    summary = EvidenceSummary(runs=runs, filled=taken, kept=kept)
    switch_run = tuned_run if "switch_model_quality_gap" in taken else None
    return Applied(answers, summary, baseline, compared, switch_run)


def _usable_for_training(
    raw: Mapping[str, Any], catalog: Catalog, today: date | None
) -> Callable[[str], bool]:
    """Whether a model can take a fine-tuning job on the advice date, as the answers' own check decides."""
    day = today or datetime.now(UTC).date()
    use = str(raw.get("openai_fine_tuning_use") or "unknown")
    in_house = bool(raw.get("data_must_stay_in_house"))

    def usable(name: str) -> bool:
        if in_house and not catalog.fine_tuning(name).self_hosted:
            return False
        return tuned_model_problem(catalog, name, day, use, in_house) is None

    return usable


def _trainable_alternative(
    compared: Sequence[Evidence],
    names: Mapping[int, str],
    base_model: str,
    catalog: Catalog,
    trainable_today: Callable[[str], bool],
) -> str | None:
    """The best-scoring other model in the evidence that is smaller than the base model (cheaper per token) and
    that the catalog can fine-tune on the advice date, if any. The model to fine-tune is also the one the
    switch-model plan prompts instead of the base: a larger model scoring lower than the base is neither, whatever
    its rank here, and neither is a retired one that still scored well."""
    try:
        base = catalog.inference(base_model)
    except UnknownModelError:
        return None
    for evidence in compared:
        name = names[id(evidence)]
        if name == base_model:
            continue
        try:
            catalog.fine_tuning(name)
            smaller = is_smaller(catalog.inference(name), base)
        except UnknownModelError:
            continue
        if smaller and trainable_today(name):
            return name
    return None


def _run_of(
    model: str, compared: Sequence[Evidence], names: Mapping[int, str], baseline: Evidence | None
) -> Evidence | None:
    """The run of `model` with the baseline's prompt if there is one, else its best run."""
    runs = [evidence for evidence in compared if names[id(evidence)] == model]
    if baseline is not None:
        same_prompt = [evidence for evidence in runs if evidence.prompt == baseline.prompt]
        runs = same_prompt or runs
    return max(runs, key=_rank) if runs else None


def _shown(field: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field.endswith("quality_gap"):
        return f"{value:.1%}".replace(".0%", "%")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _run(evidence: Evidence, name: str, role: Literal["baseline", "compared"]) -> EvidenceRun:
    return EvidenceRun(
        role=role,
        tool=evidence.tool,
        tool_version=evidence.tool_version,
        file=evidence.source,
        run_date=evidence.run_date,
        model=evidence.model,
        catalog_model=name,
        prompt=evidence.prompt,
        cases=evidence.cases,
        passed=evidence.passed,
        failed=evidence.failed,
        errored=evidence.errored,
        summary=evidence.summary(),
    )


def beside(baseline: Evidence | None, other: Evidence) -> str:
    """How a compared run reads next to the baseline: 'gpt-4o-mini with the same prompt: 91% pass'."""
    if baseline is not None and other.model == baseline.model:
        who = f"prompt {other.prompt or '(unnamed)'}"
    elif baseline is not None and other.prompt == baseline.prompt:
        who = f"{other.model} with the same prompt"
    else:
        who = f"{other.model} with prompt {other.prompt}" if other.prompt else other.model
    return f"{who}: {other.pass_rate:.0%} pass ({other.passed} of {other.cases} cases, {other.source})"
