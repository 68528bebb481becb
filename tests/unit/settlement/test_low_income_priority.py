"""The matcher's low-income priority, measured in money on a seeded demo-region batch."""

from __future__ import annotations

from dataclasses import replace

from services.matching.domain.costs import DEFAULT_WEIGHTS
from tests.bench.low_income_priority import money


def test_the_priority_moves_fees_to_low_income_households_at_a_small_freight_cost() -> None:
    with_weight = money(1, DEFAULT_WEIGHTS)
    without = money(1, replace(DEFAULT_WEIGHTS, low_income=0))
    assert with_weight.fees_fen == without.fees_fen  # the same work placed either way
    assert with_weight.low_income_share > without.low_income_share + 0.01
    assert with_weight.freight_share < without.freight_share + 0.005
