"""Write promptfoo results variants from the real example file: same shape, other providers / prompts / counts.

Usage: python make_promptfoo.py OUT.json 'openai:gpt-4o|triage-v3|pass|fail|err' ...
The per-case results are dropped (every prompt keeps metrics, which the importer reads first).
"""

import copy
import json
import sys
from pathlib import Path

SOURCE = Path(__file__).parents[3] / "examples/evidence/support-triage-promptfoo.json"


def main(out: str, specs: list[str]) -> None:
    data = json.loads(SOURCE.read_text())
    template = data["results"]["prompts"][0]
    prompts = []
    for spec in specs:
        provider, label, passed, failed, errored = spec.split("|")
        p = copy.deepcopy(template)
        p["provider"], p["label"] = provider, label
        m = p["metrics"]
        m["testPassCount"], m["testFailCount"], m["testErrorCount"] = int(passed), int(failed), int(errored)
        m["score"] = m["assertPassCount"] = int(passed)
        m["assertFailCount"] = int(failed)
        n = int(passed) + int(failed) + int(errored)
        m["tokenUsage"]["numRequests"] = n
        m["tokenUsage"]["prompt"] = 1800 * (n - int(errored))
        m["tokenUsage"]["completion"] = 40 * (n - int(errored))
        prompts.append(p)
    data["results"]["prompts"] = prompts
    data["results"]["results"] = []
    Path(out).write_text(json.dumps(data, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
