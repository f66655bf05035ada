"""`tunewise recommend --evidence FILE`: answers read from eval results files (engine/evidence).

The answers file still says what no eval can (the project, volumes, models); the evidence fills what the eval
measured, and a value the answers file sets wins. The output says which answers came from which run.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from engine import (
    Advice,
    Answers,
    Evidence,
    EvidenceError,
    advise,
    answers_for,
    apply_evidence,
    cite_evidence,
    load_catalog,
    read_evidence,
)

WIDTH = 100
Command = TypeVar("Command", bound=Callable[..., Any])


def evidence_option(command: Command) -> Command:
    return click.option(
        "--evidence",
        "evidence_paths",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=(
            "An eval results file (promptfoo results.json, Inspect AI log, OpenAI Evals run, oaieval log, "
            "DeepEval test run); repeat for several. Fills the answers the eval measured."
        ),
    )(command)


class EvidenceProblem(click.ClickException):
    """Evidence that cannot be used: one line each, printed like bad answers, exit status 2."""

    exit_code = 2

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))

    def show(self, file: Any = None) -> None:
        for line in self.message.splitlines():
            click.echo(f"error: {line}", err=True)


def advise_with_evidence(
    raw: dict[str, Any] | None,
    evidence_paths: tuple[Path, ...],
    day: date,
    problems: Callable[[ValidationError], list[str]],
) -> tuple[Answers, Advice]:
    """The answers file's `raw` mapping filled from the evidence, validated, advised on and cited.

    `problems` words validation errors as `recommend` does for any answers file.
    """
    if raw is None:
        raise click.UsageError(
            "--evidence needs --answers FILE too: the answers no eval can give (project, volumes, models)"
        )
    found: list[Evidence] = []
    errors = []
    for path in evidence_paths:
        try:
            found.extend(read_evidence(path))
        except EvidenceError as error:
            errors.append(f"evidence: {error}")
    if errors:
        raise EvidenceProblem(errors)
    try:
        applied = apply_evidence(raw, found, load_catalog(), day)
    except EvidenceError as error:
        raise EvidenceProblem([f"evidence: {error}"]) from None
    try:
        answers = answers_for(applied.raw, day)
    except ValidationError as error:
        lines = problems(error)
        # A value the evidence filled in, wrong itself or contradicting the file, is named with its run.
        for index, detail in enumerate(error.errors()):
            field = str(detail["loc"][0]) if detail["loc"] else ""
            involved = [name for name in applied.summary.filled if name == field or name in detail["msg"]]
            for name in involved:
                run = applied.summary.runs[applied.summary.filled[name].run]
                lines[index] += f" ({name} read from the evidence: {run.file}, {run.summary})"
        raise EvidenceProblem(lines) from None
    return answers, cite_evidence(advise(answers, today=day), applied)


def render_evidence(advice: Advice) -> str:
    """The Evidence section of `tunewise recommend`: the runs, and which answers came from which."""
    evidence = advice.evidence
    if evidence is None:
        return ""
    lines = ["", "", click.style("Evidence", bold=True)]
    baseline = evidence.baseline
    for number, run in enumerate(evidence.runs):
        label = "baseline " if run is baseline else "beside it"
        lines.append(_item(f"  {label}  ", run.outcome(baseline)))
        lines.append(_item(" " * 13, f"{run.made_by}, {run.file}"))
        fields = [f"{field} {answer.value}" for field, answer in evidence.given_by(number).items()]
        if fields:
            lines.append(_item(" " * 13, "gives: " + ", ".join(fields)))
        kept = [f"{field} {answer.value}" for field, answer in evidence.kept_from(number).items()]
        if kept:
            lines.append(_item(" " * 13, "measured, but the answers file is used for: " + ", ".join(kept)))
    return "\n".join(lines)


def _item(prefix: str, text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=prefix, subsequent_indent=" " * len(prefix))
