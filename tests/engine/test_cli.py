import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from engine.advice import Advice, Approach
from engine.answers import Answers, question_fields

EXAMPLES = Path(__file__).parents[2] / "examples"
TODAY = ["--today", "2026-11-29"]


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
    assert Advice.model_validate_json(result.stdout).headline.endswith("prompting has not been tuned yet")


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
    assert "error: few_shot_tokens: cannot exceed input_tokens (100)" in result.stderr


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
