"""Each importer reads the real files its tool wrote (tests/evidence/fixtures/, generators/ made them)."""

import io
from datetime import date
from pathlib import Path

import pytest

from engine.evidence import Evidence, read_evidence, read_evidence_stream

FIXTURES = Path(__file__).parent / "fixtures"


def only(name: str) -> Evidence:
    (evidence,) = read_evidence(FIXTURES / name)
    return evidence


def test_promptfoo_gives_one_evidence_per_prompt_and_provider():
    found = read_evidence(FIXTURES / "promptfoo-results.json")

    assert [(e.model, e.prompt, e.passed, e.failed, e.errored) for e in found] == [
        ("openai:gpt-4o", "triage-v3", 3, 1, 1),
        ("openai:gpt-4o", "triage-terse", 3, 1, 1),
        ("openai:gpt-4o-mini", "triage-v3", 2, 2, 1),
        ("openai:gpt-4o-mini", "triage-terse", 2, 2, 1),
    ]


def test_promptfoo_reads_version_date_and_tokens_per_request():
    evidence = read_evidence(FIXTURES / "promptfoo-results.json")[0]

    assert (evidence.tool, evidence.tool_version, evidence.run_date) == (
        "promptfoo",
        "0.121.20",
        date(2026, 11, 30),
    )
    assert (evidence.mean_input_tokens, evidence.mean_output_tokens) == (37.5, 2.0)  # the 4 that answered
    assert evidence.source == "promptfoo-results.json"


def test_promptfoo_counts_the_cases_when_prompts_carry_no_metrics(tmp_path):
    text = (FIXTURES / "promptfoo-results.json").read_text()
    without_metrics = tmp_path / "results.json"
    without_metrics.write_text(text.replace('"metrics":', '"metricsRemoved":'))

    found = read_evidence(without_metrics)

    assert [(e.passed, e.failed, e.errored) for e in found] == [(3, 1, 1), (3, 1, 1), (2, 2, 1), (2, 2, 1)]
    assert (
        found[0].mean_input_tokens == read_evidence(FIXTURES / "promptfoo-results.json")[0].mean_input_tokens
    )


def test_inspect_json_log_counts_correct_incorrect_and_errored_samples():
    evidence = only("inspect-triage.json")

    assert (evidence.passed, evidence.failed, evidence.errored) == (3, 1, 1)
    assert (evidence.model, evidence.prompt, evidence.tool_version) == ("mockllm/model", "triage", "0.3.285")
    assert evidence.run_date == date(2026, 11, 30)
    assert evidence.mean_input_tokens == pytest.approx(43.75)


def test_inspect_eval_archive_needs_the_inspect_extra_or_reads_like_the_json_log():
    try:
        import inspect_ai  # noqa: F401
    except ImportError:
        with pytest.raises(Exception, match=r"tunewise\[inspect\]"):
            read_evidence(FIXTURES / "inspect-triage.eval")
        return
    evidence = only("inspect-triage.eval")

    assert (evidence.passed, evidence.failed, evidence.errored) == (3, 1, 1)


def test_openai_eval_run_reads_result_counts_and_the_tested_models_usage():
    evidence = only("openai-eval-run.json")

    assert (evidence.passed, evidence.failed, evidence.errored, evidence.cases) == (212, 25, 3, 240)
    assert (evidence.model, evidence.prompt, evidence.run_date) == (
        "gpt-4o-mini",
        "triage-v3",
        date(2026, 11, 28),
    )
    assert (evidence.mean_input_tokens, evidence.mean_output_tokens) == (1232.0, 8.0)
    assert (
        evidence.summary()
        == "openai_evals run of 2026-11-28: 212 of 240 cases pass, 3 errored (gpt-4o-mini, prompt triage-v3)"
    )


def test_oaieval_log_counts_match_events_and_sampling_usage():
    evidence = only("oaieval-triage.jsonl")

    assert (evidence.passed, evidence.failed, evidence.errored) == (5, 1, 0)
    assert (evidence.model, evidence.prompt, evidence.run_date) == (
        "gpt-4o-mini",
        "triage.dev.v0",
        date(2026, 11, 30),
    )
    assert (evidence.mean_input_tokens, evidence.mean_output_tokens) == (pytest.approx(33.67, abs=0.01), 2.0)


@pytest.mark.parametrize(
    ("name", "counts", "model", "run_date"),
    [
        ("deepeval-test_run_20261130_151729.json", (4, 1, 0), "gpt-4o-mini", date(2026, 11, 30)),
        ("deepeval-test_run_20261130_151401.json", (3, 2, 1), "gpt-4o", date(2026, 11, 30)),
        ("deepeval-latest-test-run.json", (3, 2, 1), "gpt-4o", None),
    ],
)
def test_deepeval_test_runs(name, counts, model, run_date):
    evidence = only(name)

    assert (evidence.passed, evidence.failed, evidence.errored) == counts
    assert (evidence.model, evidence.prompt, evidence.run_date) == (model, "triage-v3", run_date)


def test_pass_rate_counts_errored_cases_as_not_passing():
    evidence = only("openai-eval-run.json")

    assert evidence.pass_rate == pytest.approx(212 / 240)


@pytest.mark.parametrize("name", ["promptfoo-results.json", "oaieval-triage.jsonl", "inspect-triage.json"])
def test_a_stream_that_cannot_seek_reads_like_the_file(name):
    data = (FIXTURES / name).read_bytes()

    from_stream = read_evidence_stream(_OneWay(data), name)

    assert from_stream == read_evidence(FIXTURES / name)


class _OneWay(io.RawIOBase):
    """An upload arriving over the network: readable once, not seekable."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)
