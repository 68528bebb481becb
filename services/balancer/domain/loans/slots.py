"""Capacity other providers can take on: offered loans and opted-in receivers' spare.

A receiver that opts in lends whatever its own EDF schedule leaves free; where
it also offered a loan, the loan's units are not counted twice.
"""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from services.balancer.domain.days import days
from services.balancer.domain.load.projection import Projection
from services.balancer.domain.load.view import LoadView
from services.balancer.domain.loans.loan import CapacityLoan, LoanState
from shared.region import County


@dataclass(frozen=True)
class ReceiverOptIn:
    """An under-loaded provider willing to receive work in one category for a while."""

    provider_id: UUID
    category: str
    start: date
    end: date


@dataclass(frozen=True)
class LenderSlot:
    provider_id: UUID
    county: County
    category: str
    day: date
    units: int
    loan_id: UUID | None = None


def loan_slots(view: LoadView, loan: CapacityLoan, first: date, last: date) -> list[LenderSlot]:
    county = view.calendar.provider(loan.provider_id).county
    return [
        LenderSlot(loan.provider_id, county, loan.category, day, units, loan.loan_id)
        for day in days(max(first, loan.start), min(last, loan.end))
        if (units := loan.available_on(day)) > 0
    ]


def receiver_slots(
    view: LoadView,
    projection: Projection,
    opt_in: ReceiverOptIn,
    loans: list[CapacityLoan],
    last: date,
) -> list[LenderSlot]:
    """Spare units per day after the receiver's own EDF schedule, minus loans it offered."""
    county = view.calendar.provider(opt_in.provider_id).county
    slots = []
    for day in days(max(projection.today, opt_in.start), min(last, opt_in.end)):
        spare = _spare(view, projection, opt_in, day) - _loaned(loans, opt_in, day)
        if spare > 0:
            slots.append(LenderSlot(opt_in.provider_id, county, opt_in.category, day, spare))
    return slots


def _spare(view: LoadView, projection: Projection, opt_in: ReceiverOptIn, day: date) -> int:
    capacity = view.capacity(opt_in.provider_id, opt_in.category, day)
    return capacity - projection.used_on(opt_in.provider_id, opt_in.category, day)


def _loaned(loans: list[CapacityLoan], opt_in: ReceiverOptIn, day: date) -> int:
    return sum(
        loan.units_per_day
        for loan in loans
        if loan.provider_id == opt_in.provider_id
        and loan.category == opt_in.category
        and loan.state is LoanState.OFFERED
        and loan.start <= day <= loan.end
    )
