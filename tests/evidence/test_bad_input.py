"""Every file Tunewise cannot use gets one EvidenceError naming the file and what was expected."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from engine.catalog import load_catalog
from engine.evidence import EvidenceError, read_evidence, read_evidence_stream
from engine.evidence.models import catalog_model

FIXTURES = Path(__file__).parent / "fixtures"


def read_bytes(data: bytes, name: str = "upload.json"):
    return read_evidence_stream(io.BytesIO(data), name)


def a_zip(first_member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(first_member, "{}")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", r"upload.json: the file is empty; expected a promptfoo results file"),
        (
            b"model,passed\ngpt-4o,12\n",
            r"not a results file Tunewise knows; expected a promptfoo results file",
        ),
        (b'{"accuracy": 0.9, "n": 120}', r"not a results file Tunewise knows; expected .*DeepEval test run"),
        (b"\x89PNG\r\n\x1a\n", r"not a results file Tunewise knows"),
        (a_zip("word/document.xml"), r"not a results file Tunewise knows"),
        (
            b'{"evalId": "eval-1", "results": {"version": 3, "stats": {}}}',
            r"no results.prompts; expected a promptfoo",
        ),
        (b'{"object": "eval.run", "model": "gpt-4o", "status": "completed"}', r"no result_counts"),
    ],
    ids=[
        "empty",
        "csv",
        "other-json",
        "png",
        "other-zip",
        "promptfoo-without-prompts",
        "eval-run-without-counts",
    ],
)
def test_unknown_or_incomplete_formats_name_what_was_expected(data, message):
    with pytest.raises(EvidenceError, match=message):
        read_bytes(data)


@pytest.mark.parametrize(
    "fixture",
    [
        "promptfoo-results.json",
        "inspect-triage.json",
        "deepeval-test_run_20261130_151401.json",
        "openai-eval-run.json",
    ],
)
def test_a_truncated_json_file_says_it_ends_early(fixture):
    data = (FIXTURES / fixture).read_bytes()

    with pytest.raises(EvidenceError, match=r"the file ends early or is not JSON"):
        read_bytes(data[: len(data) * 2 // 3], fixture)


def test_a_truncated_oaieval_log_names_the_broken_line():
    data = (FIXTURES / "oaieval-triage.jsonl").read_bytes()

    with pytest.raises(EvidenceError, match=r"line 7 is not a whole JSON object \(is the file truncated\?\)"):
        read_bytes(data[: data.index(b"\n", len(data) // 2) - 20], "triage.jsonl")


def test_an_oaieval_log_without_its_final_report_did_not_finish():
    lines = (FIXTURES / "oaieval-triage.jsonl").read_bytes().splitlines(keepends=True)

    without_report = b"".join(line for line in lines if b'"final_report"' not in line)

    with pytest.raises(
        EvidenceError, match=r"no final_report line: the file is truncated or the run did not finish"
    ):
        read_bytes(without_report, "triage.jsonl")


def test_an_oaieval_log_without_match_events_has_no_pass_rate():
    lines = (FIXTURES / "oaieval-triage.jsonl").read_bytes().splitlines(keepends=True)

    without_matches = b"".join(line for line in lines if b'"type": "match"' not in line)

    with pytest.raises(EvidenceError, match=r"no match events; only evals that record a match per sample"):
        read_bytes(without_matches, "triage.jsonl")


def test_a_truncated_inspect_archive_is_refused():
    data = (FIXTURES / "inspect-triage.eval").read_bytes()

    with pytest.raises(
        EvidenceError, match=r"upload.eval: (an Inspect AI .eval archive|inspect_ai cannot read)"
    ):
        read_bytes(data[: len(data) // 2], "upload.eval")


@pytest.mark.parametrize(
    ("fixture", "emptied"),
    [
        (
            "openai-eval-run.json",
            lambda run: run["result_counts"].update(total=0, passed=0, failed=0, errored=0),
        ),
        ("deepeval-test_run_20261130_151729.json", lambda run: run.update(testCases=[])),
        (
            "inspect-triage.json",
            lambda log: log.update(samples=[], results={"total_samples": 0, "scores": []}),
        ),
        (
            "promptfoo-results.json",
            lambda out: [
                prompt["metrics"].update(testPassCount=0, testFailCount=0, testErrorCount=0)
                for prompt in out["results"]["prompts"]
            ],
        ),
    ],
    ids=["openai_evals", "deepeval", "inspect_ai", "promptfoo"],
)
def test_a_run_with_zero_cases_is_refused(fixture, emptied):
    run = json.loads((FIXTURES / fixture).read_text())
    emptied(run)

    with pytest.raises(EvidenceError, match=r"run has zero cases|neither samples nor an accuracy"):
        read_bytes(json.dumps(run).encode(), fixture)


def test_a_run_that_did_not_complete_is_refused():
    run = json.loads((FIXTURES / "openai-eval-run.json").read_text())
    run["status"] = "failed"

    with pytest.raises(EvidenceError, match=r"the run's status is 'failed'; expected a completed run"):
        read_bytes(json.dumps(run).encode())


def test_a_model_unknown_to_the_catalog_is_named_with_close_matches():
    (evidence,) = read_evidence(FIXTURES / "inspect-triage.json")
    misspelt = evidence.model_copy(update={"model": "openai/gpt-4o-mnii"})

    with pytest.raises(EvidenceError) as raised:
        catalog_model(misspelt, load_catalog())

    assert str(raised.value) == (
        "inspect-triage.json: model 'openai/gpt-4o-mnii' is not in the price catalog (`tunewise prices` lists "
        "the models it knows); did you mean gpt-4o-mini, gpt-5.4-mini, gpt-4.1-mini?"
    )


def test_a_deepeval_run_without_a_model_says_where_to_log_it():
    (evidence,) = read_evidence(FIXTURES / "deepeval-test_run_20261130_151729.json")

    with pytest.raises(
        EvidenceError, match=r"does not say which model it tested; pass hyperparameters=\{'model'"
    ):
        catalog_model(evidence.model_copy(update={"model": ""}), load_catalog())


@pytest.mark.parametrize(
    "model", ["openai:gpt-4o-mini", "openai:chat:gpt-4o-mini", "openai/gpt-4o-mini", "gpt-4o-mini-2024-07-18"]
)
def test_provider_prefixes_and_dated_snapshots_find_the_catalog_model(model):
    (evidence,) = read_evidence(FIXTURES / "openai-eval-run.json")

    assert catalog_model(evidence.model_copy(update={"model": model}), load_catalog()) == "gpt-4o-mini"


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(
        EvidenceError, match=r"results.json: cannot read the file \(No such file or directory\)"
    ):
        read_evidence(tmp_path / "results.json")
