"""The two-step questionnaire over signed HTTP: advice from step one, or step two pushed and advice from it;
inline errors in each step; step one's answers kept when step two is abandoned or refused."""

from __future__ import annotations

import json

from bot import ids
from bot.modals.questionnaire import ADVICE_NOW, MORE_DETAILS
from bot.store import Decision
from tests.fixtures.slack import ASKER_ID, CHANNEL_ID, shortcut_payload, view_submission
from tests.slack.conftest import decisions_saved

STEP_ONE = {"project": "Ticket triage", "monthly_requests": "200000", "labeled_examples": "5000"}


def to_step_two(slack_app, step_one: dict | None = None) -> dict:
    """`/tunewise`, then step one submitted asking for step two: the response pushing it."""
    slack_app.command("")
    answers = (step_one or STEP_ONE) | {ids.NEXT_STEP_BLOCK: MORE_DETAILS}
    return slack_app.interaction(view_submission(slack_app.opened_view(), answers)).json()


def stored_answers(slack_app) -> list[dict]:
    slack_app.stand_in.wait_for("chat.postMessage", 2)
    with slack_app.database.session() as session:
        return [decision.answers for decision in session.query(Decision).order_by(Decision.id)]


def test_step_one_pushes_step_two_prefilled_with_typical_values_and_saves_nothing(slack_app):
    response = to_step_two(slack_app)

    pushed = response["view"]
    defaults = {
        b["block_id"]: b["element"].get("initial_value") for b in pushed["blocks"] if b["type"] == "input"
    }
    assert response["response_action"] == "push"
    assert pushed["callback_id"] == ids.QUESTIONNAIRE_DETAILS_VIEW
    assert (defaults["input_tokens"], defaults["base_model"], defaults["epochs"]) == ("1000", "gpt-4o", "3")
    assert json.loads(pushed["private_metadata"])["step_one"]["project"] == "Ticket triage"
    assert decisions_saved(slack_app) == 0
    assert slack_app.stand_in.calls_to("chat.postMessage") == []


def test_advice_from_step_two_uses_both_steps_answers_and_closes_every_view(slack_app):
    pushed = to_step_two(slack_app)["view"]

    response = slack_app.interaction(view_submission(pushed, {"input_tokens": "1800", "epochs": "4"}))

    (answers,) = stored_answers(slack_app)
    parent = slack_app.stand_in.calls_to("chat.postMessage")[0]
    assert response.json() == {"response_action": "clear"}
    assert (answers["project"], answers["monthly_requests"], answers["labeled_examples"]) == (
        "Ticket triage",
        200_000,
        5_000,
    )
    assert (answers["input_tokens"], answers["epochs"]) == (1800, 4)
    assert parent.params["channel"] == CHANNEL_ID


def test_advice_from_step_one_uses_typical_values_for_step_two(slack_app):
    slack_app.command("")

    response = slack_app.interaction(
        view_submission(slack_app.opened_view(), STEP_ONE | {ids.NEXT_STEP_BLOCK: ADVICE_NOW})
    )

    (answers,) = stored_answers(slack_app)
    assert response.status_code == 200 and response.text == ""
    assert (answers["project"], answers["input_tokens"], answers["epochs"]) == ("Ticket triage", 1000, 3)


def test_step_one_errors_are_inline_and_nothing_is_pushed(slack_app):
    response = to_step_two(slack_app, STEP_ONE | {"quality_gap": "1.5", "project": ""})

    assert response["response_action"] == "errors"
    assert set(response["errors"]) == {"quality_gap", "project"}
    assert decisions_saved(slack_app) == 0


def test_step_two_errors_are_inline_the_view_stays_and_step_ones_answers_survive_the_fix(slack_app):
    pushed = to_step_two(slack_app)["view"]

    refused = slack_app.interaction(view_submission(pushed, {"epochs": "0", "base_model": "no-such-model"}))
    fixed = slack_app.interaction(view_submission(pushed, {"epochs": "2"}, view_hash="2.hash"))

    assert refused.json()["response_action"] == "errors"
    assert set(refused.json()["errors"]) == {"epochs", "base_model"}
    assert "no-such-model" in refused.json()["errors"]["base_model"]
    assert fixed.json() == {"response_action": "clear"}
    (answers,) = stored_answers(slack_app)
    assert (answers["project"], answers["monthly_requests"], answers["epochs"]) == (
        "Ticket triage",
        200_000,
        2,
    )


def test_abandoning_step_two_loses_nothing_typed_in_step_one(slack_app):
    # The user presses Back on step two: Slack shows step one again as it was (the push left it in place), and
    # the app has stored and posted nothing. Advice asked from step one then uses what was typed there.
    response = to_step_two(slack_app)
    step_one = slack_app.opened_view()

    advice = slack_app.interaction(view_submission(step_one, STEP_ONE | {ids.NEXT_STEP_BLOCK: ADVICE_NOW}))

    (answers,) = stored_answers(slack_app)
    assert response["response_action"] == "push"  # not "update": step one stays beneath step two
    assert advice.status_code == 200 and advice.text == ""
    assert (answers["project"], answers["monthly_requests"], answers["labeled_examples"]) == (
        "Ticket triage",
        200_000,
        5_000,
    )


def test_a_channel_picked_in_step_one_of_the_global_shortcut_is_where_step_twos_advice_goes(slack_app):
    slack_app.interaction(shortcut_payload(ids.GLOBAL_SHORTCUT))
    step_one = slack_app.opened_view()

    pushed = slack_app.interaction(
        view_submission(
            step_one,
            {"project": "Elsewhere", ids.CHANNEL_BLOCK: "C0OTHER", ids.NEXT_STEP_BLOCK: MORE_DETAILS},
        )
    ).json()["view"]
    slack_app.interaction(view_submission(pushed, {}))

    parent = slack_app.stand_in.wait_for("chat.postMessage")[0]
    assert parent.params["channel"] == "C0OTHER"
    assert parent.params["channel"] != ASKER_ID
