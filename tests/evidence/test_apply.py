"""Which run is the baseline, what it fills, and how far case counts move confidence."""

from datetime import date
from pathlib import Path

import pytest

from engine.catalog import load_catalog
from engine.evidence import read_evidence
from engine.evidence.apply import apply_evidence
from engine.evidence.cited import _best_prompt_first, _weighed, interval_half_width
from engine.evidence.model import EvidenceError

ROOT = Path(__file__).parents[2]
TRIAGE = read_evidence(ROOT / "examples" / "evidence" / "support-triage-promptfoo.json")
OPENAI_RUN = read_evidence(Path(__file__).parent / "fixtures" / "openai-eval-run.json")


def test_without_a_base_model_the_best_result_is_the_baseline():
    applied = apply_evidence({"project": "Triage"}, TRIAGE, load_catalog())

    assert (applied.raw["base_model"], applied.raw["quality_gap"]) == ("gpt-4o-mini", 0.0875)


def test_without_a_base_model_a_larger_model_scoring_lower_is_not_the_one_to_fine_tune():
    # gpt-4o-mini passes more cases than gpt-4o: it is the baseline, and gpt-4o, larger and dearer, is reported
    # beside it but neither proposed for fine-tuning nor priced as the "smaller model" to switch to.
    applied = apply_evidence({"project": "Triage"}, TRIAGE, load_catalog())

    assert "tuned_model" not in applied.raw
    assert "switch_model_quality_gap" not in applied.raw
    assert [run.catalog_model for run in applied.summary.runs] == ["gpt-4o-mini", "gpt-4o"]


def test_the_base_model_of_the_answers_file_picks_the_baseline():
    applied = apply_evidence({"project": "Triage", "base_model": "gpt-4o"}, TRIAGE, load_catalog())

    assert applied.baseline.model == "openai:gpt-4o"
    assert applied.raw["switch_model_quality_gap"] == 0.0875


def test_no_run_of_the_base_model_leaves_the_gap_to_the_answers_file():
    applied = apply_evidence({"project": "Triage", "base_model": "gpt-4.1"}, TRIAGE, load_catalog())

    assert applied.baseline is None
    assert "quality_gap" not in applied.raw
    assert applied.raw["has_eval_set"] is True
    assert [run.role for run in applied.summary.runs] == ["compared", "compared"]


def test_an_answers_file_saying_no_eval_beside_an_eval_run_is_refused_not_told_to_build_one():
    with pytest.raises(EvidenceError, match=r"says there is no eval set .* eval run of \d+ cases"):
        apply_evidence({"project": "Triage", "has_eval_set": False}, OPENAI_RUN, load_catalog())


def test_an_answers_file_saying_the_prompt_is_untuned_gets_no_gap_from_the_evidence():
    applied = apply_evidence({"project": "Triage", "prompting_tried": False}, OPENAI_RUN, load_catalog())

    assert applied.raw["prompting_tried"] is False
    assert "quality_gap" not in applied.raw
    assert applied.summary.kept["prompting_tried"].value == "yes"


def test_a_retired_model_scoring_well_beside_the_base_is_not_the_model_to_fine_tune():
    # gpt-3.5-turbo (cheaper than gpt-4o, in the training price list) was retired on 2026-10-23: choosing it
    # would refuse the whole advice on tuned_model; it stays beside the baseline and fills nothing.
    base = TRIAGE[0]
    retired = base.model_copy(update={"model": "openai:gpt-3.5-turbo", "passed": base.passed + 5})

    applied = apply_evidence(
        {"project": "Triage", "base_model": "gpt-4o"}, (base, retired), load_catalog(), date(2026, 11, 30)
    )

    assert "tuned_model" not in applied.raw
    assert [run.catalog_model for run in applied.summary.runs] == ["gpt-4o", "gpt-3.5-turbo"]


def test_before_its_retirement_the_same_model_is_still_the_one_to_fine_tune():
    base = TRIAGE[0]
    retired = base.model_copy(update={"model": "openai:gpt-3.5-turbo", "passed": base.passed + 5})

    applied = apply_evidence(
        {"project": "Triage", "base_model": "gpt-4o"}, (base, retired), load_catalog(), date(2026, 4, 1)
    )

    assert applied.raw["tuned_model"] == "gpt-3.5-turbo"


@pytest.mark.parametrize(
    ("confidence", "cases", "expected"),
    [
        (0.70, 240, 0.75),
        (0.70, 50, 0.72),
        (0.70, 5, 0.60),  # falls, but a clear winner stays one: the engine's wording stays true
        (0.50, 5, 0.40),
        (0.58, 240, 0.59),  # rises, but never into a clear win the engine did not see
        (0.93, 240, 0.95),
        (0.35, 5, 0.30),
    ],
)
def test_case_counts_move_confidence_within_the_engines_band(confidence, cases, expected):
    assert _weighed(confidence, cases) == pytest.approx(expected)


def test_a_pass_rate_on_20_cases_is_known_to_about_20_points():
    assert interval_half_width(0.5, 20) == pytest.approx(0.2, abs=0.02)


@pytest.mark.parametrize(
    "raw", [{"project": "Triage"}, {"project": "Triage", "base_model": "gpt-4o"}], ids=["any-base", "gpt-4o"]
)
def test_every_answer_the_evidence_can_fill_is_one_a_prefilled_form_leaves_to_it(raw):
    from engine.evidence.apply import MEASURED_FIELDS

    applied = apply_evidence(raw, TRIAGE, load_catalog())

    assert set(applied.summary.filled) <= set(MEASURED_FIELDS)


def test_a_run_whose_every_case_errored_is_refused_not_read_as_failing_everything():
    all_errored = TRIAGE[0].model_copy(update={"passed": 0, "failed": 0, "errored": 240})

    with pytest.raises(EvidenceError, match=r"every case .* errored .* no answer was graded"):
        apply_evidence({"project": "Triage"}, (all_errored,), load_catalog())


def test_when_several_prompts_were_measured_the_first_step_is_to_run_the_best_one():
    best = TRIAGE[0]
    production = best.model_copy(update={"prompt": "triage-v2", "passed": 190, "failed": 47})

    steps = _best_prompt_first(best, (production, TRIAGE[1]))

    assert steps == (
        (
            "Run prompt triage-v3 in production if it is not there yet: this advice rests on it, the best of 2 "
            "prompts measured on openai:gpt-4o (88% pass; triage-v2 79%)."
        ),
    )


def test_prompts_that_score_alike_need_no_step_to_pick_one():
    best = TRIAGE[0]

    assert _best_prompt_first(best, (best.model_copy(update={"prompt": "triage-terse"}),)) == ()
