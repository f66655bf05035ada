"""Events: the App Home tab, and its "New assessment" button.

The Home view here is the minimal one (a welcome and the button); the decision store's App Home replaces
`build_home` with the workspace's decisions.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import ActionsBlock, ButtonElement, SectionBlock
from slack_sdk.models.views import View

from bot import ids
from bot.modals import Destination, build_questionnaire


def build_home(team_id: str, user_id: str) -> View:
    return View(
        type="home",
        blocks=[
            SectionBlock(
                text="*Tunewise* advises prompting, RAG or fine-tuning for one LLM use case, with costs. "
                f"Start an assessment here, with `{ids.COMMAND}` in a channel, or from a message's shortcut menu."
            ),
            ActionsBlock(
                elements=[
                    ButtonElement(text="New assessment", action_id=ids.NEW_ASSESSMENT_ACTION, style="primary")
                ]
            ),
        ],
    )


def publish_home(event: dict[str, Any], context: Any, client: WebClient) -> None:
    if event.get("tab") != "home":  # the Messages tab fires the same event
        return
    client.views_publish(user_id=event["user"], view=build_home(context.team_id, event["user"]))


def start_assessment(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    view = build_questionnaire(Destination(), ask_for_channel=True)
    client.views_open(trigger_id=body["trigger_id"], view=view)


def register(app: App) -> None:
    app.event("app_home_opened")(publish_home)
    app.action(ids.NEW_ASSESSMENT_ACTION)(start_assessment)
