"""Receivables, payments, aging and the monthly statement, by hand."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.settlement.domain.errors import Overpayment
from services.settlement.domain.fees.aging import AgingBucket, bucket
from services.settlement.domain.fees.receivable import Receivable, ReceivableState
from services.settlement.domain.fees.statement import Payment, month_bounds, monthly_statement

P = uuid.uuid4()


def receivable(good: int, fee: int, due: date, job: uuid.UUID | None = None) -> Receivable:
    return Receivable(
        delivery_id=uuid.uuid4(), job_id=job or uuid.uuid4(), order_id=uuid.uuid4(),
        provider_id=P, office_id=uuid.uuid4(), client_id=uuid.uuid4(), category="knitting",
        county="songyang", market="yiwu", good_units=good, defective_units=1,
        unit_fee_fen=fee, freight_fen=30, freight_subsidy_fen=good * fee // 100, due_on=due,
    )  # fmt: skip


def test_partial_payments_then_paid_and_never_more_than_owed() -> None:
    r = receivable(10, 250, date(2026, 11, 1))
    r.pay(1_000)
    assert (r.outstanding_fen, r.state) == (1_500, ReceivableState.OPEN)
    with pytest.raises(Overpayment, match=r"more than the 15\.00 yuan still owed"):
        r.pay(1_501)
    with pytest.raises(Overpayment):
        r.pay(0)
    r.pay(1_500)
    assert (r.outstanding_fen, r.state) == (0, ReceivableState.PAID)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 12, 2), AgingBucket.NOT_YET_DUE),
        (date(2026, 12, 1), AgingBucket.DAYS_0_30),
        (date(2026, 11, 1), AgingBucket.DAYS_0_30),  # 30 days
        (date(2026, 10, 31), AgingBucket.DAYS_31_60),  # 31 days
        (date(2026, 10, 2), AgingBucket.DAYS_31_60),  # 60 days
        (date(2026, 10, 1), AgingBucket.OVER_60),
    ],
)
def test_aging_buckets(due: date, expected: AgingBucket) -> None:
    assert bucket(due, date(2026, 12, 1)) == expected


def test_monthly_statement_adds_up() -> None:
    job = uuid.uuid4()
    october = receivable(100, 100, date(2026, 10, 20))
    nov_a = receivable(50, 200, date(2026, 11, 3), job)
    nov_b = receivable(30, 200, date(2026, 11, 30), job)
    december = receivable(10, 100, date(2026, 12, 1))
    pays = [
        Payment(uuid.uuid4(), october.delivery_id, 4_000, date(2026, 10, 25)),
        Payment(uuid.uuid4(), october.delivery_id, 6_000, date(2026, 11, 5)),
        Payment(uuid.uuid4(), nov_a.delivery_id, 5_000, date(2026, 12, 2)),
    ]
    s = monthly_statement(P, "2026-11", [october, nov_a, nov_b, december], pays)
    assert (s.jobs_delivered, s.good_units, s.defective_units) == (1, 80, 2)
    assert s.fees_fen == 16_000 and s.freight_fen == 60
    assert s.payments_received_fen == 6_000
    assert s.opening_balance_fen == 10_000 - 4_000
    assert s.balance_fen == 6_000 + 16_000 - 6_000
    assert [line.fee_fen for line in s.lines] == [10_000, 6_000]


def test_december_rolls_into_the_next_year() -> None:
    assert month_bounds("2026-12") == (date(2026, 12, 1), date(2027, 1, 1))
    with pytest.raises(ValueError):
        month_bounds("2026-13")


def test_the_statement_shows_what_inspection_found_overpaid() -> None:
    """Review finding: the office saw overpaid_fen, the broker's statement did not. It
    shows per delivery and, with the balance, for every delivery up to the month's end."""
    october = receivable(100, 200, date(2026, 10, 20))
    october.pay(20_000)
    october.overpaid_fen = 2_000  # inspection accepted 90 of the 100 paid
    november = receivable(50, 200, date(2026, 11, 3))
    november.pay(10_000)
    november.overpaid_fen = 600
    pays = [Payment(uuid.uuid4(), r.delivery_id, r.paid_fen, r.due_on) for r in (october, november)]
    s = monthly_statement(P, "2026-11", [october, november], pays)
    assert [line.overpaid_fen for line in s.lines] == [600]
    assert (s.balance_fen, s.overpaid_fen, s.balance_less_overpaid_fen) == (0, 2_600, -2_600)
