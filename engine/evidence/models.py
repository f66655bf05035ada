"""From the model id an eval tool writes to a model the price catalog knows.

Tools name models their own way: promptfoo "openai:chat:gpt-4o-mini", Inspect "openai/gpt-4o-mini", OpenAI's
usage rows the dated snapshot "gpt-4o-mini-2024-07-18". The catalog is asked for the id as written, then without
its provider prefix and date suffix; the plainest name it prices is the model, so that lifecycle facts (kept
under "gpt-4o-mini", not under each snapshot) apply to it.
"""

from __future__ import annotations

import re

from engine.catalog import Catalog, UnknownModelError
from engine.evidence.model import Evidence, EvidenceError

_DATE_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{8})$")


def candidate_names(model_id: str) -> list[str]:
    """Names to try for `model_id`, most specific first, without repeats."""
    names = [model_id.strip()]
    for separator in (":", "/"):
        names.append(names[-1].rsplit(separator, 1)[-1])
    names.append(_DATE_SUFFIX.sub("", names[-1]))
    return [name for index, name in enumerate(names) if name and name not in names[:index]]


def catalog_model(evidence: Evidence, catalog: Catalog) -> str:
    """The catalog's name for the evidence's model; EvidenceError naming the file when nobody prices it."""
    if not evidence.model:
        raise EvidenceError(
            f"{evidence.source}: the {evidence.tool} run does not say which model it tested; "
            + _where_the_model_goes(evidence.tool)
        )
    error: UnknownModelError | None = None
    for name in reversed(candidate_names(evidence.model)):
        try:
            catalog.inference(name)
        except UnknownModelError as unknown:
            error = error or unknown
            continue
        return name
    hint = f"; did you mean {', '.join(error.suggestions)}?" if error and error.suggestions else ""
    raise EvidenceError(
        f"{evidence.source}: model '{evidence.model}' is not in the price catalog (`tunewise prices` lists the "
        f"models it knows){hint}"
    )


def _where_the_model_goes(tool: str) -> str:
    if tool == "deepeval":
        return (
            "pass hyperparameters={'model': ...} to evaluate() or log it with @deepeval.log_hyperparameters"
        )
    return "expected a model id in the file"
