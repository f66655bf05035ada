"""DeepEval test runs: `.deepeval/.latest_test_run.json` ({"testRunData": TestRun}) or a saved
`test_run_<YYYYMMDD_HHMMSS>.json` (a bare TestRun) from DEEPEVAL_RESULTS_FOLDER.

Read from deepeval 4.3.1 (deepeval/test_run/test_run.py, TestRun serialised by alias) and runs it wrote:
`testCases` [{"success", "metricsData": [{"success", "error"?}]}], `metricsScores`, `hyperparameters`,
`testPassed`, `testFailed`. A case is errored when one of its metrics raised (`error`), passed when
`success`, failed otherwise. DeepEval writes no date, tool version or token counts: the date comes from a
saved run's file name when it has one, and the model from `hyperparameters.model` (DeepEval's convention
for logging the model under test).
"""

from __future__ import annotations

import re
from datetime import date
from typing import IO, Any

from engine.evidence.head import Head
from engine.evidence.jsonstream import each, first, first_of
from engine.evidence.model import Evidence, EvidenceError

TOOL = "deepeval"
EXPECTED = 'a DeepEval test run (.deepeval/.latest_test_run.json or test_run_*.json with "testCases")'
_FIRST_KEYS = {"testRunData", "testCases", "testFile", "conversationalTestCases", "testRunLink"}
_SAVED_NAME = re.compile(r"test_run_(\d{4})(\d{2})(\d{2})_\d{6}")


def looks_like(head: Head) -> bool:
    return head.shape == "json" and bool(head.keys) and head.keys[0] in _FIRST_KEYS


def read(stream: IO[bytes], source: str) -> tuple[Evidence, ...]:
    counts = {"passed": 0, "failed": 0, "errored": 0}

    def count(case: dict[str, Any]) -> None:
        metrics = case.get("metricsData") or []
        if any(metric.get("error") for metric in metrics):
            counts["errored"] += 1
        elif case.get("success"):
            counts["passed"] += 1
        else:
            counts["failed"] += 1

    for kind in ("testCases", "conversationalTestCases"):
        for root in ("", "testRunData."):
            before = sum(counts.values())
            for case in each(stream, source, f"{root}{kind}.item"):
                count(case)
            if sum(counts.values()) > before:
                break
    found = {"testRunLink": first(stream, source, "testRunLink")}
    hyperparameters = first_of(stream, source, "hyperparameters", "testRunData.hyperparameters") or {}
    prompts = first_of(stream, source, "prompts", "testRunData.prompts") or []
    if found["testRunLink"] is not None and not sum(counts.values()):
        raise EvidenceError(
            f"{source}: only a link to a test run on Confident AI; expected {EXPECTED} (run without "
            "Confident AI login, or set DEEPEVAL_RESULTS_FOLDER to keep the run locally)"
        )
    return (
        Evidence(
            tool=TOOL,
            tool_version="",
            source=source,
            run_date=_day_from_name(source),
            model=str(hyperparameters.get("model") or ""),
            prompt=_prompt(hyperparameters, prompts),
            **counts,
        ),
    )


def _prompt(hyperparameters: dict[str, Any], prompts: list[dict[str, Any]]) -> str:
    for key in ("prompt", "prompt template", "prompt_template", "prompt_version"):
        if hyperparameters.get(key):
            return str(hyperparameters[key])
    if prompts:
        return str(prompts[0].get("alias") or "")
    return ""


def _day_from_name(source: str) -> date | None:
    match = _SAVED_NAME.search(source)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
