"""`tunewise recommend --what-if FIELD=VALUE`: the advice as answered and as changed, side by side."""

from __future__ import annotations

import json

import pytest

from tests.cli.builders import EXAMPLES, tunewise

TRIAGE = str(EXAMPLES / "support-triage.yaml")


def what_if(tmp_path, *args: str):
    return tunewise(
        f"sqlite:///{tmp_path / 'tunewise.db'}",
        "recommend",
        "--answers",
        TRIAGE,
        "--today",
        "2026-11-29",
        *args,
    )


def test_ten_times_the_volume_leads_with_what_changed_and_keeps_the_verdict(tmp_path):
    result = what_if(tmp_path, "--what-if", "monthly_requests=4000000")

    first_line = result.output.splitlines()[0]
    assert result.exit_code == 0
    assert first_line.startswith(
        "monthly requests 400,000 -> 4,000,000: verdict unchanged, fine-tuning's monthly saving against "
        "prompting the smaller model goes from -$"
    )


def test_a_saving_that_grows_reads_as_how_much_more_it_saves(tmp_path):
    answers = tmp_path / "busy.yaml"
    text = (EXAMPLES / "support-triage.yaml").read_text()
    answers.write_text(text.replace("monthly_requests: 400000", "monthly_requests: 40000000"))

    result = tunewise(
        f"sqlite:///{tmp_path / 'tunewise.db'}",
        "recommend",
        "--answers",
        str(answers),
        "--today",
        "2026-11-29",
        "--what-if",
        "monthly_requests=80000000",
    )

    first_line = result.output.splitlines()[0]
    assert first_line.startswith(
        "monthly requests 40,000,000 -> 80,000,000: verdict unchanged, fine-tuning now saves $"
    )
    assert first_line.endswith(" a month more")


def test_both_verdicts_and_every_cost_are_shown_side_by_side(tmp_path):
    output = what_if(tmp_path, "--what-if", "monthly_requests=4000000").output

    assert "as answered" in output and "what if" in output
    verdict_row = next(line for line in output.splitlines() if line.startswith("verdict"))
    assert verdict_row.split() == ["verdict", "Fine-tune", "Fine-tune"]
    monthly_prompting = next(
        line for line in output.splitlines() if line.startswith("Improve prompting, a month")
    )
    assert (
        "$1,960.00" in monthly_prompting
        and "$19,600.00" in monthly_prompting
        and monthly_prompting.endswith("*")
    )


def test_a_change_that_flips_the_verdict_names_both_verdicts(tmp_path):
    output = what_if(tmp_path, "--what-if", "quality_gap=0.02").output

    assert output.splitlines()[0].startswith(
        "quality gap 0.11 -> 0.02: verdict Fine-tune -> Improve prompting"
    )


def test_json_carries_the_summary_the_changes_and_both_advices(tmp_path):
    document = json.loads(what_if(tmp_path, "--json", "--what-if", "monthly_requests=4000000").output)

    assert document["changes"] == [{"field": "monthly_requests", "before": 400000, "after": 4000000}]
    assert document["as_answered"]["approach"] == document["what_if"]["approach"] == "fine_tuning"
    assert document["summary"].startswith("monthly requests 400,000 -> 4,000,000")


def test_a_what_if_saves_no_decision(tmp_path):
    what_if(tmp_path, "--what-if", "monthly_requests=4000000")

    assert not (tmp_path / "tunewise.db").exists()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ("montly_requests=5", "error: montly_requests: unknown field; did you mean monthly_requests?"),
        ("monthly_requests=lots", "error: monthly_requests: Input should be a valid integer"),
        ("monthly_requests=-1", "error: monthly_requests: Input should be greater than or equal to 0"),
        (
            "output_format=xml",
            "error: output_format: Input should be 'free_text', 'structured' or 'strict_schema'",
        ),
        ("tuned_model=gpt-5", "error: tuned_model: no fine-tuning price for 'gpt-5'"),
        ("schema_version=2", "error: schema_version: unknown field"),
        ("monthly_requests", "error: --what-if: expected FIELD=VALUE"),
    ],
)
def test_a_bad_field_or_value_is_a_usage_error_naming_it(tmp_path, change, error):
    result = what_if(tmp_path, "--what-if", change)

    assert result.exit_code == 2
    assert result.output.startswith(error)
    assert "Traceback" not in result.output
