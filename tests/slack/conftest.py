"""Helpers shared by the Slack scenario tests: reading what the app posted and what it saved."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

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
    """Open the modal with `/tunewise` in a channel, then submit it with the given typed values."""

    def submit(values: dict[str, str | None] | None = None, **payload: Any):
        slack_app.command("")
        view = slack_app.opened_view()
        return slack_app.interaction(view_submission(view, values or {"project": "Ticket triage"}, **payload))

    return submit
