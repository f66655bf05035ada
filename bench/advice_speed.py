"""Advice computations per second on one core: `.venv/bin/python bench/advice_speed.py [--seconds N]`.

Answers are built and validated before timing (as the CLI and Slack do, once per request); the timed loop
is `engine.advise(answers, today=...)` only, over a mix of realistic answers files and variations of them.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import time
from datetime import date
from pathlib import Path

import yaml

from engine import advise
from engine.answers import Answers

EXAMPLES = Path(__file__).parents[1] / "examples"
TODAY = date(2026, 11, 29)
GOAL_PER_SECOND = 20_000


def workload() -> list[Answers]:
    """The examples, each at several volumes and with another tuned model: 48 distinct answers."""
    bases = [yaml.safe_load(path.read_text()) for path in sorted(EXAMPLES.glob("*.yaml"))]
    variations = list(
        itertools.product(
            [1_000, 50_000, 2_000_000],
            ["gpt-4o-mini", "llama-3.1-8b-instruct", "gpt-3.5-turbo", "llama-3.1-70b-instruct"],
        )
    )
    return [
        Answers.model_validate(base | {"monthly_requests": requests, "tuned_model": tuned})
        for base in bases
        for requests, tuned in variations
    ]


def advice_per_second(answers: list[Answers], seconds: float) -> float:
    """Advice per second of CPU time: other processes on a shared machine do not count against the engine."""
    done, started = 0, time.process_time()
    while (elapsed := time.process_time() - started) < seconds:
        for one in answers:
            advise(one, today=TODAY)
        done += len(answers)
    return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each of the 5 timed runs")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the goal is stated
    answers = workload()
    advice_per_second(answers, 0.5)  # warm the catalog caches and the interpreter
    runs = [advice_per_second(answers, args.seconds) for _ in range(5)]
    median = statistics.median(runs)
    print(f"workload: {len(answers)} distinct answers, 5 runs of {args.seconds:g} CPU-seconds on one core")
    print(f"advice per second: median {median:,.0f} (min {min(runs):,.0f}, max {max(runs):,.0f})")
    print(f"microseconds per advice: {1e6 / median:.1f}")
    print(f"goal {GOAL_PER_SECOND:,}/s: {'met' if median >= GOAL_PER_SECOND else 'NOT met'}")


if __name__ == "__main__":
    main()
