"""The Advice with its evidence: the runs recorded, the reasons citing them, confidence weighed by case count.

Applied after `advise()`: the engine decides from the answers as it always does; this step only says where
the measured answers came from and how much they can be leaned on.

Confidence: a pass rate measured on many cases is firmer ground than a typed guess, one measured on few is
shakier. With the baseline run's N cases, confidence moves by +0.05 (N >= 100), +0.02 (30 <= N < 100) or
-0.10 (N < 30, with a warning giving the 95% interval of the pass rate; also when errored cases alone are a
material gap, 5% of the run or more, with a warning: fine-tuning does not fix a provider's or a grader's errors), always within the band the engine
chose (at or above CLEAR_WINNER stays there, below stays below), so the verdict's wording and its deciding
question stay the engine's. Only a gap the evidence gave is weighed so: when the answers file's own quality_gap
is used, the eval's cases say nothing for it, and a warning says what the eval measured instead.
"""

from __future__ import annotations

import math

from engine.advice import Advice, Reason
from engine.diagnosis import MATERIAL_GAP, SWITCH_TOLERANCE
from engine.evidence.apply import FEW_CASES, Applied, beside
from engine.evidence.model import Evidence
from engine.verdict import CLEAR_WINNER, CONFIDENCE_FLOOR, CONFIDENCE_SPAN

ENOUGH_CASES = 100
RISE_ENOUGH, RISE_SOME, FALL_FEW = 0.05, 0.02, 0.10
# Confidence has two decimals: below CLEAR_WINNER means at most one hundredth below it.
_EDGE = 0.01


def cite_evidence(advice: Advice, applied: Applied) -> Advice:
    baseline = applied.baseline
    reasons = tuple(
        _cite(reason, applied) if reason.factor in applied.summary.filled else reason
        for reason in advice.reasons
    )
    warnings = list(advice.warnings)
    confidence = advice.confidence
    # Case counts say how firm the measured gap is: they weigh the advice only when that gap is the one it used.
    if baseline is not None and "quality_gap" in applied.summary.filled:
        errors_matter = baseline.errored / baseline.cases >= MATERIAL_GAP
        confidence = _weighed(advice.confidence, baseline.cases, shaky=errors_matter)
        if baseline.cases < FEW_CASES:
            warnings.append(_few_cases_warning(baseline.cases, baseline.pass_rate, baseline.source))
        if errors_matter:
            warnings.append(_errors_warning(baseline))
        warnings.extend(_better_models(applied))
    measured = applied.summary.kept.get("quality_gap")
    if measured is not None:
        run = applied.summary.runs[measured.run]
        # The modal hands its answers over as typed (strings); the answers file as YAML numbers.
        typed = _percent(float(applied.raw["quality_gap"]))
        warnings.append(
            f"The advice uses the quality_gap you gave ({typed}), but the eval measured {measured.value} "
            f"({run.file}, {run.summary}). Leave quality_gap empty to advise on the measured gap."
        )
    steps = advice.next_steps
    if baseline is not None and "quality_gap" in applied.summary.filled:
        steps = _best_prompt_first(baseline, applied.compared) + steps
    return advice.model_copy(
        update={
            "reasons": reasons,
            "next_steps": steps,
            "warnings": tuple(warnings),
            "confidence": confidence,
            "evidence": applied.summary,
        }
    )


def _cite(reason: Reason, applied: Applied) -> Reason:
    """The reason with the run its answer came from: '(promptfoo run of 2026-11-28: 212 of 240 cases pass)'."""
    if reason.factor == "switch_model_quality_gap" and applied.switch_run is not None:
        run = beside(applied.baseline, applied.switch_run)
    elif reason.factor in ("has_eval_set", "prompting_tried", "quality_gap") and applied.baseline is not None:
        run = applied.baseline.summary()
    else:
        return reason
    return reason.model_copy(update={"text": f"{reason.text} (Evidence: {run}.)"})


def _better_models(applied: Applied) -> list[str]:
    """Other models the eval measured clearly better than the baseline, which no plan prices: a larger model that
    closes the gap with no training is an option the team must weigh before training a smaller one."""
    runs = applied.summary.runs
    baseline = runs[0]
    base_gap = 1 - baseline.passed / baseline.cases
    tuned = applied.raw.get("tuned_model")
    found, seen = [], {baseline.catalog_model, tuned}
    for run in runs[1:]:  # best first: each model's best run only
        gap = 1 - run.passed / run.cases
        if run.catalog_model in seen or base_gap - gap <= SWITCH_TOLERANCE:
            continue
        seen.add(run.catalog_model)
        who = "with the same prompt" if run.prompt == baseline.prompt else f"with prompt {run.prompt}"
        found.append(
            f"{run.catalog_model} {who} fails {_percent(gap)} of the eval, against {_percent(base_gap)} with "
            f"{baseline.catalog_model}: prompting it instead closes {(base_gap - gap) * 100:.1f} of those points with "
            "no training. "
            "No plan here prices it: compare its price with the recommended plan's before training."
        )
    return found


def _best_prompt_first(baseline: Evidence, compared: tuple[Evidence, ...]) -> tuple[str, ...]:
    """The advice measures the gap after the best prompt: when other prompts of the same model scored lower, the
    team must run that one, which may not be the prompt in production."""
    weaker = [
        run
        for run in compared
        if run.model == baseline.model
        and run.prompt != baseline.prompt
        and run.pass_rate < baseline.pass_rate
    ]
    if not baseline.prompt or not weaker:
        return ()
    others = ", ".join(f"{run.prompt or '(unnamed)'} {run.pass_rate:.0%}" for run in weaker)
    return (
        (
            f"Run prompt {baseline.prompt} in production if it is not there yet: this advice rests on it, the best of "
            f"{len(weaker) + 1} prompts measured on {baseline.model} ({baseline.pass_rate:.0%} pass; {others})."
        ),
    )


def _percent(share: float) -> str:
    return f"{share:.1%}".replace(".0%", "%")


def _weighed(confidence: float, cases: int, *, shaky: bool = False) -> float:
    if shaky:
        moved = confidence - FALL_FEW
    elif cases >= ENOUGH_CASES:
        moved = confidence + RISE_ENOUGH
    elif cases >= FEW_CASES:
        moved = confidence + RISE_SOME
    else:
        moved = confidence - FALL_FEW
    low, high = CONFIDENCE_FLOOR, CONFIDENCE_FLOOR + CONFIDENCE_SPAN
    if confidence >= CLEAR_WINNER:
        low = CLEAR_WINNER
    else:
        high = CLEAR_WINNER - _EDGE
    return round(min(max(moved, low), high), 2)


def _errors_warning(baseline: Evidence) -> str:
    share = baseline.errored / baseline.cases
    return (
        f"{baseline.errored:,} of {baseline.cases:,} cases errored in {baseline.source} ({share:.0%}: the provider "
        "or the grader failed, no answer was graded). They count as failing, and on their own make a gap of "
        f"{MATERIAL_GAP:.0%} or more that neither a prompt nor a fine-tune closes, so the confidence is lowered: fix "
        "the errors and run the eval again before acting on the gap."
    )


def _few_cases_warning(cases: int, pass_rate: float, source: str) -> str:
    half_width = interval_half_width(pass_rate, cases)
    return (
        f"The pass rate comes from only {cases} eval cases ({source}): with fewer than {FEW_CASES} cases it is "
        f"known to about +-{half_width:.0%} (95% interval), so the confidence is lowered. Add cases to the eval "
        "before acting on a small difference."
    )


def interval_half_width(pass_rate: float, cases: int) -> float:
    """Half the width of the 95% Wilson interval of a pass rate measured on `cases` cases."""
    z = 1.96
    spread = z * math.sqrt(pass_rate * (1 - pass_rate) / cases + z * z / (4 * cases * cases))
    return spread / (1 + z * z / cases)
