"""Fill DATABASE_URL with a small workspace `demo` whose decisions have been reviewed, to try `tunewise report`.

    DATABASE_URL=sqlite:///demo.db .venv/bin/python examples/seed_reviewed_outcomes.py
    DATABASE_URL=sqlite:///demo.db .venv/bin/tunewise report --team demo --chart outcomes.png

Every decision is the engine's real advice on the example answers files, varied a little; the outcomes are made
up, as a team's reviews would record them months later.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

from bot.settings import load_settings
from bot.store import connect, record_outcome, save_decision, set_status, upgrade_to_head
from engine import Answers, advise

EXAMPLES = Path(__file__).resolve().parent
TEAM = "demo"
ADVISED_ON = date(2026, 6, 1)
REVIEWED_AT = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)

# (example file, project, changed answers, outcome, the project's next verdict if the team assessed it again)
DECISIONS = [
    ("support-triage", "Ticket triage EU", {}, "kept", None),
    ("support-triage", "Ticket triage US", {"monthly_requests": 900_000}, "kept", None),
    (
        "support-triage",
        "Refund routing",
        {"domain_vocabulary": "specialized"},
        "switched",
        "prompting",
    ),
    ("support-triage", "Lead scoring", {"domain_vocabulary": "specialized"}, "switched", "prompting"),
    (
        "support-triage",
        "Invoice coding",
        {"domain_vocabulary": "specialized"},
        "switched",
        "prompting",
    ),
    ("support-triage", "Churn flags", {"monthly_requests": 60_000}, "switched", None),
    ("support-triage", "Spam filter", {}, "dropped", None),
    ("product-docs-assistant", "Docs assistant", {}, "kept", None),
    ("product-docs-assistant", "HR policy bot", {}, "kept", None),
    ("product-docs-assistant", "Sales playbook", {"knowledge_gap": "static"}, "dropped", None),
    ("meeting-notes", "Meeting notes", {}, "kept", None),
    ("meeting-notes", "Standup digest", {}, "switched", "rag"),
    ("claims-extraction", "Claims intake", {}, "kept", None),
]


def answers_from(example: str, project: str, changes: dict[str, object]) -> Answers:
    raw = yaml.safe_load((EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8"))
    return Answers.model_validate(raw | {"project": project} | changes)


def main() -> None:
    url = load_settings().database_url
    upgrade_to_head(url)
    with connect(url) as database, database.begin() as session:
        for number, (example, project, changes, outcome, next_verdict) in enumerate(DECISIONS):
            answers = answers_from(example, project, changes)
            advised_at = datetime.combine(ADVISED_ON, datetime.min.time(), tzinfo=UTC) + timedelta(
                hours=number
            )
            decision, _created = save_decision(
                session,
                team_id=TEAM,
                user_id="U0DEMO",
                source="slack",
                answers=answers,
                advice=advise(answers, today=ADVISED_ON),
                submission_key=f"demo-{number}",
                now=advised_at,
            )
            set_status(session, TEAM, decision.id, "accepted", "U0DEMO", now=advised_at)
            record_outcome(session, TEAM, decision.id, outcome, now=REVIEWED_AT)
            if next_verdict is not None:
                _assess_again(session, answers, next_verdict, number, advised_at + timedelta(days=95))
    print(f"Seeded workspace {TEAM!r} in {url}: {len(DECISIONS)} reviewed decisions.")


def _assess_again(session, answers: Answers, verdict: str, number: int, when: datetime) -> None:
    """The switched team asked again, with answers that lead to what it switched to."""
    if verdict == "prompting":
        again = answers.model_copy(update={"quality_gap": 0.02})  # a better prompt closed the gap
    else:
        again = answers.model_copy(update={"knowledge_gap": "changing", "needs_citations": True})
    save_decision(
        session,
        team_id=TEAM,
        user_id="U0DEMO",
        source="slack",
        answers=again,
        advice=advise(again, today=when.date()),
        submission_key=f"demo-again-{number}",
        now=when,
    )


if __name__ == "__main__":
    main()
