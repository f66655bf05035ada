"""The local log of OpenAI's `oaieval` (the `evals` package): JSON lines from its LocalRecorder.

Read from evals/record.py (evals 3.0.1.post1): line one is `{"spec": RunSpec}` (completion_fns, eval_name,
run_id, created_at), then one event a line (`run_id`, `event_id`, `sample_id`, `type`, `data`, `created_at`),
and last `{"final_report": {...}, "run_id": ...}`. Only evals that record `match` events (`data.correct`:
the basic Match, Includes and FuzzyMatch evals) say which cases passed; `error` events count as errored.
`sampling` events carry the completion's `usage` when the completion function is OpenAI's.
"""

from __future__ import annotations

import json
from datetime import date
from typing import IO, Any

from engine.evidence.head import Head
from engine.evidence.model import Evidence, EvidenceError, mean

TOOL = "oaieval"
EXPECTED = 'an oaieval log (JSON lines starting with {"spec": ...}, with "match" events)'


def looks_like(head: Head) -> bool:
    return (
        head.shape == "jsonl"
        and head.first_line is not None
        and isinstance(head.first_line.get("spec"), dict)
    )


def read(stream: IO[bytes], source: str) -> tuple[Evidence, ...]:
    spec: dict[str, Any] = {}
    finished = False
    passed = failed = errored = 0
    requests = input_tokens = output_tokens = 0
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            raise EvidenceError(
                f"{source}: line {number} is not a whole JSON object (is the file truncated?); "
                f"expected {EXPECTED}"
            ) from None
        if not isinstance(record, dict):
            raise EvidenceError(f"{source}: line {number} is not a JSON object; expected {EXPECTED}")
        if "spec" in record:
            spec = record["spec"] or {}
            continue
        if "final_report" in record:
            finished = True
            continue
        kind, data = record.get("type"), record.get("data") or {}
        if kind == "match":
            if data.get("correct") is True:
                passed += 1
            else:
                failed += 1
        elif kind == "error":
            errored += 1
        elif kind == "sampling" and isinstance(data.get("usage"), dict):
            usage = data["usage"]
            requests += 1
            input_tokens += int(usage.get("prompt_tokens") or 0)
            output_tokens += int(usage.get("completion_tokens") or 0)
    if not finished:
        raise EvidenceError(
            f"{source}: an oaieval log with no final_report line: the file is truncated or the run did not finish"
        )
    if not passed + failed + errored:
        raise EvidenceError(
            f"{source}: an oaieval log with no match events; only evals that record a match per sample "
            "(Match, Includes, FuzzyMatch) give a pass rate"
        )
    functions = spec.get("completion_fns") or [""]
    return (
        Evidence(
            tool=TOOL,
            tool_version="",
            source=source,
            run_date=_day(spec.get("created_at")),
            model=str(functions[0]),
            prompt=str(spec.get("eval_name") or ""),
            passed=passed,
            failed=failed,
            errored=errored,
            mean_input_tokens=mean(input_tokens, requests),
            mean_output_tokens=mean(output_tokens, requests),
        ),
    )


def _day(created_at: Any) -> date | None:
    """RunSpec.created_at is `str(datetime.utcnow())`: '2026-11-30 15:10:02.123456'."""
    try:
        return date.fromisoformat(str(created_at)[:10])
    except ValueError:
        return None
