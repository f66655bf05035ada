"""Inspect AI eval logs: `.json` read here as a stream; `.eval` archives through inspect_ai's own reader.

Read from inspect_ai 0.3.285 (inspect_ai/log/_log.py) and logs it wrote: `{"version": 2, "status", "eval":
{"task", "model", "created", "packages": {"inspect_ai": ...}}, "results": {"total_samples",
"completed_samples", "scores", "headline"}, "stats": {"model_usage"}, "samples": [...]}`. A sample passes when
the headline scorer's value is CORRECT ("C") or 1, fails otherwise, and is errored when it has an `error` or
no score. Inspect records tokens per sample, not per request: the means are per sample (one generate per
sample in the usual task). A log saved without samples falls back to the headline accuracy and
`scored_samples`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

from engine.evidence.head import ZIP_MAGIC, Head
from engine.evidence.jsonstream import each, first
from engine.evidence.model import Evidence, EvidenceError, mean

TOOL = "inspect_ai"
EXPECTED = 'an Inspect AI log (.json with "eval", "results" and "samples", or an .eval archive)'
INSTALL_HINT = (
    "reading .eval archives needs inspect_ai: pip install 'tunewise[inspect]', or convert the log with "
    "`inspect log convert --to json`"
)
CORRECT = "C"
_HEADER = ("status", "eval.task", "eval.model", "eval.created", "eval.packages", "results")


def looks_like(head: Head) -> bool:
    if head.shape == "zip":
        # Inspect writes its .eval archive journal first (_journal/start.json), header.json last.
        return bool(head.keys) and (head.keys[0].startswith("_journal/") or head.keys[0] == "header.json")
    return head.shape == "json" and head.has("version", "status", "eval")


def read(stream: IO[bytes], source: str) -> tuple[Evidence, ...]:
    if _starts_like_zip(stream):
        return _read_archive(stream, source)
    header = {prefix: first(stream, source, prefix) for prefix in _HEADER}
    tally = _Tally()
    for sample in each(stream, source, "samples.item"):  # reads to the end: a truncated log is noticed here
        tally.add(sample)
    return (_evidence(source, header, tally),)


def _starts_like_zip(stream: IO[bytes]) -> bool:
    if hasattr(stream, "peek"):
        return bool(stream.peek(4)[:4] == ZIP_MAGIC)
    start = stream.tell()
    first = stream.read(4)
    stream.seek(start)
    return first == ZIP_MAGIC


def _evidence(source: str, header: dict[str, Any], tally: _Tally) -> Evidence:
    status = header.get("status")
    if status not in ("success", None):
        raise EvidenceError(
            f"{source}: the Inspect run's status is {status!r}; expected a finished run ('success')"
        )
    results = header.get("results") or {}
    scorer = _headline_scorer(results)
    if tally.samples:
        passed, failed, errored = tally.counts(scorer)
    else:
        passed, failed, errored = _from_headline(source, results, scorer)
    packages = header.get("eval.packages") or {}
    return Evidence(
        tool=TOOL,
        tool_version=str(packages.get("inspect_ai") or ""),
        source=source,
        run_date=_day(header.get("eval.created")),
        model=str(header.get("eval.model") or ""),
        prompt=str(header.get("eval.task") or ""),
        passed=passed,
        failed=failed,
        errored=errored,
        mean_input_tokens=mean(tally.input_tokens, tally.with_usage),
        mean_output_tokens=mean(tally.output_tokens, tally.with_usage),
    )


class _Tally:
    """Per-sample scores and usage, kept as counts so a long log is read one sample at a time."""

    def __init__(self) -> None:
        self.samples: list[tuple[Any, bool]] = []  # (scores by scorer, errored) for each sample
        self.input_tokens = self.output_tokens = self.with_usage = 0

    def add(self, sample: dict[str, Any]) -> None:
        scores = sample.get("scores") or {}
        values = {name: (score or {}).get("value") for name, score in scores.items()}
        self.samples.append((values, bool(sample.get("error"))))
        usage = sample.get("model_usage") or {}
        if usage:
            self.with_usage += 1
            for row in usage.values():
                self.input_tokens += int(row.get("input_tokens") or 0)
                self.output_tokens += int(row.get("output_tokens") or 0)

    def counts(self, scorer: str | None) -> tuple[int, int, int]:
        passed = failed = errored = 0
        for values, has_error in self.samples:
            value = values.get(scorer) if scorer else next(iter(values.values()), None)
            if has_error or value is None:
                errored += 1
            elif value == CORRECT or value is True or (isinstance(value, int | float) and value >= 1):
                passed += 1
            else:
                failed += 1
        return passed, failed, errored


def _headline_scorer(results: dict[str, Any]) -> str | None:
    headline = results.get("headline") or {}
    if headline.get("scorer"):
        return str(headline["scorer"])
    scores = results.get("scores") or []
    return str(scores[0].get("name")) if scores else None


def _from_headline(source: str, results: dict[str, Any], scorer: str | None) -> tuple[int, int, int]:
    """Counts from the header alone: accuracy x scored samples, the rest of the samples errored."""
    for score in results.get("scores") or []:
        if scorer is None or score.get("name") == scorer:
            accuracy = ((score.get("metrics") or {}).get("accuracy") or {}).get("value")
            scored = int(score.get("scored_samples") or results.get("completed_samples") or 0)
            if accuracy is None:
                break
            passed = round(float(accuracy) * scored)
            errored = max(int(results.get("total_samples") or 0) - scored, 0)
            return passed, scored - passed, errored
    raise EvidenceError(
        f"{source}: an Inspect log with neither samples nor an accuracy metric; expected {EXPECTED}"
    )


def _read_archive(stream: IO[bytes], source: str) -> tuple[Evidence, ...]:
    try:
        from inspect_ai.log import read_eval_log, read_eval_log_sample_summaries
    except ImportError:
        raise EvidenceError(f"{source}: an Inspect AI .eval archive; {INSTALL_HINT}") from None
    path, temporary = _as_file(stream)
    try:
        try:
            log = read_eval_log(path, header_only=True)
            summaries = read_eval_log_sample_summaries(path)
        except Exception as error:  # inspect_ai raises many kinds of error for a damaged archive
            raise EvidenceError(
                f"{source}: inspect_ai cannot read this .eval archive ({error}); expected {EXPECTED}"
            ) from None
    finally:
        if temporary:
            os.unlink(path)
    header = {
        "status": log.status,
        "eval.task": log.eval.task,
        "eval.model": log.eval.model,
        "eval.created": log.eval.created,
        "eval.packages": log.eval.packages,
        "results": log.results.model_dump() if log.results else {},
    }
    tally = _Tally()
    for summary in _dumped(summaries):
        tally.add(summary)
    return (_evidence(source, header, tally),)


def _dumped(summaries: Iterable[Any]) -> Iterable[dict[str, Any]]:
    for summary in summaries:
        yield summary.model_dump(mode="json")


def _as_file(stream: IO[bytes]) -> tuple[str, bool]:
    """A path inspect_ai can open: the stream's own file, or a temporary copy of an uploaded stream."""
    name = getattr(stream, "name", None)
    if isinstance(name, str) and Path(name).is_file():
        return name, False
    stream.seek(0)
    with tempfile.NamedTemporaryFile(suffix=".eval", delete=False) as copy:
        shutil.copyfileobj(stream, copy)
    return copy.name, True


def _day(timestamp: Any) -> date | None:
    try:
        return date.fromisoformat(str(timestamp)[:10])
    except ValueError:
        return None
