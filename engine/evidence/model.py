"""What an eval results file says about one model and one prompt: the Evidence value and its error."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

EVIDENCE_SCHEMA_VERSION = 1


class EvidenceError(ValueError):
    """A results file that cannot be read as evidence; the message names the file and what was expected."""


class Evidence(BaseModel):
    """Cases passed, failed and errored for one model with one prompt, in one run of one eval tool.

    A case the tool could not grade (the provider or the grader raised) counts as errored, not failed; the pass
    rate still counts it as not passing (an answer that never arrives fails the user too), so it is passed over
    all cases, as the tools' own summaries print it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    tool: str = Field(
        description="The eval tool that wrote the file: promptfoo, inspect_ai, openai_evals, "
        "oaieval or deepeval."
    )
    tool_version: str = Field(
        description="The tool's version as written in the file; empty when it writes none."
    )
    source: str = Field(description="The file's name (no directory), or the stream's name.")
    run_date: date | None = Field(description="The day the run started, as the file records it (UTC).")
    model: str = Field(description="The model id as the tool wrote it, e.g. 'openai:gpt-4o-mini'.")
    prompt: str = Field(description="The prompt's label or id in the file; empty when the tool has none.")
    passed: int = Field(ge=0)
    failed: int = Field(ge=0)
    errored: int = Field(ge=0)
    mean_input_tokens: float | None = Field(
        default=None, ge=0, description="Mean input (prompt) tokens per request; null when the file has none."
    )
    mean_output_tokens: float | None = Field(
        default=None,
        ge=0,
        description="Mean output (completion) tokens per request; null when the file has none.",
    )

    @property
    def cases(self) -> int:
        return self.passed + self.failed + self.errored

    @property
    def pass_rate(self) -> float:
        """Passed over all cases (errored ones included); 0 for a run with no cases."""
        return self.passed / self.cases if self.cases else 0.0

    def summary(self) -> str:
        """One line a person reads: 'promptfoo run of 2026-11-28: 212 of 240 cases pass (openai:gpt-4o-mini)'."""
        when = f" of {self.run_date.isoformat()}" if self.run_date else ""
        errors = f", {self.errored} errored" if self.errored else ""
        prompt = f", prompt {self.prompt}" if self.prompt else ""
        return (
            f"{self.tool} run{when}: {self.passed} of {self.cases} cases pass{errors} ({self.model}{prompt})"
        )


def mean(total: float | None, count: int) -> float | None:
    """total / count, or None when either is unknown or zero (a mean of nothing is no figure)."""
    if total is None or count <= 0:
        return None
    return total / count
