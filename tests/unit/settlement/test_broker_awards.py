"""Worked examples of Suichang's 2009 broker awards: both tables, every boundary (strict)."""

from __future__ import annotations

import pytest

from services.settlement.adapters.policy_files import load_policies
from services.settlement.domain.policy.broker import CASE_BY_CASE, assess_broker
from services.settlement.domain.policy.model import BrokerKind

POLICY = load_policies().get("suichang-2009")
G, M = BrokerKind.GENERAL, BrokerKind.MACHINERY
YUAN = 100


@pytest.mark.parametrize(
    ("kind", "fee_yuan", "workers", "tier", "award_yuan"),
    [
        (G, 200_000, 101, 0, 0),  # exactly 200,000 yuan: not more than
        (G, 200_001, 100, 0, 0),  # exactly 100 workers: not more than
        (G, 200_001, 101, 1, 2_000),
        (G, 500_000, 301, 1, 2_000),  # fee not more than 500,000: tier 1
        (G, 500_001, 301, 2, 5_000),
        (G, 900_000, 150, 1, 2_000),  # fee for tier 2, workers only for tier 1
        (G, 1_000_001, 501, 3, 10_000),
        (G, 1_000_001, 500, 2, 5_000),  # exactly 500 workers
        (G, 2_000_000, 900, 3, 10_000),  # exactly 2,000,000: not case by case
        (M, 500_000, 41, 0, 0),
        (M, 500_001, 40, 0, 0),
        (M, 500_001, 41, 1, 2_000),
        (M, 1_000_001, 81, 2, 5_000),
        (M, 1_400_000, 300, 2, 5_000),
        (M, 1_500_001, 121, 3, 10_000),
        (M, 1_500_001, 100, 2, 5_000),  # fee for tier 3, workers for tier 2
        (M, 3_000_000, 121, 3, 10_000),
        (G, 300_000, 5_000, 1, 2_000),  # many workers do not make up for the fee
    ],
)
def test_tier_and_award(
    kind: BrokerKind, fee_yuan: int, workers: int, tier: int, award_yuan: int
) -> None:
    a = assess_broker(POLICY, kind, fee_yuan * YUAN, workers)
    assert (a.tier, a.line.amount_fen, a.case_by_case) == (tier, award_yuan * YUAN, False)
    assert a.line.rule == f"suichang-2009/broker_awards.{kind.value}.tier_{tier}"
    assert a.line.figures["annual_fee_fen"] == fee_yuan * YUAN
    assert a.line.figures["workers"] == workers


def test_one_fen_over_the_threshold_is_more_than() -> None:
    assert assess_broker(POLICY, G, 20_000_001, 101).tier == 1
    assert assess_broker(POLICY, G, 20_000_000, 101).tier == 0


@pytest.mark.parametrize(
    ("kind", "fee_yuan", "workers", "regular"),
    [(G, 2_000_001, 600, 3), (G, 2_000_001, 50, 0), (M, 3_000_001, 90, 2)],
)
def test_case_by_case_has_no_amount_and_shows_the_regular_tier(
    kind: BrokerKind, fee_yuan: int, workers: int, regular: int
) -> None:
    a = assess_broker(POLICY, kind, fee_yuan * YUAN, workers)
    assert a.case_by_case and a.line.amount_fen is None and a.next is None
    assert a.line.rule.endswith(CASE_BY_CASE)
    assert a.tier == regular
    expected = POLICY.broker_awards.table(kind).tiers[regular - 1].award_fen if regular else 0
    assert a.line.figures["regular_award_fen"] == expected
    assert "case by case" in a.line.explanation


def test_next_tier_says_what_is_missing() -> None:
    a = assess_broker(POLICY, G, 600_000 * YUAN, 150)
    assert a.tier == 1 and a.next is not None
    assert (a.next.tier, a.next.award_fen) == (2, 500_000)
    assert (a.next.fee_needed_fen, a.next.workers_needed) == (0, 151)

    none = assess_broker(POLICY, G, 200_000 * YUAN, 100)
    assert none.next is not None and none.next.tier == 1
    assert (none.next.fee_needed_fen, none.next.workers_needed) == (1, 1)


def test_after_the_top_tier_comes_case_by_case() -> None:
    a = assess_broker(POLICY, M, 2_000_000 * YUAN, 200)
    assert a.tier == 3 and a.next is not None
    assert a.next.tier == CASE_BY_CASE and a.next.award_fen is None
    assert a.next.fee_needed_fen == 1_000_000 * YUAN + 1 and a.next.workers_needed == 0
