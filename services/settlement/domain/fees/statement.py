"""A processing enterprise's monthly statement, from its receivables and the payments on them."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from services.settlement.domain.fees.receivable import Receivable


@dataclass(frozen=True)
class Payment:
    payment_id: uuid.UUID
    delivery_id: uuid.UUID
    amount_fen: int
    paid_on: date


class StatementLine(BaseModel):
    delivery_id: uuid.UUID
    job_id: uuid.UUID
    order_id: uuid.UUID
    delivered_on: date
    category: str
    good_units: int
    defective_units: int
    unit_fee_fen: int
    deduction_fen: int  # taken off at inspection; fee_fen is net of it
    fee_fen: int
    freight_fen: int
    freight_subsidy_fen: int
    paid_fen: int
    taken_back_units: int = 0  # claimed good, not accepted at inspection (not in good_units)
    reclaimed_fen: int = 0  # the rest of what inspection refused, off the fee
    # paid already for pieces inspection then refused: in fee_fen and paid, to be settled
    # with the office (given back, or set against the next fee)
    overpaid_fen: int = 0


class MonthlyStatement(BaseModel):
    provider_id: uuid.UUID
    month: str  # YYYY-MM
    jobs_delivered: int
    good_units: int
    defective_units: int
    fees_fen: int
    freight_fen: int
    freight_subsidy_fen: int
    payments_received_fen: int
    opening_balance_fen: int  # owed to the enterprise at the start of the month
    balance_fen: int  # owed at the end of the month
    lines: list[StatementLine]
    # What inspection found paid beyond the accepted pieces on the deliveries up to the
    # month's end, restated by each inspection (so as it stands now, not dated): the
    # enterprise is to settle it with the office, so the balance less it is what the
    # enterprise is owed after that (below zero: what it owes the office).
    overpaid_fen: int = 0
    balance_less_overpaid_fen: int = 0


def month_bounds(month: str) -> tuple[date, date]:
    """``"2026-11"`` -> first day of the month and first day of the next."""
    y, m = (int(x) for x in month.split("-"))
    return date(y, m, 1), date(y + m // 12, m % 12 + 1, 1)


def monthly_statement(
    provider_id: uuid.UUID,
    month: str,
    receivables: Iterable[Receivable],
    payments: Iterable[Payment],
) -> MonthlyStatement:
    start, end = month_bounds(month)
    rs = list(receivables)
    ps = list(payments)
    inside = sorted(
        (r for r in rs if start <= r.due_on < end), key=lambda r: (r.due_on, str(r.delivery_id))
    )
    paid_in = [p for p in ps if start <= p.paid_on < end]

    def owed_before(day: date) -> int:
        return sum(r.fee_fen for r in rs if r.due_on < day) - sum(
            p.amount_fen for p in ps if p.paid_on < day
        )

    paid_by_delivery: dict[uuid.UUID, int] = {}
    for p in paid_in:
        paid_by_delivery[p.delivery_id] = paid_by_delivery.get(p.delivery_id, 0) + p.amount_fen
    overpaid = sum(r.overpaid_fen for r in rs if r.due_on < end)
    return MonthlyStatement(
        provider_id=provider_id,
        month=month,
        jobs_delivered=len({r.job_id for r in inside}),
        good_units=sum(r.good_units for r in inside),
        defective_units=sum(r.defective_units for r in inside),
        fees_fen=sum(r.fee_fen for r in inside),
        freight_fen=sum(r.freight_fen for r in inside),
        freight_subsidy_fen=sum(r.freight_subsidy_fen for r in inside),
        payments_received_fen=sum(p.amount_fen for p in paid_in),
        opening_balance_fen=owed_before(start),
        balance_fen=owed_before(end),
        overpaid_fen=overpaid,
        balance_less_overpaid_fen=owed_before(end) - overpaid,
        lines=[
            StatementLine(
                delivery_id=r.delivery_id,
                job_id=r.job_id,
                order_id=r.order_id,
                delivered_on=r.due_on,
                category=r.category,
                good_units=r.good_units,
                defective_units=r.defective_units,
                unit_fee_fen=r.unit_fee_fen,
                deduction_fen=r.deduction_fen,
                fee_fen=r.fee_fen,
                freight_fen=r.freight_fen,
                freight_subsidy_fen=r.freight_subsidy_fen,
                paid_fen=paid_by_delivery.get(r.delivery_id, 0),
                taken_back_units=r.taken_back_units,
                reclaimed_fen=r.reclaimed_fen,
                overpaid_fen=r.overpaid_fen,
            )
            for r in inside
        ],
    )
