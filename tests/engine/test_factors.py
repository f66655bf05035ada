"""Factors whose words never vary are built once, at import, with their Reason: it must say what the factor says."""

import pytest

from engine import factors
from engine.advice import Reason
from engine.factors import Factor

FIXED_FACTORS = [value for value in vars(factors).values() if isinstance(value, Factor)]


def test_factors_whose_words_never_vary_are_built_once():
    assert FIXED_FACTORS
    assert all(factor.reason is not None for factor in FIXED_FACTORS)


@pytest.mark.parametrize(
    "factor", FIXED_FACTORS, ids=lambda factor: f"{factor.name}-{factor.direction}-{factor.weight}"
)
def test_a_fixed_factors_reason_says_what_the_factor_says(factor: Factor):
    reason = factor.as_reason()

    assert reason == Reason(
        factor=factor.name, direction=factor.direction, weight=factor.weight, text=factor.text
    )
    assert factor.weight == round(factor.weight, 2)  # as every other factor's weight is rounded
