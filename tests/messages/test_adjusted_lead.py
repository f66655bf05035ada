"""The line that leads an adjusted decision's message: which decision it replaces, then what changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from bot import ids
from bot.messages import render_parent
from bot.messages.changes import adjusted_lead
from engine import Answers, advise, answers_for

TODAY = date(2026, 11, 30)
TRIAGE = yaml.safe_load((Path(__file__).parents[2] / "examples" / "support-triage.yaml").read_text())


def stored(answers: Answers) -> tuple[dict, dict]:
    """Answers and advice as the decisions table keeps them (JSON documents)."""
    return answers.model_dump(mode="json"), advise(answers, today=TODAY).model_dump(mode="json")


def adjusted(**changes) -> Answers:
    return answers_for({**TRIAGE, **changes}, TODAY)


def test_the_lead_names_the_earlier_decision_then_the_changed_answer_and_the_saving():
    earlier, later = answers_for(TRIAGE, TODAY), adjusted(monthly_requests=4_000_000)

    lead = adjusted_lead(12, *stored(earlier), later, advise(later, today=TODAY))

    assert lead == (
        "Adjusted from decision #12: monthly requests 400,000 -> 4,000,000: verdict unchanged, fine-tuning's "
        "monthly saving against prompting the smaller model goes from -$2,692.50 to -$1,367.70."
    )


def test_a_changed_verdict_is_said_with_its_monthly_cost():
    earlier, later = answers_for(TRIAGE, TODAY), adjusted(has_eval_set=False, quality_gap=None)

    lead = adjusted_lead(7, *stored(earlier), later, advise(later, today=TODAY))

    assert lead == (
        "Adjusted from decision #7: has eval set yes -> no; quality gap 0.11 -> unknown: "
        "verdict Fine-tune -> Improve prompting, at $1,960.00 a month."
    )


def test_unchanged_answers_say_so():
    earlier = answers_for(TRIAGE, TODAY)

    lead = adjusted_lead(3, *stored(earlier), earlier, advise(earlier, today=TODAY))

    assert lead.startswith("Adjusted from decision #3: no answer changed: verdict unchanged")


def test_an_earlier_record_todays_answers_no_longer_read_still_names_the_decision():
    earlier, later = answers_for(TRIAGE, TODAY), adjusted(monthly_requests=4_000_000)
    answers_then, advice_then = stored(earlier)

    lead = adjusted_lead(
        12, {**answers_then, "knowledge_gap": "sometimes"}, advice_then, later, advise(later)
    )

    assert lead == "Adjusted from decision #12."


def test_the_lead_comes_first_in_the_parent_message_and_its_text_escaped():
    later = adjusted(project="R&D <!channel>", monthly_requests=4_000_000)
    lead = "Adjusted from decision #12: project Triage -> R&D <!channel>: verdict unchanged"

    message = render_parent(advise(later, today=TODAY), later, decision_id=13, user_id="U1", lead=lead)

    assert message.text.startswith(
        "Adjusted from decision #12: project Triage -&gt; R&amp;D &lt;!channel&gt;"
    )
    first = message.blocks[0]
    assert first["block_id"] == ids.ADJUSTED_LEAD_BLOCK
    assert first["text"]["text"].startswith(":pencil2: Adjusted from decision #12")
    assert "<!channel>" not in str(message.blocks) and "<!channel>" not in message.text


def test_a_message_without_a_lead_is_as_before():
    later = adjusted()

    message = render_parent(advise(later, today=TODAY), later, decision_id=1, user_id="U1")

    assert message.text.startswith("Tunewise: ")
    assert all(block.get("block_id") != ids.ADJUSTED_LEAD_BLOCK for block in message.blocks)
