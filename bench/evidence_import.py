"""Time and peak memory to import a 50 MB promptfoo results file: `.venv/bin/python bench/evidence_import.py`.

The file is generated from the real promptfoo fixture (tests/evidence/fixtures/promptfoo-results.json): its
per-case results are repeated, with fresh ids, until the file reaches --megabytes. Each import runs in a fresh
child process, so its peak resident memory (ru_maxrss) is its own (tracemalloc is left off: it slows ijson's
Python-facing side tenfold).
Two paths are measured: the usual one (promptfoo's per-prompt metrics, the per-case results streamed past)
and the fallback that counts every case (prompts without metrics); `json.load` of the same file is shown
for comparison.
"""

from __future__ import annotations

import argparse
import copy
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and this file would shadow the `engine` package.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).parent.resolve()]

FIXTURE = Path(__file__).parents[1] / "tests" / "evidence" / "fixtures" / "promptfoo-results.json"
MB = 1024 * 1024


def generate(path: Path, megabytes: float, with_metrics: bool) -> int:
    """Write a promptfoo results file of about `megabytes` MB; return the number of per-case results."""
    output = json.loads(FIXTURE.read_text())
    template = output["results"]["results"]
    per_round = len(json.dumps(template))
    rounds = max(1, int(megabytes * MB / per_round))
    results = []
    for round_number in range(rounds):
        for result in template:
            copied = copy.copy(result)
            copied["id"] = f"{result['id']}-{round_number}"
            results.append(copied)
    output["results"]["results"] = results
    for prompt in output["results"]["prompts"]:
        metrics = prompt["metrics"]
        for key in ("testPassCount", "testFailCount", "testErrorCount", "assertPassCount", "assertFailCount"):
            metrics[key] *= rounds
        for key in ("prompt", "completion", "total", "numRequests"):
            metrics["tokenUsage"][key] *= rounds
        if not with_metrics:
            del prompt["metrics"]
    with path.open("w", encoding="utf-8") as file:
        json.dump(output, file)
    return len(results)


def measure(path: str, how: str) -> None:
    """Child process: import `path` one way, print seconds and resident peak as JSON."""
    started, cpu_started = time.perf_counter(), time.process_time()
    if how == "json.load":
        with open(path, "rb") as file:
            json.load(file)
        cases = None
    else:
        from engine.evidence import read_evidence

        cases = sum(evidence.cases for evidence in read_evidence(path))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports kilobytes
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "rss_peak": rss_peak, "cases": cases}))


def run_child(path: Path, how: str) -> dict[str, float]:
    completed = subprocess.run(
        [sys.executable, __file__, "--measure", str(path), how], capture_output=True, text=True, check=True
    )
    return json.loads(completed.stdout)


def baseline_rss() -> int:
    """Resident peak of a child that only imports the evidence package: the interpreter's own share."""
    code = (
        "import resource, engine.evidence; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    )
    return int(completed.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=float, default=50.0)
    parser.add_argument("--measure", nargs=2, metavar=("PATH", "HOW"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure)
        return
    import ijson

    print(f"ijson {ijson.__version__} (backend {ijson.backend}), Python {sys.version.split()[0]}")
    print(f"interpreter + engine.evidence alone: {baseline_rss() / MB:.1f} MB resident")
    with tempfile.TemporaryDirectory(prefix="tunewise-bench-") as folder:
        for with_metrics, label in ((True, "per-prompt metrics"), (False, "no metrics: every case counted")):
            path = Path(folder) / "results.json"
            results = generate(path, args.megabytes, with_metrics)
            size = path.stat().st_size / MB
            print(f"\npromptfoo results file: {size:.1f} MB, {results:,} per-case results ({label})")
            for how in ("read_evidence", "json.load"):
                figures = run_child(path, how)
                cases = f", {figures['cases']:,} cases" if figures["cases"] is not None else ""
                print(
                    f"  {how:<14} {figures['seconds']:6.2f} s ({figures['cpu_seconds']:.2f} s CPU)  "
                    f"resident peak {figures['rss_peak'] / MB:7.1f} MB{cases}"
                )
            path.unlink()


if __name__ == "__main__":
    main()
