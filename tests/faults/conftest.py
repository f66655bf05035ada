"""Helpers for the fault tests: submitting as Slack does, timing each answer, and counting what reached Slack.

Every fault test asserts the same three things: every acked submission is posted exactly once, every request
is answered within Slack's 3 seconds (a correctness property: Slack gives up after that), and client input never
gets a 5xx.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import httpx

from bot import ids
from tests.fixtures.slack import SlackSender, SlackStandIn, view_submission
from tests.fixtures.slack.identities import wait_until

SLACK_ACK_SECONDS = 3.0


@dataclass(frozen=True)
class Answered:
    """One request's answer and how long it took."""

    response: httpx.Response
    seconds: float

    @property
    def acked(self) -> bool:
        """Slack would close the modal: 200 with an empty body (no response_action errors)."""
        return self.response.status_code == 200 and not self.response.content.strip()


def timed(send: Any, *args: Any, **kwargs: Any) -> Answered:
    started = time.monotonic()
    response = send(*args, **kwargs)
    return Answered(response, time.monotonic() - started)


def questionnaire(sender: SlackSender, stand_in: SlackStandIn) -> dict[str, Any]:
    """Open the modal once with `/tunewise` and return the view Slack would show."""
    before = len(stand_in.calls_to("views.open"))
    sender.command("")
    return stand_in.wait_for("views.open", before + 1)[-1].params["view"]


def submit(sender: SlackSender, view: dict[str, Any], project: str) -> Answered:
    """Submit the modal with `project` typed in; each project name is its own submission (its own view id)."""
    payload = view_submission(view, {"project": project}, view_id=f"V{abs(hash(project)) % 10**9:09d}")
    return timed(sender.interaction, payload)


def parents_posted(stand_in: SlackStandIn) -> dict[str, int]:
    """How many times Slack accepted a parent message (the one with the verdict) per project name."""
    counts: dict[str, int] = {}
    for call in stand_in.calls_to("chat.postMessage"):
        if not call.ok or not any(
            b.get("block_id") == ids.VERDICT_BLOCK for b in call.params.get("blocks") or []
        ):
            continue
        header = next(b for b in call.params["blocks"] if b.get("block_id") == ids.VERDICT_BLOCK)
        text = header["text"]["text"]
        counts[text] = counts.get(text, 0) + 1
    return counts


def posted_once(stand_in: SlackStandIn, projects: list[str]) -> dict[str, int]:
    """For each project, how many parent messages name it (the goal is 1 for every one)."""
    posted = parents_posted(stand_in)
    named = {project: re.compile(re.escape(project) + r"(?![\w])") for project in projects}
    return {
        project: sum(n for text, n in posted.items() if named[project].search(text)) for project in projects
    }


def wait_for_parents(stand_in: SlackStandIn, projects: list[str], *, timeout: float = 30) -> None:
    wait_until(
        lambda: all(n >= 1 for n in posted_once(stand_in, projects).values()),
        timeout=timeout,
        what=f"parent messages for {len(projects)} submissions",
    )


def assert_within_slacks_deadline(answers: list[Answered]) -> None:
    slowest = max(answer.seconds for answer in answers)
    assert slowest < SLACK_ACK_SECONDS, f"slowest answer took {slowest:.2f} s"
    assert all(answer.response.status_code < 500 for answer in answers)
