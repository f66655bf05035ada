"""promptfoo's `promptfoo eval -o results.json`: the OutputFile of its types (dist/src/index.d.ts).

Read from promptfoo 0.121.20's types and real output, not its docs page (which still shows a results table):
`{"evalId", "results": EvaluateSummaryV3 | EvaluateSummaryV2, "config", "shareableUrl", "metadata":
{"promptfooVersion", "evaluationCreatedAt", ...}}`. Version 3 lists `results.prompts`, one CompletedPrompt per
prompt and provider, each with `metrics` (testPassCount, testFailCount, testErrorCount and tokenUsage
{prompt, completion, numRequests}); version 2 keeps the same prompts under `results.table.head.prompts`.
Without metrics, the per-case `results.results` are counted instead.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import IO, Any

from engine.evidence.head import Head
from engine.evidence.jsonstream import each, first, first_of, read_to_end
from engine.evidence.model import Evidence, EvidenceError, mean

TOOL = "promptfoo"
EXPECTED = 'a promptfoo results file (promptfoo eval -o results.json: {"evalId": ..., "results": {"version": 3, ...}})'

# promptfoo's ResultFailureReason: 0 none, 1 an assertion failed, 2 the provider or the test errored.
_ERROR = 2


def looks_like(head: Head) -> bool:
    return head.shape == "json" and head.has("evalId", "results")


def read(stream: IO[bytes], source: str) -> tuple[Evidence, ...]:
    prompts = first_of(stream, source, "results.prompts", "results.table.head.prompts")
    if not isinstance(prompts, list):
        raise EvidenceError(f"{source}: no results.prompts; expected {EXPECTED}")
    timestamp = first(stream, source, "results.timestamp")
    # The last top-level key: this pass reads the whole file, so a truncated file is noticed here.
    metadata = (read_to_end(stream, source, "metadata") or [{}])[-1] or {}
    version = str(metadata.get("promptfooVersion") or "")
    run_date = _day(metadata.get("evaluationCreatedAt") or timestamp)
    if all(isinstance(prompt.get("metrics"), dict) for prompt in prompts):
        counts = [_from_metrics(prompt) for prompt in prompts]
    else:
        counts = _count_results(stream, source, prompts)
    return tuple(
        Evidence(
            tool=TOOL,
            tool_version=version,
            source=source,
            run_date=run_date,
            model=str(prompt.get("provider") or ""),
            prompt=str(prompt.get("label") or prompt.get("id") or ""),
            **count,
        )
        for prompt, count in zip(prompts, counts, strict=True)
    )


def _from_metrics(prompt: dict[str, Any]) -> dict[str, Any]:
    metrics = prompt["metrics"]
    usage = metrics.get("tokenUsage") or {}
    errored = int(metrics.get("testErrorCount") or 0)
    # A provider error bills no tokens: the mean is over the requests that answered.
    requests = int(usage.get("numRequests") or 0) - errored
    return {
        "passed": int(metrics["testPassCount"]),
        "failed": int(metrics["testFailCount"]),
        "errored": errored,
        "mean_input_tokens": mean(usage.get("prompt"), requests),
        "mean_output_tokens": mean(usage.get("completion"), requests),
    }


def _count_results(stream: IO[bytes], source: str, prompts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tally `results.results` per promptIdx (an index into the prompts list) when prompts carry no metrics."""
    tally: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def count(result: dict[str, Any]) -> None:
        row = tally[int(result.get("promptIdx") or 0)]
        if result.get("success"):
            row["passed"] += 1
        elif result.get("failureReason") == _ERROR:
            row["errored"] += 1
            return  # no answer, no tokens: left out of the per-request means
        else:
            row["failed"] += 1
        usage = result.get("response", {}).get("tokenUsage") or result.get("tokenUsage") or {}
        if usage.get("prompt") is not None:
            row["requests"] += 1
            row["input"] += int(usage.get("prompt") or 0)
            row["output"] += int(usage.get("completion") or 0)

    for result in each(stream, source, "results.results.item"):
        count(result)
    counts = []
    for index in range(len(prompts)):
        row = tally.get(index, {})
        counts.append(
            {
                "passed": row.get("passed", 0),
                "failed": row.get("failed", 0),
                "errored": row.get("errored", 0),
                "mean_input_tokens": mean(row.get("input"), row.get("requests", 0)),
                "mean_output_tokens": mean(row.get("output"), row.get("requests", 0)),
            }
        )
    return counts


def _day(timestamp: Any) -> date | None:
    try:
        return date.fromisoformat(str(timestamp)[:10])
    except ValueError:
        return None
