"""`tunewise recommend --answers F --evidence FILE`: measured answers, cited reasons, clear errors."""

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
TRIAGE_RUN = str(ROOT / "examples" / "evidence" / "support-triage-promptfoo.json")
TODAY = ["--today", "2026-11-29", "--no-save"]

MEASURED_TRIAGE = {
    "project": "Support ticket triage",
    "knowledge_gap": "none",
    "output_format": "strict_schema",
    "structured_output": "holds",
    "labeled_examples": 12000,
    "monthly_requests": 400000,
    "few_shot_tokens": 1100,
    "base_model": "gpt-4o",
}


def answers_file(tmp_path: Path, **changes) -> str:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(MEASURED_TRIAGE | changes), encoding="utf-8")
    return str(path)


def recommend(*args: str):
    return CliRunner().invoke(main, ["recommend", *args, *TODAY])


def advice_json(*args: str) -> dict:
    result = recommend(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_evidence_fills_what_the_eval_measured(tmp_path):
    advice = advice_json("--answers", answers_file(tmp_path), "--evidence", TRIAGE_RUN)

    filled = advice["evidence"]["filled"]
    assert {field: answer["value"] for field, answer in filled.items()} == {
        "has_eval_set": "yes",
        "prompting_tried": "yes",
        "quality_gap": "12.1%",
        "input_tokens": "1,800",
        "output_tokens": "40",
        "tuned_model": "gpt-4o-mini",
        "switch_model_quality_gap": "8.8%",
    }


def test_the_best_prompting_result_is_the_baseline_and_the_other_model_is_beside_it(tmp_path):
    advice = advice_json("--answers", answers_file(tmp_path), "--evidence", TRIAGE_RUN)

    runs = [
        (run["role"], run["catalog_model"], run["passed"], run["cases"]) for run in advice["evidence"]["runs"]
    ]
    assert runs == [("baseline", "gpt-4o", 211, 240), ("compared", "gpt-4o-mini", 219, 240)]
    assert advice["evidence"]["filled"]["switch_model_quality_gap"]["run"] == 1


def test_the_advice_records_tool_file_model_cases_and_date(tmp_path):
    advice = advice_json("--answers", answers_file(tmp_path), "--evidence", TRIAGE_RUN)

    baseline = advice["evidence"]["runs"][0]
    assert {key: baseline[key] for key in ("tool", "tool_version", "file", "model", "cases", "run_date")} == {
        "tool": "promptfoo",
        "tool_version": "0.121.20",
        "file": "support-triage-promptfoo.json",
        "model": "openai:gpt-4o",
        "cases": 240,
        "run_date": "2026-11-30",
    }


def test_the_reasons_cite_the_run(tmp_path):
    advice = advice_json("--answers", answers_file(tmp_path), "--evidence", TRIAGE_RUN)

    (gap_reason,) = [reason for reason in advice["reasons"] if reason["factor"] == "quality_gap"]
    assert gap_reason["text"].endswith(
        "(Evidence: promptfoo run of 2026-11-30: 211 of 240 cases pass, 3 errored (openai:gpt-4o, prompt triage-v3).)"
    )


def test_a_value_in_the_answers_file_wins_and_the_output_says_so(tmp_path):
    path = answers_file(tmp_path, output_tokens=60)

    result = recommend("--answers", path, "--evidence", TRIAGE_RUN)

    assert result.exit_code == 0, result.output
    assert "measured, but the answers file is used for: output_tokens 40" in result.stdout
    assert json.loads(recommend("--answers", path, "--evidence", TRIAGE_RUN, "--json").stdout)["evidence"][
        "kept"
    ] == {"output_tokens": {"value": "40", "run": 0}}


def test_the_terminal_output_shows_the_runs_and_what_each_gave(tmp_path):
    result = recommend("--answers", answers_file(tmp_path), "--evidence", TRIAGE_RUN)

    assert result.exit_code == 0, result.output
    assert "  baseline   gpt-4o, prompt triage-v3: 211 of 240 cases pass (88%), 3 errored" in result.stdout
    assert "  beside it  gpt-4o-mini with the same prompt: 219 of 240 cases pass (91%)" in result.stdout
    assert "gives: tuned_model gpt-4o-mini, switch_model_quality_gap 8.8%" in result.stdout


def test_several_files_are_read_together(tmp_path):
    advice = advice_json(
        "--answers",
        answers_file(tmp_path),
        "--evidence",
        TRIAGE_RUN,
        "--evidence",
        str(FIXTURES / "openai-eval-run.json"),
    )

    assert [(run["file"], run["catalog_model"]) for run in advice["evidence"]["runs"]] == [
        ("support-triage-promptfoo.json", "gpt-4o"),
        ("support-triage-promptfoo.json", "gpt-4o-mini"),
        ("openai-eval-run.json", "gpt-4o-mini"),
    ]


def test_confidence_rises_with_many_cases_and_falls_with_few(tmp_path):
    path = answers_file(tmp_path, few_shot_tokens=0)

    many = advice_json("--answers", path, "--evidence", TRIAGE_RUN)
    few = recommend("--answers", path, "--evidence", str(FIXTURES / "promptfoo-results.json"), "--json")

    assert few.exit_code == 0, few.output
    few_advice = json.loads(few.stdout)
    assert any(
        "only 5 eval cases" in warning and "fewer than 30 cases" in warning
        for warning in few_advice["warnings"]
    )
    assert many["confidence"] > few_advice["confidence"]


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ("missing.json", "error: evidence: missing.json: cannot read the file (No such file or directory)"),
        (
            str(FIXTURES / "generators" / "promptfooconfig.yaml"),
            "error: evidence: promptfooconfig.yaml: not a results file Tunewise knows; expected a promptfoo results file",
        ),
        (
            str(FIXTURES / "inspect-triage.json"),
            "error: evidence: inspect-triage.json: model 'mockllm/model' is not in the price catalog",
        ),
    ],
    ids=["missing", "unknown-format", "unknown-model"],
)
def test_an_unreadable_evidence_file_is_one_line_and_exit_status_2(tmp_path, evidence, message):
    result = recommend("--answers", answers_file(tmp_path), "--evidence", evidence)

    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_evidence_needs_an_answers_file():
    result = recommend("--evidence", TRIAGE_RUN)

    assert result.exit_code == 2
    assert "--evidence needs --answers FILE too" in result.output


def test_a_measured_value_that_contradicts_the_answers_file_names_its_run(tmp_path):
    five_cases = str(
        FIXTURES / "promptfoo-results.json"
    )  # 38 input tokens a request, fewer than 1,100 few-shot

    result = recommend("--answers", answers_file(tmp_path), "--evidence", five_cases)

    assert result.exit_code == 2
    assert result.stderr == (
        "error: few_shot_tokens: must be less than input_tokens (38): a request is more than its examples (got "
        "1100) (input_tokens read from the evidence: promptfoo-results.json, promptfoo run of 2026-11-30: 3 of 5 "
        "cases pass, 1 errored (openai:gpt-4o, prompt triage-v3))\n"
    )


def test_a_gap_typed_against_the_measured_one_is_warned_about_and_the_eval_cases_do_not_raise_confidence(
    tmp_path,
):
    typed = answers_file(tmp_path, quality_gap=0.02)
    measured = {"has_eval_set": True, "prompting_tried": True, "input_tokens": 1800, "output_tokens": 40}
    measured |= {"tuned_model": "gpt-4o-mini", "switch_model_quality_gap": 0.0875}
    (tmp_path / "alone").mkdir()
    alone = advice_json("--answers", answers_file(tmp_path / "alone", quality_gap=0.02, **measured))

    advice = advice_json("--answers", typed, "--evidence", TRIAGE_RUN)

    assert advice["approach"] == alone["approach"]
    assert advice["confidence"] == alone["confidence"]
    assert any(
        "the quality_gap you gave (2%), but the eval measured 12.1%" in warning
        for warning in advice["warnings"]
    )


def test_errors_that_alone_make_a_material_gap_are_warned_about_and_lower_confidence(tmp_path):
    results = json.loads(Path(TRIAGE_RUN).read_text(encoding="utf-8"))
    for prompt in results["results"]["prompts"]:  # failures become provider errors: 29 of 240 for gpt-4o
        metrics = prompt["metrics"]
        moved = min(metrics["testFailCount"], 30 - metrics["testErrorCount"])
        metrics["testFailCount"] -= moved
        metrics["testErrorCount"] += moved
    erroring = tmp_path / "erroring.json"
    erroring.write_text(json.dumps(results), encoding="utf-8")
    path = answers_file(tmp_path, few_shot_tokens=0)

    clean = advice_json("--answers", path, "--evidence", TRIAGE_RUN)
    errors = advice_json("--answers", path, "--evidence", str(erroring))

    assert any("cases errored in erroring.json" in warning for warning in errors["warnings"])
    assert errors["confidence"] < clean["confidence"]
    assert not any("cases errored" in warning for warning in clean["warnings"])


def test_another_model_measured_clearly_better_than_the_base_is_named_since_no_plan_prices_it(tmp_path):
    path = answers_file(tmp_path, tuned_model="llama-3.1-8b-instruct")

    advice = advice_json("--answers", path, "--evidence", TRIAGE_RUN)

    assert any(
        "gpt-4o-mini with the same prompt fails 8.8% of the eval, against 12.1% with gpt-4o: prompting it "
        "instead closes 3.3 of those points with no training" in warning
        for warning in advice["warnings"]
    )


def test_the_model_to_fine_tune_scoring_better_is_a_reason_not_a_warning(tmp_path):
    advice = advice_json("--answers", answers_file(tmp_path), "--evidence", TRIAGE_RUN)

    assert not any("No plan here prices it" in warning for warning in advice["warnings"])
