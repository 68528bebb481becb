"""Capacity loans: a factory with spare hands offers units/day that transfers may reserve.

A reservation is held per transfer, so compensation can release exactly what
one transfer took. A loan with live reservations cannot be withdrawn.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

from services.balancer.domain.errors import IllegalTransition, LoanError
from services.balancer.domain.events import CapacityLoanOffered, CapacityLoanWithdrawn, Event


class LoanState(StrEnum):
    OFFERED = "offered"
    WITHDRAWN = "withdrawn"


@dataclass
class CapacityLoan:
    loan_id: UUID
    provider_id: UUID
    category: str
    start: date
    end: date
    units_per_day: int
    state: LoanState = LoanState.OFFERED
    reservations: dict[UUID, dict[date, int]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)

    @classmethod
    def offer(
        cls, loan_id: UUID, provider_id: UUID, category: str, start: date, end: date, units: int
    ) -> "CapacityLoan":
        if units <= 0:
            raise LoanError(f"loan {loan_id} must offer positive units per day")
        if end < start:
            raise LoanError(f"loan {loan_id} ends before it starts")
        loan = cls(loan_id, provider_id, category, start, end, units)
        loan.events.append(CapacityLoanOffered(loan_id, provider_id, category, start, end, units))
        return loan

    def withdraw(self) -> None:
        if self.state is LoanState.WITHDRAWN:
            raise IllegalTransition(f"loan {self.loan_id} is already withdrawn")
        if self.reservations:
            raise LoanError(f"loan {self.loan_id} has reservations; release them first")
        self.state = LoanState.WITHDRAWN
        self.events.append(CapacityLoanWithdrawn(self.loan_id))

    def reserved_on(self, day: date) -> int:
        return sum(schedule.get(day, 0) for schedule in self.reservations.values())

    def available_on(self, day: date) -> int:
        if self.state is LoanState.WITHDRAWN or not self.start <= day <= self.end:
            return 0
        return self.units_per_day - self.reserved_on(day)

    def reserve(self, transfer_id: UUID, schedule: Mapping[date, int]) -> None:
        """Holds units per day for one transfer; all or nothing."""
        if transfer_id in self.reservations:
            raise LoanError(f"transfer {transfer_id} already holds loan {self.loan_id}")
        for day, units in schedule.items():
            if units <= 0 or units > self.available_on(day):
                raise LoanError(f"loan {self.loan_id} cannot give {units} units on {day}")
        self.reservations[transfer_id] = dict(schedule)

    def release(self, transfer_id: UUID) -> None:
        """Gives a transfer's units back; releasing twice is harmless (compensation retries)."""
        self.reservations.pop(transfer_id, None)

    def keep_made(self, transfer_id: UUID, units_made: int) -> None:
        """The work a completed transfer brought ended (its order was cancelled) with
        `units_made` made: the reservation keeps its earliest days up to them, and the
        rest goes back to the loan."""
        kept: dict[date, int] = {}
        left = units_made
        for day, units in sorted(self.reservations.get(transfer_id, {}).items()):
            if left <= 0:
                break
            kept[day] = min(units, left)
            left -= kept[day]
        if kept:
            self.reservations[transfer_id] = kept
        else:
            self.release(transfer_id)
