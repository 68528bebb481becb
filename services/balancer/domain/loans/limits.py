"""How much a lender can really lend: never more a day than it makes, nor more than it has free.

A loan is checked when offered against what the lender makes in that category
on each of its days (seasons and the broker's own calendar included), less what
its other live loans already lend on that day. The planner then hands out loan
days only up to the lender's free capacity after its own jobs (EDF), shared by
all of its loans, so a split never lands on a lender that cannot make it.
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from uuid import UUID

from services.balancer.domain.capacity.calendar import CapacityCalendar
from services.balancer.domain.days import days, window
from services.balancer.domain.errors import LoanError
from services.balancer.domain.load.projection import Projection
from services.balancer.domain.load.view import LoadView
from services.balancer.domain.loans.loan import CapacityLoan, LoanState
from services.balancer.domain.loans.slots import LenderSlot, loan_slots


class LoanExceedsCapacity(LoanError):
    """A loan of more units a day than the lender makes (less what it already lends)."""

    field = "units_per_day"


def check_loan_capacity(
    calendar: CapacityCalendar, loan: CapacityLoan, others: Iterable[CapacityLoan], today: date
) -> None:
    """Raises on the first day from `today` the loan would lend more than the lender makes.

    A lender matching has not announced yet cannot be checked here; the planner
    still never plans more on it than it can make once it is known.
    """
    if loan.provider_id not in calendar.providers:
        return
    same = [
        o
        for o in others
        if o.loan_id != loan.loan_id
        and o.provider_id == loan.provider_id
        and o.category == loan.category
        and o.state is LoanState.OFFERED
    ]
    for day in days(max(loan.start, today), min(loan.end, window(today)[1])):  # issue 17
        makes = calendar.units(loan.provider_id, loan.category, day)
        lent = sum(o.units_per_day for o in same if o.start <= day <= o.end)
        if loan.units_per_day + lent > makes:
            already = f" and already lends {lent} on other loans" if lent else ""
            raise LoanExceedsCapacity(
                f"units_per_day {loan.units_per_day} exceeds what provider {loan.provider_id}"
                f" can lend of {loan.category} on {day}: it makes {makes} that day{already}"
            )


def lendable_slots(
    view: LoadView, projection: Projection, loans: Iterable[CapacityLoan], first: date, last: date
) -> list[LenderSlot]:
    """Loan days, each cut to what the lender has free that day after its own jobs.

    One lender's loans share its free units (in loan id order), so two loans
    never plan the same spare twice.
    """
    free: dict[tuple[UUID, str, date], int] = {}
    slots = []
    for loan in sorted(loans, key=lambda x: x.loan_id):
        for slot in loan_slots(view, loan, first, last):
            key = (slot.provider_id, slot.category, slot.day)
            if key not in free:
                makes = view.capacity(slot.provider_id, slot.category, slot.day)
                free[key] = makes - projection.used_on(slot.provider_id, slot.category, slot.day)
            units = min(slot.units, free[key])
            if units > 0:
                slots.append(replace(slot, units=units))
                free[key] -= units
    return slots
