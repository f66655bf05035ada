"""The one lifecycle warning DM, sent through the Slack stand-in: once per accepted decision, whatever happens."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.app import build_web_client
from bot.lifecycle_warnings import send_due_lifecycle_warnings
from bot.messages.lifecycle import lifecycle_warning_message
from bot.settings import Settings
from bot.store import Decision, record_message
from bot.store.lifecycle_warnings import LifecycleWarning, ModelStop, claim_lifecycle_warning
from engine import Approach
from tests.cli.builders import TRIAGE, advised_decision
from tests.fixtures.processes import ticking_together
from tests.fixtures.slack import BOT_TOKEN

# 60 days before gpt-4o-mini closes to new fine-tuning jobs (6 Jan 2027) and retires (14 Jan 2027).
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
# A one-month horizon: advised on 29 Nov 2026, gpt-4o-mini still serves past it, so fine-tuning it is the verdict.
FINE_TUNED_GPT_4O_MINI = {
    **TRIAGE,
    "tuned_model": "gpt-4o-mini",
    "openai_fine_tuning_use": "active",
    "horizon_months": 1,
}


@pytest.fixture
def client_for_team(slack_stand_in):
    """The production client (it retries a 429 twice inside the call) pointed at the stand-in."""
    client = build_web_client(
        Settings(_env_file=None, slack_bot_token=BOT_TOKEN, slack_api_url=slack_stand_in.url)
    )
    return lambda team_id: client


def at(moment: datetime):
    return lambda: moment


def accepted_fine_tune(database, project: str = "Support ticket triage", user_id: str = "U1") -> int:
    with database.begin() as session:
        decision = advised_decision(session, project, status="accepted", **FINE_TUNED_GPT_4O_MINI)
        decision.user_id = user_id
        record_message(session, decision.id, team_id="T1", channel_id="C1", message_ts="1764064800.000300")
    return decision.id


def dms(stand_in) -> list[str]:
    return [call.params["channel"] for call in stand_in.calls_to("chat.postMessage")]


def dm_text(call) -> str:
    return " ".join(
        block["text"]["text"] if "text" in block else str(block) for block in call.params["blocks"]
    )


def test_the_owner_of_an_accepted_fine_tune_hears_once_what_stops_and_what_replaces_it(
    database, slack_stand_in, client_for_team
):
    decision_id = accepted_fine_tune(database)

    first = send_due_lifecycle_warnings(database, client_for_team, at(NOW))
    second = send_due_lifecycle_warnings(database, client_for_team, at(NOW + timedelta(days=1)))

    assert (first, second) == ([decision_id], [])
    [dm] = slack_stand_in.calls_to("chat.postMessage")
    text = dm_text(dm)
    assert dm.params["channel"] == "U1"
    assert "*Support ticket triage* (accepted: Fine-tune) fine-tunes and serves `gpt-4o-mini`" in text
    assert "closes it to new fine-tuning jobs on 06 Jan 2027" in text
    assert "retires it, with its fine-tunes, on 14 Jan 2027" in text
    assert "The catalog's replacement is `llama-3.1-8b-instruct`" in text
    assert "would cost *$" in text and "a month*, against $" in text
    assert "https://stand-in.slack.com/archives/C1/" in text  # the decision's thread, via chat.getPermalink


def test_a_model_the_catalog_names_no_replacement_for_is_said_plainly(
    database, slack_stand_in, client_for_team
):
    with database.begin() as session:
        advised_decision(
            session, "Meeting notes", status="accepted"
        )  # prompting gpt-4o, retiring 14 Jan 2027

    send_due_lifecycle_warnings(database, client_for_team, at(NOW))

    [dm] = slack_stand_in.calls_to("chat.postMessage")
    assert "runs on `gpt-4o`, and OpenAI retires it on 14 Jan 2027" in dm_text(dm)
    assert "The catalog names no replacement for `gpt-4o` yet" in dm_text(dm)


def test_no_warning_before_the_window_nor_for_decisions_not_accepted(
    database, slack_stand_in, client_for_team
):
    accepted_fine_tune(database)
    with database.begin() as session:
        advised_decision(session, "Only proposed", **FINE_TUNED_GPT_4O_MINI)
        advised_decision(session, "Rejected", status="rejected", **FINE_TUNED_GPT_4O_MINI)
        advised_decision(
            session, "Open weights", status="accepted", **TRIAGE
        )  # fine-tunes llama: no end date

    too_early = send_due_lifecycle_warnings(database, client_for_team, at(datetime(2026, 11, 1, tzinfo=UTC)))
    in_the_window = send_due_lifecycle_warnings(database, client_for_team, at(NOW))

    assert too_early == [] and len(in_the_window) == 1


@pytest.mark.parametrize("fault", ["rate_limit", "server_error"])
def test_a_dm_slack_cannot_take_now_is_released_and_the_next_tick_sends_it_once(
    database, slack_stand_in, client_for_team, fault
):
    decision_id = accepted_fine_tune(database)
    if fault == "rate_limit":
        slack_stand_in.rate_limit("chat.postMessage", retry_after=0, times=3)  # beyond the client's 2 retries
    else:
        slack_stand_in.server_error("chat.postMessage", status=503)

    failed = send_due_lifecycle_warnings(database, client_for_team, at(NOW))
    with database.begin() as session:
        released = session.scalar(select(Decision.lifecycle_warned_at).where(Decision.id == decision_id))
    retried = send_due_lifecycle_warnings(database, client_for_team, at(NOW + timedelta(hours=1)))
    after = send_due_lifecycle_warnings(database, client_for_team, at(NOW + timedelta(hours=2)))

    assert (failed, released, retried, after) == ([], None, [decision_id], [])
    assert [call.ok for call in slack_stand_in.calls_to("chat.postMessage")][-1] is True
    assert sum(call.ok for call in slack_stand_in.calls_to("chat.postMessage")) == 1


def test_a_dm_slack_refuses_for_good_is_never_tried_again(database, slack_stand_in, client_for_team):
    accepted_fine_tune(database)
    slack_stand_in.fail("chat.postMessage", "user_not_found")

    first = send_due_lifecycle_warnings(database, client_for_team, at(NOW))
    second = send_due_lifecycle_warnings(database, client_for_team, at(NOW + timedelta(hours=1)))

    assert (first, second) == ([], [])
    assert len(slack_stand_in.calls_to("chat.postMessage")) == 1


def test_two_processes_ticking_together_send_each_warning_once(
    database_url, database, slack_stand_in, client_for_team
):
    ids = [accepted_fine_tune(database, f"Project {number}", f"U{number}") for number in range(6)]
    sent = ticking_together(
        database_url, lambda process: send_due_lifecycle_warnings(process, client_for_team, at(NOW))
    )

    assert sorted(sent[0] + sent[1]) == ids
    assert sorted(dms(slack_stand_in)) == [f"U{number}" for number in range(6)]


def test_of_two_claimers_one_wins(database):
    decision_id = accepted_fine_tune(database)

    with database.begin() as session:
        first = claim_lifecycle_warning(session, decision_id, NOW)
    with database.begin() as session:
        second = claim_lifecycle_warning(session, decision_id, NOW)

    assert (first, second) == (True, False)


def test_the_warning_escapes_the_project_name_in_its_text_and_fallback():
    warning = LifecycleWarning(
        decision_id=1,
        team_id="T1",
        user_id="U1",
        project="<!channel> & co",
        approach=Approach.PROMPTING,
        channel_id=None,
        message_ts=None,
        thread_ts=None,
        advised_monthly_usd=Decimal("10.00"),
        model="gpt-4.1-nano",
        provider="OpenAI",
        stops=(ModelStop("serving", date(2026, 10, 23)),),
        today=date(2026, 11, 30),
        replacement="gpt-4.1-mini",
        replacement_monthly_usd=Decimal("12.34"),
    )

    fallback, blocks = lifecycle_warning_message(warning, link=None)

    assert "<!channel>" not in fallback and "<!channel>" not in str(blocks)
    assert "&lt;!channel&gt; &amp; co" in fallback
    assert "OpenAI retired it on 23 Oct 2026" in str(blocks)
    assert "would cost *$12.34 a month*, against $10.00 a month" in str(blocks)
