"""The week's figures from the store, on SQLite and PostgreSQL (the `database` fixture runs each test on both)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.store.digest_content import SlackLocation
from bot.store.digest_queries import build_digest
from bot.weeks import IsoWeek
from engine.advice import Approach
from tests.digest.seed import add_decision

WEEK = IsoWeek(2026, 48)  # Monday 23 to Sunday 29 November 2026
UTC_ZONE = ZoneInfo("UTC")
NEW_YORK = ZoneInfo("America/New_York")
MIDWEEK = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
RETIREMENTS = {"gpt-4o": date(2027, 1, 14), "gpt-3.5-turbo": date(2026, 9, 1), "llama": None}


def digest_of(database, week=WEEK, zone=UTC_ZONE, team_id="T1"):
    with database.begin() as session:
        return build_digest(session, team_id, week, zone, RETIREMENTS.get)


def test_counts_this_weeks_decisions_by_approach(database):
    with database.begin() as session:
        for approach in (Approach.RAG, Approach.RAG, Approach.FINE_TUNING):
            add_decision(session, MIDWEEK, approach=approach)
        add_decision(session, MIDWEEK - timedelta(weeks=1), approach=Approach.HYBRID)

    digest = digest_of(database)

    assert dict(digest.this_week.by_approach) == {Approach.RAG: 2, Approach.FINE_TUNING: 1}


def test_only_counts_the_asking_workspace(database):
    with database.begin() as session:
        add_decision(session, MIDWEEK, team_id="T1")
        add_decision(session, MIDWEEK, team_id="T2", project="Other team's secret")

    digest = digest_of(database)

    assert digest.decision_count == 1
    assert [line.project for line in digest.decisions] == ["Ticket triage"]


def test_sunday_2330_local_counts_in_the_week_that_ends_then(database):
    sunday_late_new_york = datetime(2026, 11, 29, 23, 30, tzinfo=NEW_YORK)  # Monday 04:30 UTC
    monday_0030_new_york = datetime(2026, 11, 30, 0, 30, tzinfo=NEW_YORK)
    with database.begin() as session:
        add_decision(session, sunday_late_new_york, project="late sunday")
        add_decision(session, monday_0030_new_york, project="next monday")

    digest = digest_of(database, zone=NEW_YORK)

    assert [line.project for line in digest.decisions] == ["late sunday"]
    assert digest_of(database, zone=UTC_ZONE).decision_count == 0


def test_week_boundaries_are_local_midnights(database):
    monday_0001_tokyo = datetime(2026, 11, 23, 0, 1, tzinfo=ZoneInfo("Asia/Tokyo"))  # still Sunday in UTC
    with database.begin() as session:
        add_decision(session, monday_0001_tokyo)

    assert digest_of(database, zone=ZoneInfo("Asia/Tokyo")).decision_count == 1
    assert digest_of(database, zone=UTC_ZONE).decision_count == 0


def test_sums_spend_and_only_positive_savings_against_prompting(database):
    with database.begin() as session:
        add_decision(session, MIDWEEK, monthly="12.50", prompting_monthly="40.00")  # claims 27.50
        add_decision(session, MIDWEEK, monthly="100.10", prompting_monthly="60.00")  # costs more: no claim
        add_decision(session, MIDWEEK, monthly="0.20", prompting_monthly="0.30")  # claims 0.10

    digest = digest_of(database)

    assert digest.monthly_spend_usd == Decimal("112.80")
    assert digest.claimed_savings_usd == Decimal("27.60")
    assert digest.decisions_claiming_savings == 2


def test_lists_twenty_decisions_in_order_and_counts_the_rest(database):
    with database.begin() as session:
        for number in range(23):
            add_decision(session, MIDWEEK + timedelta(minutes=number), project=f"Project {number:02d}")

    digest = digest_of(database)

    assert len(digest.decisions) == 20
    assert digest.decisions[0].project == "Project 00"
    assert digest.unlisted_decisions == 3


def test_each_line_knows_where_its_decision_was_posted_for_its_link(database):
    with database.begin() as session:
        in_a_thread = add_decision(session, MIDWEEK, project="Replied in a thread")
        in_a_thread.thread_ts = "1764060000.000001"
        add_decision(session, MIDWEEK + timedelta(hours=1), project="From the terminal", message_ts=None)

    digest = digest_of(database)

    assert [line.location for line in digest.decisions] == [
        SlackLocation("C1", "1764064800.000100", "1764060000.000001"),
        None,
    ]


def test_history_holds_eight_weeks_oldest_first(database):
    with database.begin() as session:
        for weeks_ago in (0, 1, 1, 4, 7, 8):
            add_decision(session, MIDWEEK - timedelta(weeks=weeks_ago))

    digest = digest_of(database)

    assert [str(week.week) for week in digest.history][::7] == ["2026-W41", "2026-W48"]
    assert [week.total for week in digest.history] == [1, 0, 0, 1, 0, 0, 2, 1]
    assert digest.previous_average == Decimal("0.75")


def test_accepted_and_rejected_this_week_by_when_the_status_was_set(database):
    with database.begin() as session:
        old = MIDWEEK - timedelta(weeks=3)
        add_decision(session, old, project="A", status="accepted", status_set_at=MIDWEEK, status_set_by="U9")
        add_decision(session, old, project="B", status="rejected", status_set_at=MIDWEEK)
        add_decision(session, old, project="C", status="accepted", status_set_at=old)

    digest = digest_of(database)

    assert (digest.accepted_count, digest.rejected_count) == (1, 1)
    assert [(change.project, change.status, change.set_by) for change in digest.status_changes] == [
        ("A", "accepted", "U9"),
        ("B", "rejected", None),
    ]


def test_reviews_due_are_those_in_the_week_the_digest_is_read(database):
    with database.begin() as session:
        add_decision(session, MIDWEEK, project="due wednesday", review_on=date(2026, 12, 2))
        add_decision(session, MIDWEEK, project="due later", review_on=date(2026, 12, 7))
        add_decision(session, MIDWEEK, project="rejected", review_on=date(2026, 12, 2), status="rejected")

    digest = digest_of(database)

    assert digest.reviews_due_count == 1
    assert [(review.project, review.review_on) for review in digest.reviews_due] == [
        ("due wednesday", date(2026, 12, 2))
    ]


def test_warns_about_models_in_open_decisions_retiring_within_sixty_days(database):
    with database.begin() as session:
        add_decision(session, MIDWEEK, models=("gpt-4o", "gpt-4o-mini"))
        add_decision(session, MIDWEEK - timedelta(weeks=30), models=("gpt-3.5-turbo",), status="accepted")
        add_decision(session, MIDWEEK, models=("gpt-4o",), status="rejected")
        add_decision(session, MIDWEEK, models=("llama",))

    warnings = digest_of(database).retirement_warnings

    assert [(w.model, w.retires_on, w.open_decisions) for w in warnings] == [
        ("gpt-3.5-turbo", date(2026, 9, 1), 1),
        ("gpt-4o", date(2027, 1, 14), 1),
    ]


def test_a_retirement_further_than_sixty_days_is_not_urgent_yet(database):
    with database.begin() as session:
        add_decision(session, MIDWEEK, models=("gpt-4o",))

    assert digest_of(database, week=IsoWeek(2026, 44)).retirement_warnings == ()


def test_a_retiring_model_counts_every_open_decision_naming_it_whatever_its_other_models(database):
    with database.begin() as session:
        add_decision(session, MIDWEEK, models=("gpt-4o", "gpt-4o-mini"))
        add_decision(session, MIDWEEK, models=("gpt-4o", "gpt-4o-mini"), status="accepted")
        add_decision(session, MIDWEEK, models=("gpt-4o", "llama"))

    [warning] = digest_of(database).retirement_warnings

    assert (warning.model, warning.open_decisions) == ("gpt-4o", 3)
