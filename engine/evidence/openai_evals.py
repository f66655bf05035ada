"""OpenAI's hosted Evals: one run object (`"object": "eval.run"`), as `client.evals.runs.retrieve()` returns it.

Shape read from the `openai` package's types (openai.types.evals.RunRetrieveResponse): `result_counts`
{passed, failed, errored, total}, `per_model_usage` [{model_name, invocation_count, prompt_tokens,
completion_tokens, ...}], `model`, `name`, `created_at` (Unix seconds), `status`. The object carries no tool
version, so tool_version is empty.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import IO, Any

from engine.evidence.head import Head
from engine.evidence.jsonstream import first, read_to_end
from engine.evidence.model import Evidence, EvidenceError, mean

TOOL = "openai_evals"
EXPECTED = 'an OpenAI Evals run object ({"object": "eval.run", "result_counts": ..., "per_model_usage": ...})'


_FIELDS = (
    "model",
    "name",
    "status",
    "created_at",
    "result_counts",
    "per_model_usage",
    "metadata",
    "data_source.model",
)


def looks_like(head: Head) -> bool:
    return head.shape == "json" and head.scalars.get("object") == "eval.run"


def read(stream: IO[bytes], source: str) -> tuple[Evidence, ...]:
    # One small object: read it whole (read_to_end also notices a truncated file), one key at a time.
    read_to_end(stream, source, "object")
    run = {prefix: first(stream, source, prefix) for prefix in _FIELDS}
    counts = run.get("result_counts")
    if not isinstance(counts, dict) or not all(key in counts for key in ("passed", "failed", "errored")):
        raise EvidenceError(
            f"{source}: no result_counts with passed, failed and errored; expected {EXPECTED}"
        )
    status = run.get("status")
    if status not in (None, "completed"):
        raise EvidenceError(f"{source}: the run's status is {status!r}; expected a completed run")
    model = run.get("model") or run.get("data_source.model") or ""
    usage = _usage_of(model, run.get("per_model_usage") or [])
    requests = int(usage.get("invocation_count") or 0)
    created = run.get("created_at")
    metadata = run.get("metadata") or {}
    return (
        Evidence(
            tool=TOOL,
            tool_version="",
            source=source,
            run_date=datetime.fromtimestamp(created, UTC).date()
            if isinstance(created, int | float)
            else None,
            model=model,
            prompt=str(metadata.get("prompt") or run.get("name") or ""),
            passed=int(counts["passed"]),
            failed=int(counts["failed"]),
            errored=int(counts["errored"]),
            mean_input_tokens=mean(usage.get("prompt_tokens"), requests),
            mean_output_tokens=mean(usage.get("completion_tokens"), requests),
        ),
    )


def _usage_of(model: str, usages: list[dict[str, Any]]) -> dict[str, Any]:
    """The usage row of the model under test: graders are billed in the same list under their own names.

    OpenAI names the dated snapshot there ("gpt-4o-mini-2024-07-18" for a run of "gpt-4o-mini").
    """
    for usage in usages:
        name = str(usage.get("model_name", ""))
        if model and (name == model or name.startswith(f"{model}-")):
            return usage
    return usages[0] if len(usages) == 1 else {}
