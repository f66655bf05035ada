"""Slack failing while recommendations are posted: 429s, 5xx, cut connections, and a Slack that never recovers."""

from __future__ import annotations

from bot import ids
from tests.faults.conftest import (
    assert_within_slacks_deadline,
    posted_once,
    questionnaire,
    submit,
    timed,
    wait_for_parents,
)
from tests.fixtures.slack import ASKER_ID, CHANNEL_ID, serve_app, wait_until


def test_a_burst_to_one_channel_is_posted_once_each_though_slack_rate_limits_it(slack_app):
    stand_in = slack_app.stand_in
    view = questionnaire(slack_app.sender, stand_in)
    stand_in.rate_limit("chat.postMessage", retry_after=1, times=4)
    projects = [f"Burst {n}" for n in range(6)]

    answers = [submit(slack_app.sender, view, project) for project in projects]
    wait_for_parents(stand_in, projects)
    slack_app.finish_listeners()

    assert all(answer.acked for answer in answers)
    assert_within_slacks_deadline(answers)
    assert set(posted_once(stand_in, projects).values()) == {1}


def test_server_errors_and_cut_connections_delay_a_recommendation_but_post_it_whole_once(slack_app):
    stand_in = slack_app.stand_in
    view = questionnaire(slack_app.sender, stand_in)
    stand_in.server_error("chat.postMessage", status=502)
    stand_in.reset_connection("chat.postMessage")
    stand_in.server_error("files.completeUploadExternal", status=503)

    answer = submit(slack_app.sender, view, "Flaky Slack")
    slack_app.finish_listeners()

    assert answer.acked
    assert posted_once(stand_in, ["Flaky Slack"]) == {"Flaky Slack": 1}
    replies = [c for c in stand_in.calls_to("chat.postMessage") if c.ok and c.params.get("thread_ts")]
    assert len(replies) == 1
    assert len([c for c in stand_in.calls_to("files.completeUploadExternal") if c.ok]) == 1


def test_a_recommendation_slack_never_takes_is_told_to_the_user_once(
    slack_stand_in, tmp_path, sqlite_template
):
    import shutil

    shutil.copyfile(sqlite_template, tmp_path / "t.db")
    slack_stand_in.server_error("chat.postMessage", times=1000, when=lambda p: p.get("channel") == CHANNEL_ID)

    with serve_app(slack_stand_in, f"sqlite:///{tmp_path / 't.db'}", delivery_deadline_seconds=2) as app:
        view = questionnaire(app.sender, slack_stand_in)
        answer = submit(app.sender, view, "Never posted")
        wait_until(lambda: app.pending_deliveries() == 0, what="the delivery to fail for good")

    notices = [c for c in slack_stand_in.calls_to("chat.postMessage") if c.params.get("channel") == ASKER_ID]
    assert answer.acked
    assert len(notices) == 1 and "is saved" in notices[0].params["text"]


def test_a_button_click_whose_message_update_fails_is_still_answered_at_once(slack_app):
    stand_in = slack_app.stand_in
    view = questionnaire(slack_app.sender, stand_in)
    submit(slack_app.sender, view, "Clicked")
    wait_for_parents(stand_in, ["Clicked"])
    parent = next(c for c in stand_in.calls_to("chat.postMessage") if c.ok)
    accept = next(
        element
        for block in parent.params["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == ids.ACCEPT_ACTION
    )
    stand_in.slow("chat.update", 3.5)  # longer than Slack waits for an ack

    click = timed(
        slack_app.interaction,
        {
            "type": "block_actions",
            "trigger_id": "1337.45.trigger",
            "user": {"id": ASKER_ID, "team_id": "T0TEAM"},
            "team": {"id": "T0TEAM"},
            "channel": {"id": CHANNEL_ID},
            "container": {"type": "message", "message_ts": parent.response["ts"], "channel_id": CHANNEL_ID},
            "message": {"ts": parent.response["ts"], "blocks": parent.params["blocks"]},
            "actions": [
                {"action_id": ids.ACCEPT_ACTION, "value": accept["value"], "type": "button", "block_id": "b"}
            ],
            "api_app_id": "A0APP",
            "token": "legacy",
        },
    )

    assert click.response.status_code == 200
    assert_within_slacks_deadline([click])
