import json
from decimal import Decimal

from bot.messages.blocks import MESSAGE_BLOCK_LIMIT as MAX_BLOCKS
from bot.messages.digest import digest_message, terminal_text
from bot.store.digest_content import RetirementWarning, ReviewDue, SlackLocation, StatusChange
from engine.advice import Approach
from tests.digest.builders import REVIEW_DAY, decision_line, digest, history

BUSY_WEEK = {Approach.PROMPTING: 3, Approach.RAG: 2, Approach.FINE_TUNING: 1}
WORKSPACE_URL = "https://acme.slack.com/"  # auth.test's `url`


def message_text(message) -> str:
    return json.dumps(message.blocks, ensure_ascii=False)


def test_a_project_named_like_a_mention_pings_nobody():
    week = digest(history=history({Approach.RAG: 1}), decisions=(decision_line("<!channel> lol"),))

    text = message_text(digest_message(week))

    assert "<!channel>" not in text
    assert "&lt;!channel&gt; lol" in text


def test_summary_counts_decisions_by_approach_and_compares_with_previous_weeks():
    week = digest(history=history({Approach.RAG: 2}, {Approach.RAG: 2}, {}, {Approach.RAG: 4}, BUSY_WEEK))

    text = message_text(digest_message(week))

    assert "*6 decisions* this week: 3 Improve prompting · 2 Add retrieval (RAG) · 1 Fine-tune." in text
    assert "Up from 2 a week on average over the previous 4 weeks" in text


def test_states_spend_and_claimed_savings():
    week = digest(
        history=history(BUSY_WEEK),
        monthly_spend_usd=Decimal("1500.255"),
        claimed_savings_usd=Decimal(320),
        decisions_claiming_savings=2,
    )

    text = message_text(digest_message(week))

    assert "*$1,500.26 a month*" in text
    assert "2 decisions claim *$320.00 a month* saved against prompting with the base model" in text


def test_each_decision_gets_a_line_with_verdict_asker_and_thread_link():
    week = digest(history=history({Approach.FINE_TUNING: 1}), decisions=(decision_line(),))

    text = message_text(digest_message(week, WORKSPACE_URL))

    assert (
        "• *Ticket triage*: Fine-tune, $120.50/month, asked by <@U123>"
        " · <https://acme.slack.com/archives/C42/p1764064800000100|thread>"
    ) in text


def test_a_decision_posted_in_someone_elses_thread_links_to_its_reply_as_history_does():
    location = SlackLocation("C42", "1764064800.000100", thread_ts="1764060000.000001")
    week = digest(history=history({Approach.RAG: 1}), decisions=(decision_line(location=location),))

    text = message_text(digest_message(week, WORKSPACE_URL))

    assert (
        "<https://acme.slack.com/archives/C42/p1764064800000100?thread_ts=1764060000.000001&cid=C42|thread>"
    ) in text


def test_status_changes_and_reviews_link_to_their_threads():
    location = SlackLocation("C42", "1764064800.000100")
    week = digest(
        accepted_count=1,
        status_changes=(StatusChange("Search", "accepted", "U7", location),),
        reviews_due_count=1,
        reviews_due=(ReviewDue("Invoices", REVIEW_DAY, "U8", location),),
    )

    text = message_text(digest_message(week, WORKSPACE_URL))

    link = "<https://acme.slack.com/archives/C42/p1764064800000100|thread>"
    assert f"• *Search* accepted by <@U7> · {link}" in text
    assert f"• Wed 02 Dec: *Invoices* (<@U8>) · {link}" in text


def test_without_the_workspace_url_lines_have_no_links():
    week = digest(history=history({Approach.FINE_TUNING: 1}), decisions=(decision_line(),))

    text = message_text(digest_message(week, workspace_url=None))

    assert "• *Ticket triage*: Fine-tune, $120.50/month, asked by <@U123>" in text
    assert "archives" not in text


def test_past_twenty_decisions_it_summarises_and_points_to_the_export():
    lines = tuple(decision_line(f"Project {number}") for number in range(20))
    week = digest(history=history({Approach.PROMPTING: 57}), decisions=lines)

    message = digest_message(week)

    assert "…and 37 more decisions" in message_text(message)
    assert "tunewise export --team T1 --since 2026-11-23" in message_text(message)
    assert len(message.blocks) <= MAX_BLOCKS


def test_a_worst_case_week_stays_within_slack_limits():
    long_name = "x" * 80
    week = digest(
        history=history({Approach.HYBRID: 10_000}),
        decisions=tuple(decision_line(long_name + str(number)) for number in range(20)),
        accepted_count=500,
        rejected_count=500,
        status_changes=tuple(StatusChange(long_name, "accepted", "U1") for _ in range(10)),
        reviews_due_count=300,
        reviews_due=tuple(ReviewDue(long_name, REVIEW_DAY, "U2") for _ in range(10)),
        retirement_warnings=tuple(RetirementWarning(f"model-{n}", REVIEW_DAY, 3) for n in range(10)),
    )

    message = digest_message(week)

    assert len(message.blocks) <= MAX_BLOCKS
    assert all(len(block.get("text", {}).get("text", "")) <= 3000 for block in message.blocks)


def test_lists_status_changes_reviews_and_retirement_warnings():
    week = digest(
        accepted_count=1,
        rejected_count=1,
        status_changes=(StatusChange("Search", "accepted", "U7"), StatusChange("Chat", "rejected", None)),
        reviews_due_count=1,
        reviews_due=(ReviewDue("Invoices", REVIEW_DAY, "U8"),),
        retirement_warnings=(RetirementWarning("gpt-4o-mini", REVIEW_DAY, 2),),
    )

    text = message_text(digest_message(week))

    assert "*Decided this week:* 1 accepted, 1 rejected." in text
    assert "• *Search* accepted by <@U7>" in text
    assert "• Wed 02 Dec: *Invoices* (<@U8>)" in text
    assert "`gpt-4o-mini` retires on 02 Dec 2026 (2 open decisions)" in text


def test_an_empty_week_is_one_line_after_the_header():
    message = digest_message(digest())

    assert [block["type"] for block in message.blocks] == ["header", "section"]
    assert (
        message.blocks[1]["text"]["text"]
        == "No new AI-approach decisions in 2026-W48 (Mon 23 Nov to Sun 29 Nov)."
    )


def test_fallback_text_names_the_week_and_count():
    assert digest_message(digest(history=history(BUSY_WEEK))).text == (
        "Tunewise weekly digest for 2026-W48: 6 decisions."
    )


def test_a_retiring_model_in_very_many_open_decisions_says_so_without_counting_them_all():
    week = digest(retirement_warnings=(RetirementWarning("gpt-4o", REVIEW_DAY, 1001),))

    assert "(1,000+ open decisions)" in message_text(digest_message(week))


def test_the_terminal_reads_links_and_mentions_as_plain_text():
    week = digest(history=history({Approach.RAG: 1}), decisions=(decision_line("R&D <search>"),))

    text = terminal_text(digest_message(week, WORKSPACE_URL))

    assert (
        "• *R&D <search>*: Fine-tune, $120.50/month, asked by @U123 · "
        "thread (https://acme.slack.com/archives/C42/p1764064800000100)"
    ) in text


def test_status_changes_and_reviews_are_one_per_line():
    week = digest(
        accepted_count=2,
        status_changes=(StatusChange("Search", "accepted", "U7"), StatusChange("Chat", "accepted", "U8")),
    )

    [section] = [block for block in digest_message(week).blocks if "Decided" in str(block)]

    assert section["text"]["text"].splitlines() == [
        "*Decided this week:* 2 accepted, 0 rejected.",
        "• *Search* accepted by <@U7>",
        "• *Chat* accepted by <@U8>",
    ]
