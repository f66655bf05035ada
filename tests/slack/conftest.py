"""Helpers shared by the Slack scenario tests: reading what the app posted and what it saved."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot import ids
from bot.modals.questionnaire import MORE_DETAILS
from bot.store import Decision
from tests.fixtures.slack import Call, RunningApp, view_submission


def decisions_saved(app: RunningApp) -> int:
    with app.database.session() as session:
        return session.scalar(select(func.count()).select_from(Decision))


def all_text(call: Call) -> str:
    """Everything a message shows: its fallback text and every text object in its blocks."""
    texts = [call.params.get("text") or ""]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                texts.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(call.params.get("blocks", []))
    return "\n".join(texts)


@pytest.fixture
def submit(slack_app: RunningApp):
    """Open the modal with `/tunewise` in a channel, then submit it with the given typed values: step one with
    its answers and, when some answers belong to step two, step one asking for step two, then step two."""

    def submit(values: dict[str, str | None] | None = None, **payload: Any):
        values = values or {"project": "Ticket triage"}
        slack_app.command("")
        view = slack_app.opened_view()
        on_step_one = {block["block_id"] for block in view["blocks"] if block["type"] == "input"}
        later = {name: value for name, value in values.items() if name not in on_step_one}
        if not later:
            return slack_app.interaction(view_submission(view, values, **payload))
        first = {name: value for name, value in values.items() if name in on_step_one}
        pushed = slack_app.interaction(
            view_submission(view, first | {ids.NEXT_STEP_BLOCK: MORE_DETAILS}, **payload)
        ).json()["view"]
        return slack_app.interaction(view_submission(pushed, later, **payload))

    return submit
