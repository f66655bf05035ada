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
