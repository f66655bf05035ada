"""Progress on stderr for long terminal runs (reprice, export), shown only when stderr is a terminal.

tqdm draws it; in a pipe, a redirect or with --json nothing is written, so stdout and logs stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def with_progress(items: Iterable[T], *, total: int | None, unit: str, quiet: bool = False) -> Iterator[T]:
    """`items` unchanged, with a progress bar on stderr when it is a terminal and `quiet` is not asked for."""
    shown = not quiet and sys.stderr.isatty()
    if not shown:
        yield from items
        return
    # mininterval keeps the redraws (and their cost) to a few a second on a million rows.
    yield from tqdm(
        items,
        total=total,
        unit=f" {unit}",
        file=sys.stderr,
        mininterval=0.5,
        dynamic_ncols=True,
        leave=False,
    )
