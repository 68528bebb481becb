"""Worked examples of the loan interest, freight and relocation subsidies, and rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.settlement.adapters.policy_files import load_policies
from services.settlement.domain.money import round_fen
from services.settlement.domain.policy.subsidies import (
    freight_subsidy,
    loan_interest_subsidy,
    relocation_subsidy,
)

POLICY = load_policies().get("suichang-2009")
YUAN = 100
ABOVE = 200_001 * YUAN  # an annual fee that qualifies


@pytest.mark.parametrize(
    ("fee_fen", "principal_yuan", "months", "subsidy_fen"),
    [
        (ABOVE, 50_000, 12, 300_000),  # 5‰ × 50,000 × 12 = 3,000 yuan
        (ABOVE, 20_000, 1, 10_000),  # exactly the floor: subsidised
        (ABOVE, 19_999, 12, 0),  # under the floor: nothing
        (ABOVE, 100_000, 12, 600_000),  # exactly the cap
        (ABOVE, 250_000, 12, 600_000),  # over the cap: subsidised on 100,000
        (200_000 * YUAN, 50_000, 12, 0),  # annual fee exactly 200,000: not more than
        (ABOVE, 0, 12, 0),
    ],
)
def test_loan_interest_subsidy(
    fee_fen: int, principal_yuan: int, months: int, subsidy_fen: int
) -> None:
    line = loan_interest_subsidy(POLICY, fee_fen, principal_yuan * YUAN, months)
    assert line.amount_fen == subsidy_fen
    assert line.rule == "suichang-2009/loan_interest_subsidy"
    assert line.figures["subsidised_principal_fen"] == min(principal_yuan, 100_000) * YUAN


def test_loan_subsidy_rounds_half_up_once_at_the_line() -> None:
    # 5‰ of 2,000,100 fen = 10,000.5 fen a month; 3 months = 30,001.5 -> 30,002
    # (rounding each month would give 3 × 10,001 = 30,003)
    line = loan_interest_subsidy(POLICY, ABOVE, 2_000_100, 3)
    assert line.amount_fen == 30_002
    assert line.figures["exact_fen"] == "30001.5"


@pytest.mark.parametrize(("fee", "subsidy"), [(10_000, 100), (150, 2), (149, 1), (50, 1), (49, 0)])
def test_freight_subsidy_is_one_percent_rounded_half_up(fee: int, subsidy: int) -> None:
    line = freight_subsidy(POLICY, fee)
    assert line.amount_fen == subsidy
    assert line.figures["fee_fen"] == fee


@pytest.mark.parametrize(
    ("fee_yuan", "subsidy_yuan"), [(100_000, 3_000), (2_000_000, 3_000), (2_000_001, 5_000)]
)
def test_relocation_subsidy(fee_yuan: int, subsidy_yuan: int) -> None:
    assert relocation_subsidy(POLICY, fee_yuan * YUAN).amount_fen == subsidy_yuan * YUAN


@pytest.mark.parametrize(
    ("exact", "fen"), [("0.5", 1), ("1.49", 1), ("2.5", 3), ("-0.5", -1), ("7", 7)]
)
def test_round_half_up(exact: str, fen: int) -> None:
    assert round_fen(Decimal(exact)) == fen
