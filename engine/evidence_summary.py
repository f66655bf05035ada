"""What eval results files contributed to an Advice (Advice.evidence): the runs, and the answers they gave.

A module of its own, beside engine/advice.py rather than inside engine/evidence/, so that the Advice can carry
it while engine/evidence (which builds it, and reads the Advice) depends on the Advice and not the reverse.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class EvidenceRun(BaseModel):
    """One run as the Advice records it: which file, which tool, which model and prompt, how many cases."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Literal["baseline", "compared"] = Field(
        description="baseline: the best prompting result, the one the quality gap comes from; compared: the "
        "others, reported beside it."
    )
    tool: str
    tool_version: str
    file: str = Field(description="The results file's name.")
    run_date: date | None
    model: str = Field(description="The model id as the tool wrote it.")
    catalog_model: str = Field(description="The catalog's name for that model.")
    prompt: str
    cases: int
    passed: int
    failed: int
    errored: int
    summary: str = Field(description="The run in one line, as the reasons cite it.")

    def outcome(self, baseline: EvidenceRun | None) -> str:
        """The run as it reads beside the baseline: 'gpt-4o-mini with the same prompt: 219 of 240 cases pass
        (91%)'; the baseline itself (or any run, without one) by its model and prompt."""
        if baseline is None or self is baseline:
            who = f"{self.catalog_model}, prompt {self.prompt}" if self.prompt else self.catalog_model
        elif self.catalog_model == baseline.catalog_model:
            who = (
                f"{self.catalog_model}, prompt {self.prompt}"
                if self.prompt
                else f"{self.catalog_model}, another run"
            )
        elif self.prompt == baseline.prompt:
            who = f"{self.catalog_model} with the same prompt"
        else:
            who = f"{self.catalog_model} with prompt {self.prompt}"
        rate = self.passed / self.cases if self.cases else 0.0
        errored = f", {self.errored} errored" if self.errored else ""
        return f"{who}: {self.passed} of {self.cases} cases pass ({rate:.0%}){errored}"

    @property
    def made_by(self) -> str:
        """'promptfoo 0.121.20 run of 2026-11-30'."""
        made = f"{self.tool} {self.tool_version}".strip()
        return f"{made} run of {self.run_date}" if self.run_date else f"{made} run"


class EvidenceAnswer(BaseModel):
    """One answer an eval run measured: the value as shown, and which of EvidenceSummary.runs it came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str
    run: int = Field(ge=0, description="Index into EvidenceSummary.runs.")


class EvidenceSummary(BaseModel):
    """What `--evidence` files contributed to an Advice (Advice.evidence; null when none were given)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    runs: tuple[EvidenceRun, ...] = Field(description="The baseline run first, then the others, best first.")
    filled: dict[str, EvidenceAnswer] = Field(
        default_factory=dict, description="Answers fields taken from the evidence."
    )
    kept: dict[str, EvidenceAnswer] = Field(
        default_factory=dict,
        description="Answers fields the answers file set although the evidence measured another value: the "
        "file's value was used; this is what the evidence said.",
    )

    @property
    def baseline(self) -> EvidenceRun | None:
        """The run the quality gap comes from (first, when there is one)."""
        return self.runs[0] if self.runs and self.runs[0].role == "baseline" else None

    def given_by(self, run: int) -> dict[str, EvidenceAnswer]:
        """The answers run number `run` gave."""
        return {field: answer for field, answer in self.filled.items() if answer.run == run}

    def kept_from(self, run: int) -> dict[str, EvidenceAnswer]:
        """What run number `run` measured where the answers were kept instead."""
        return {field: answer for field, answer in self.kept.items() if answer.run == run}
