"""Adjust answers' links in the terminal: `tunewise history` and the ADR export say which decision supersedes which."""

from __future__ import annotations

import pytest

from bot.store import save_decision
from engine import Answers, advise
from tests.cli.builders import TODAY, advised_decision, tunewise
from tests.store.builders import NOW


@pytest.fixture
def adjusted_decision(database):
    """Decision 1, then decision 2 made from it with Adjust answers (it supersedes 1), of a renamed project."""
    with database.begin() as session:
        earlier = advised_decision(session, "Support ticket triage", days_ago=10)
        answers = Answers(project="Ticket triage v2", use_case="Triage", monthly_requests=4_000_000)
        save_decision(
            session,
            team_id="T1",
            user_id="U2",
            source="slack",
            answers=answers,
            advice=advise(answers, today=TODAY),
            channel_id="C1",
            submission_key="V1:h1",
            supersedes_id=earlier.id,
            now=NOW,
        )


def test_an_adjusted_record_and_the_one_it_replaced_link_to_each_other_as_madr_does(
    database_url, adjusted_decision, tmp_path
):
    tunewise(database_url, "export", "--format", "adr", "--out", str(tmp_path))
    earlier = (tmp_path / "0001-support-ticket-triage.md").read_text()
    later = (tmp_path / "0002-ticket-triage-v2.md").read_text()

    assert earlier.startswith("---\nstatus: superseded by ADR-0002\n")
    assert "Status: superseded by [ADR-0002](0002-ticket-triage-v2.md)." in earlier
    assert later.startswith("---\nstatus: proposed\n")
    assert "Supersedes [ADR-0001](0001-support-ticket-triage.md), whose answers it adjusted." in later


def test_history_says_which_decision_supersedes_which(database_url, adjusted_decision):
    header, later, earlier = tunewise(database_url, "history", "--team", "T1").output.splitlines()

    assert header.split() == ["#", "date", "project", "verdict", "status", "monthly", "links"]
    assert later.startswith("2 ") and later.rstrip().endswith("supersedes #1")
    assert (
        earlier.startswith("1 ") and "superseded" in earlier and earlier.rstrip().endswith("superseded by #2")
    )
