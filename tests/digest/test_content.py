from decimal import Decimal

import pytest

from bot.digest.chart import weekly_chart_png
from bot.store.digest_content import RetirementWarning
from engine.advice import Approach
from tests.digest.builders import REVIEW_DAY, digest, history


def test_trend_averages_the_four_weeks_before_this_one_counting_empty_weeks():
    week = digest(
        history=history({Approach.RAG: 9}, {Approach.RAG: 4}, {}, {Approach.RAG: 2}, {}, {Approach.RAG: 1})
    )

    assert week.previous_average == Decimal("1.5")


@pytest.mark.parametrize(
    ("overrides", "has_news"),
    [
        ({}, False),
        ({"history": history({Approach.RAG: 1})}, True),
        ({"accepted_count": 1}, True),
        ({"reviews_due_count": 1}, True),
        ({"retirement_warnings": (RetirementWarning("gpt-4o", REVIEW_DAY, 1),)}, True),
        ({"history": history({Approach.RAG: 1}, {})}, False),
    ],
)
def test_a_week_has_news_when_anything_happened_or_is_coming(overrides, has_news):
    assert digest(**overrides).has_news is has_news


def test_chart_is_a_png_of_the_last_eight_weeks():
    week = digest(history=history({Approach.RAG: 2}, {Approach.PROMPTING: 1, Approach.HYBRID: 3}))

    png = weekly_chart_png(week)

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
