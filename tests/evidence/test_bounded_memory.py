"""A large results file is streamed: the importer's memory does not grow with the file."""

import sys
import tracemalloc
from pathlib import Path

import pytest

from engine.evidence import read_evidence

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
from evidence_import import generate

MB = 1024 * 1024


def peak_while_reading(path: Path) -> int:
    read_evidence(path)  # first use loads modules and caches: not what is being measured
    tracemalloc.start()
    try:
        read_evidence(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("with_metrics", [True, False], ids=["per-prompt-metrics", "every-case-counted"])
def test_a_file_four_times_larger_needs_no_more_memory(tmp_path, with_metrics):
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    generate(small, megabytes=0.5, with_metrics=with_metrics)
    generate(large, megabytes=2, with_metrics=with_metrics)

    growth = peak_while_reading(large) - peak_while_reading(small)

    assert growth < 0.25 * MB
