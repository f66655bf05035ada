import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from engine.advice import Advice, Approach
from engine.answers import Answers, question_fields

EXAMPLES = Path(__file__).parents[2] / "examples"
TODAY = ["--today", "2026-11-29"]
BEFORE_GPT_35_RETIRED = ["--today", "2026-06-01"]


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), input=input, env=env)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("example", "verdict"),
    [
        ("support-triage.yaml", Approach.FINE_TUNING),
        ("product-docs-assistant.yaml", Approach.RAG),
        ("claims-extraction.yaml", Approach.HYBRID),
        ("meeting-notes.yaml", Approach.PROMPTING),
    ],
)
def test_recommend_json_prints_the_advice_for_each_example(example, verdict):
    result = run("recommend", "--answers", str(EXAMPLES / example), "--json", "--no-save", *TODAY)

    assert result.exit_code == 0, result.output
    assert Advice.model_validate_json(result.stdout).approach is verdict


def test_recommend_reads_json_answers_files_too(tmp_path):
    path = write(tmp_path, "answers.json", json.dumps({"project": "From JSON", "knowledge_gap": "changing"}))

    result = run("recommend", "--answers", path, "--json", "--no-save", *TODAY)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["approach"] == "rag"


def test_recommend_prints_a_readable_verdict_reasons_and_cost_table():
    result = run("recommend", "--answers", str(EXAMPLES / "support-triage.yaml"), "--no-save", *TODAY)

    assert result.exit_code == 0, result.output
    assert "Verdict: Fine-tune (confidence" in result.stdout
    assert "Why (weight, direction)" in result.stdout
    assert "upfront     monthly     12 months" in result.stdout
    assert "Prompt the smaller model" in result.stdout  # the switch_model plan has its own row
    assert "->Fine-tune" in result.stdout
    assert "Next steps" in result.stdout


def test_bad_answers_file_exits_2_with_one_line_per_bad_field(tmp_path):
    path = write(
        tmp_path,
        "bad.yaml",
        "project: Bad\nknowledge_gap: sometimes\nmonthly_requests: -5\nmontly_requests: 5\nbase_model: gpt4o\n",
    )

    result = run("recommend", "--answers", path, "--no-save")

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    knowledge_gap, monthly_requests, base_model, typo = result.stderr.splitlines()
    assert (
        knowledge_gap
        == "error: knowledge_gap: Input should be 'none', 'static' or 'changing' (got 'sometimes')"
    )
    assert monthly_requests == "error: monthly_requests: Input should be greater than or equal to 0 (got -5)"
    assert base_model.startswith("error: base_model: no price for model 'gpt4o'; did you mean gpt-4o")
    assert typo == "error: montly_requests: unknown field; did you mean monthly_requests?"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("broken.yaml", "project: [\n", "not valid YAML"),
        ("broken.json", '{"project": 1', "not valid JSON: Expecting ',' delimiter (line 1, column 14)"),
        ("list.yaml", "- project\n", "expected a mapping of field: value"),
        ("empty.yaml", "", "expected a mapping of field: value"),
    ],
)
def test_unparsable_answers_file_exits_2_cleanly(tmp_path, name, text, message):
    path = write(tmp_path, name, text)

    result = run("recommend", "--answers", path, "--no-save")

    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_missing_answers_file_exits_2():
    result = run("recommend", "--answers", "no/such/file.yaml", "--no-save")

    assert result.exit_code == 2
    assert "does not exist" in result.output


def _interactive_input(**answers: str) -> str:
    """Enter for every question (its default) except the ones given."""
    return "".join(f"{answers.get(name, '')}\n" for name in question_fields())


def test_recommend_asks_every_question_with_its_default_when_no_file_is_given():
    result = run("recommend", "--json", "--no-save", *TODAY, input=_interactive_input(project="Asked here"))

    assert result.exit_code == 0, result.output
    for name in question_fields():
        assert Answers.model_fields[name].title in result.stderr
    assert "[gpt-4o]" in result.stderr  # defaults are shown
    # the questions go to stderr, so stdout is the advice alone
    assert Advice.model_validate_json(result.stdout).headline.endswith(
        "build an eval set first; nothing else can be measured without one"
    )


def test_bad_interactive_answer_is_asked_again_without_losing_the_others():
    answers = _interactive_input(project="Re-asked", knowledge_gap="changing", monthly_requests="lots")
    # the re-asked question comes right after the bad answer, before the remaining ones
    lines = answers.splitlines(keepends=True)
    position = question_fields().index("monthly_requests") + 1
    answers = "".join([*lines[:position], "5000\n", *lines[position:]])

    result = run("recommend", "--json", "--no-save", *TODAY, input=answers)

    assert result.exit_code == 0, result.output
    assert "monthly_requests: Input should be a valid integer" in result.stderr
    advice = Advice.model_validate_json(result.stdout)
    assert advice.approach is Approach.RAG
    assert "Re-asked" in advice.headline


def test_answers_failing_across_fields_are_re_asked_after_the_questionnaire():
    answers = _interactive_input(project="Few-shot", input_tokens="100", few_shot_tokens="500") + "50\n"

    result = run("recommend", "--json", "--no-save", *TODAY, input=answers)

    assert result.exit_code == 0, result.output
    assert "error: few_shot_tokens: must be less than input_tokens (100)" in result.stderr


def test_recommend_saves_the_decision_unless_told_not_to(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'tunewise.db'}"}

    result = run("recommend", "--answers", str(EXAMPLES / "meeting-notes.yaml"), *TODAY, env=env)

    assert result.exit_code == 0, result.output
    assert "Saved as decision #1" in result.stderr


def test_recommend_still_shows_the_advice_when_the_database_is_unusable(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'missing-dir' / 'tunewise.db'}"}

    result = run("recommend", "--answers", str(EXAMPLES / "meeting-notes.yaml"), *TODAY, env=env)

    assert result.exit_code == 0, result.output
    assert "Verdict: Improve prompting" in result.stdout
    assert "warning: advice not saved" in result.stderr


@pytest.mark.parametrize(("today", "stale_rows"), [("2026-11-29", False), ("2027-06-01", True)])
def test_prices_lists_sources_and_flags_rows_older_than_120_days(today, stale_rows):
    result = run("prices", "--today", today)

    assert result.exit_code == 0, result.output
    assert "https://openai.com/api/pricing/ (verified 2026-11-29)" in result.stdout
    assert ("STALE: older than 120 days" in result.stdout) is stale_rows


def test_schema_prints_the_answers_json_schema():
    result = run("schema")

    schema = json.loads(result.stdout)
    assert schema["required"] == ["project"]
    assert schema["properties"]["knowledge_gap"]["enum"] == ["none", "static", "changing"]


def test_the_seed_example_prices_twelve_dollars_of_training_before_gpt_35_turbo_retired(tmp_path):
    seed = {
        "project": "Seed example",
        "base_model": "gpt-4o",
        "tuned_model": "gpt-3.5-turbo",
        "openai_fine_tuning_use": "active",
        "labeled_examples": 1000,
        "tokens_per_example": 500,
        "epochs": 3,
        "monthly_requests": 10000,
        "input_tokens": 500,
        "output_tokens": 500,
    }
    path = write(tmp_path, "seed.json", json.dumps(seed))

    result = run("recommend", "--answers", path, "--json", "--no-save", *BEFORE_GPT_35_RETIRED)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["costs"]["fine_tuning"]["breakdown"]["upfront_training"] == "12.00"


@pytest.mark.parametrize(
    ("answers", "line"),
    [
        (
            "project: P\ntuned_model: gpt-3.5-turbo\n",
            "error: tuned_model: gpt-3.5-turbo cannot be fine-tuned on 2026-11-29: OpenAI retired it on 2026-10-23",
        ),
        (
            "project: P\nbase_model: claude-3-haiku\n",
            "error: base_model: claude-3-haiku was retired by Anthropic (Claude API) on 2026-04-20",
        ),
        (
            "project: P\nhas_eval_set: false\nquality_gap: 0.2\n",
            "error: quality_gap: a share of failing eval cases needs an eval set, but has_eval_set is no",
        ),
        (
            "project: P\nhas_eval_set: true\nprompting_tried: false\nquality_gap: 0.2\n",
            "error: quality_gap: this is the share failing after the best prompt, but prompting_tried is no",
        ),
        (
            "project: P\nneeds_citations: true\n",
            "error: knowledge_base_tokens: needs_citations is yes, but there is no knowledge gap and no corpus",
        ),
        (
            "project: P\ninput_tokens: 800\nfew_shot_tokens: 800\n",
            "error: few_shot_tokens: must be less than input_tokens (800)",
        ),
        (
            "project: P\ndata_must_stay_in_house: true\n",
            "error: base_model: gpt-4o is a hosted API, but data_must_stay_in_house is yes",
        ),
    ],
)
def test_retired_models_and_contradictions_exit_2_naming_the_field(tmp_path, answers, line):
    path = write(tmp_path, "answers.yaml", answers)

    result = run("recommend", "--answers", path, "--no-save", *TODAY)

    assert result.exit_code == 2
    assert line in result.stderr
    assert "Traceback" not in result.output


def test_a_schema_1_answers_file_still_reads_with_its_old_default_tuned_model(tmp_path):
    path = write(tmp_path, "old.yaml", "schema_version: 1\nproject: Old file\n")

    result = run("recommend", "--answers", path, "--json", "--no-save", "--today", "2026-06-01")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model_switch"]["to_model"] == "gpt-4o-mini"
