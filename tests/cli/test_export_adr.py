"""`tunewise export --format adr --out DIR`: one MADR record per decision, numbered and slugged, and an index."""

from __future__ import annotations

import pytest

from tests.cli.builders import advised_decision, tunewise

MADR_SECTIONS = [
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "### Confirmation",
    "## Pros and Cons of the Options",
    "## Status and Outcome",
    "## More Information",
]


@pytest.fixture
def three_decisions(database):
    """A superseded and an accepted decision of one project, and a reviewed one of another."""
    with database.begin() as session:
        advised_decision(session, "Support ticket triage", days_ago=40)
        advised_decision(session, "Support ticket triage", status="accepted", days_ago=30)
        advised_decision(session, "Résumé <screening> *fast*", outcome="kept", days_ago=20)


def test_one_numbered_slugged_file_per_decision_and_an_index(database_url, three_decisions, tmp_path):
    out = tmp_path / "adr"

    result = tunewise(database_url, "export", "--format", "adr", "--out", str(out))

    assert result.exit_code == 0
    assert sorted(path.name for path in out.iterdir()) == [
        "0001-support-ticket-triage.md",
        "0002-support-ticket-triage.md",
        "0003-resume-screening-fast.md",
        "index.md",
    ]
    assert "Wrote 3 decision records and index.md" in result.output


def test_each_record_follows_the_madr_layout_in_order(database_url, three_decisions, tmp_path):
    tunewise(database_url, "export", "--format", "adr", "--out", str(tmp_path))
    record = (tmp_path / "0002-support-ticket-triage.md").read_text()

    positions = [record.index(section) for section in MADR_SECTIONS]
    assert positions == sorted(positions)
    assert record.startswith("---\nstatus: accepted\ndate: 2026-10-30\n")


def test_the_considered_options_carry_their_costs(database_url, three_decisions, tmp_path):
    tunewise(database_url, "export", "--format", "adr", "--out", str(tmp_path))
    record = (tmp_path / "0002-support-ticket-triage.md").read_text()

    options = record.split("## Considered Options")[1].split("##")[0]
    assert "* Improve prompting: $0.00 upfront, $" in options and " over 12 months" in options
    assert options.count("(chosen)") == 1


def test_a_superseded_record_links_to_the_one_that_replaced_it(database_url, three_decisions, tmp_path):
    tunewise(database_url, "export", "--format", "adr", "--out", str(tmp_path))
    record = (tmp_path / "0001-support-ticket-triage.md").read_text()

    assert "\nstatus: superseded by ADR-0002\n" in record
    assert "Status: superseded by [ADR-0002](0002-support-ticket-triage.md)." in record


def test_a_reviewed_record_says_how_it_turned_out(database_url, three_decisions, tmp_path):
    tunewise(database_url, "export", "--format", "adr", "--out", str(tmp_path))
    record = (tmp_path / "0003-resume-screening-fast.md").read_text()

    assert "Outcome at review (2026-11-29): kept." in record


def test_user_text_is_escaped_for_markdown(database_url, three_decisions, tmp_path):
    tunewise(database_url, "export", "--format", "adr", "--out", str(tmp_path))
    record = (tmp_path / "0003-resume-screening-fast.md").read_text()

    assert r"# Résumé \<screening\> \*fast\*:" in record
    assert "<screening>" not in record


def test_the_index_links_every_record_with_its_status(database_url, three_decisions, tmp_path):
    tunewise(database_url, "export", "--format", "adr", "--out", str(tmp_path))
    index = (tmp_path / "index.md").read_text()

    rows = [line for line in index.splitlines() if line.startswith("| [")]
    assert len(rows) == 3
    assert rows[0].startswith("| [0001](0001-support-ticket-triage.md) | Support ticket triage: ")
    assert "| superseded |" in rows[0] and "| accepted |" in rows[1] and "| proposed (kept) |" in rows[2]


def test_team_limits_the_export_to_one_workspace(database, database_url, tmp_path):
    with database.begin() as session:
        advised_decision(session, "Ours", team_id="T1")
        advised_decision(session, "Theirs", team_id="T2")

    tunewise(database_url, "export", "--format", "adr", "--team", "T2", "--out", str(tmp_path / "adr"))

    assert sorted(path.name for path in (tmp_path / "adr").iterdir()) == ["0002-theirs.md", "index.md"]


def test_adr_needs_a_directory(database_url):
    result = tunewise(database_url, "export", "--format", "adr")

    assert result.exit_code == 2
    assert "--out DIR" in result.output
