"""A county's yearly run, worked by hand: tables, loans, relocations, villages; lifecycle."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.settlement.adapters.policy_files import load_policies
from services.settlement.domain.awards.award import Award, AwardKind, AwardState
from services.settlement.domain.awards.loan import LoanState, SubsidisedLoan
from services.settlement.domain.awards.run import EnterpriseYear, assess_year
from services.settlement.domain.errors import IllegalTransition
from services.settlement.domain.fees.facts import Enterprise, Workforce
from services.settlement.domain.policy.model import BrokerKind
from shared.region.counties import County

POLICY = load_policies().get("suichang-2009")
YUAN = 100


def ent(name: str, village: str, workers: int, low: int = 0) -> Enterprise:
    return Enterprise(uuid.uuid4(), name, County.SUICHANG, "Miaogao", village, "factory",
                      Workforce(workers, low_income=low))  # fmt: skip


def test_machinery_table_only_when_machinery_earned_more_than_half() -> None:
    e = ent("a", "v", 100)
    assert EnterpriseYear(e, 1000, 501).kind is BrokerKind.MACHINERY
    assert EnterpriseYear(e, 1000, 500).kind is BrokerKind.GENERAL  # exactly half: general


def test_a_year_assessed_line_by_line() -> None:
    welder = ent("welder", "Dongshan", 90, low=20)
    beads = ent("beads", "Dongshan", 150, low=60)
    small = ent("small", "Xiyuan", 20, low=5)
    year = [
        EnterpriseYear(welder, 1_200_000 * YUAN, 1_000_000 * YUAN),  # machinery tier 2
        EnterpriseYear(beads, 600_000 * YUAN, 0),  # general tier 1 (150 workers)
        EnterpriseYear(small, 100_000 * YUAN, 0),  # nothing
    ]
    loan = SubsidisedLoan(uuid.uuid4(), beads.provider_id, 150_000 * YUAN, date(2026, 7, 1), 12,
                          LoanState.CHECKED)  # fmt: skip
    unchecked = SubsidisedLoan(
        uuid.uuid4(), welder.provider_id, 50_000 * YUAN, date(2026, 1, 1), 12
    )
    lines = assess_year(POLICY, year, [loan, unchecked], {welder.provider_id}, set(), 2026)
    got = {(a.kind, a.subject): a.line.amount_fen for a in lines}
    assert got[(AwardKind.BROKER, str(welder.provider_id))] == 5_000 * YUAN
    assert got[(AwardKind.BROKER, str(beads.provider_id))] == 2_000 * YUAN
    assert (AwardKind.BROKER, str(small.provider_id)) not in got
    # 5‰ × 100,000 (cap) × 6 months of 2026 = 3,000 yuan; the unchecked loan earns nothing
    assert got[(AwardKind.LOAN, str(loan.loan_id))] == 3_000 * YUAN
    assert (AwardKind.LOAN, str(unchecked.loan_id)) not in got
    assert got[(AwardKind.RELOCATION, str(welder.provider_id))] == 3_000 * YUAN
    # Dongshan: 1,800,000 yuan, 240 workers, 2 enterprises -> newly professional, and first
    assert got[(AwardKind.VILLAGE_NEW, "Miaogao/Dongshan")] == 30_000 * YUAN
    assert got[(AwardKind.VILLAGE_TOP, "Miaogao/Dongshan")] == 10_000 * YUAN
    assert got[(AwardKind.VILLAGE_TOP, "Miaogao/Xiyuan")] == 5_000 * YUAN


def test_the_loan_months_that_fall_in_the_year() -> None:
    loan = SubsidisedLoan(uuid.uuid4(), uuid.uuid4(), 1, date(2025, 11, 15), 4)
    assert (loan.months_in(2025), loan.months_in(2026), loan.months_in(2027)) == (2, 2, 0)


def _award(amount: int | None) -> Award:
    return Award(uuid.uuid4(), "suichang", 2026, AwardKind.BROKER, "x", None, "r", amount, "", {})


def test_assessed_approved_paid_and_no_skipping() -> None:
    a = _award(200_000)
    with pytest.raises(IllegalTransition):
        a.pay()
    a.approve(None)
    assert a.state is AwardState.APPROVED
    with pytest.raises(IllegalTransition):
        a.approve(None)
    a.pay()
    assert a.state is AwardState.PAID


def test_case_by_case_needs_the_county_amount_and_fixed_amounts_cannot_change() -> None:
    cbc = _award(None)
    with pytest.raises(IllegalTransition, match="amount the county decided"):
        cbc.approve(None)
    cbc.approve(3_000_000)
    assert cbc.amount_fen == 3_000_000
    with pytest.raises(IllegalTransition, match="fixed"):
        _award(200_000).approve(100)
