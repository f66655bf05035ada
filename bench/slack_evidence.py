"""Time to download and read an eval results file the way a questionnaire submission does, before its ack:
`.venv/bin/python bench/slack_evidence.py`.

The file is served by the Slack Web API stand-in (tests/fixtures/slack) and fetched with the bot token through
`read_evidence_files`, the questionnaire's own path, under its budget (EVIDENCE_SECONDS) and size cap
(EVIDENCE_MAX_BYTES). Files: the real promptfoo fixture, and promptfoo files generated from it (as
bench/evidence_import.py does) just under the cap, with per-prompt metrics and without (every case counted).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).parent.resolve()]
sys.path.insert(0, str(ROOT))

from slack_sdk import WebClient

from bench.evidence_import import FIXTURE, MB, generate
from bot.modals.evidence_file import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_SECONDS,
    EvidenceFileError,
    UploadedFile,
    read_evidence_files,
)
from tests.fixtures.slack import BOT_TOKEN, SlackStandIn


def time_reads(client: WebClient, stand_in: SlackStandIn, name: str, content: bytes, runs: int) -> str:
    file = UploadedFile.from_slack(stand_in.host_file(name, content))
    seconds: list[float] = []
    outcome = ""
    for _ in range(runs):
        started = time.perf_counter()
        try:
            found = read_evidence_files(
                [file], client, seconds=EVIDENCE_SECONDS, max_bytes=EVIDENCE_MAX_BYTES
            )
            outcome = f"read, {sum(run.cases for run in found):,} cases"
        except EvidenceFileError as error:
            outcome = f"refused: {str(error)[:70]}..."
        seconds.append(time.perf_counter() - started)
    return (
        f"  {name:<34} {len(content) / 1_000_000:6.2f} MB  median {statistics.median(seconds) * 1000:6.0f} ms  "
        f"max {max(seconds) * 1000:6.0f} ms  {outcome}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    stand_in = SlackStandIn().start()
    client = WebClient(token=BOT_TOKEN, base_url=stand_in.url)
    print(
        f"budget {EVIDENCE_SECONDS:.1f} s for download and read, cap {EVIDENCE_MAX_BYTES / 1_000_000:.1f} MB; "
        f"{arguments.runs} runs each, Slack stand-in on 127.0.0.1"
    )
    try:
        with tempfile.TemporaryDirectory() as folder:
            rows = [("promptfoo-results.json (fixture)", FIXTURE.read_bytes())]
            for with_metrics in (True, False):
                path = Path(folder) / f"under-cap-{with_metrics}.json"
                target = EVIDENCE_MAX_BYTES * 0.97 / MB
                generate(path, target, with_metrics)
                label = "at the cap, per-prompt metrics" if with_metrics else "at the cap, every case counted"
                rows.append((label, path.read_bytes()))
            for name, content in rows:
                print(time_reads(client, stand_in, name, content, arguments.runs))
    finally:
        stand_in.close()
    load = os.getloadavg()[0]
    print(f"  machine: {os.cpu_count()} cores, load average {load:.1f}")


if __name__ == "__main__":
    main()
