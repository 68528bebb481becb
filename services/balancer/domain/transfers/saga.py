"""Saga steps that touch a loan as well as the transfer: reserve on proposal, hand the
reserved days to matching on acceptance, release on compensation. A transfer to an
opted-in receiver has no loan and reserves nothing: its days are its schedule.
"""

from datetime import date, datetime
from uuid import UUID

from services.balancer.domain.errors import IllegalTransition, LoanError, UnservableDays
from services.balancer.domain.loans.loan import CapacityLoan
from services.balancer.domain.rebalance.plan import PlannedTransfer
from services.balancer.domain.transfers.transfer import Transfer


def propose_transfer(
    transfer_id: UUID,
    plan: PlannedTransfer,
    expires_at: datetime,
    loan: CapacityLoan | None = None,
    order_id: UUID | None = None,
    attempt: int = 1,
) -> Transfer:
    """Reserves the lender's loan days (all or nothing), then proposes the transfer.

    Every day must lie in the plan's window (materials at the lender, back home in
    time) and, under a loan, inside the loan's dates and its free units per day.
    """
    _check_loan(plan, loan)
    _check_window(plan)
    if loan is not None:
        loan.reserve(transfer_id, dict(plan.schedule))
    return Transfer.propose(transfer_id, plan, expires_at, order_id, attempt)


def accept_transfer(
    transfer: Transfer, loan: CapacityLoan | None, now: datetime
) -> dict[date, int]:
    """The receiver accepts and matching is asked to split: returns the days it must book.

    They are the loan's reservation for this transfer, which is the transfer's schedule;
    a transfer whose reservation is gone or differs cannot be accepted.
    """
    _check_loan(transfer.plan, loan)
    if now >= transfer.expires_at:
        raise IllegalTransition(f"transfer {transfer.transfer_id} expired at {transfer.expires_at}")
    days = transfer.schedule
    if loan is not None and loan.reservations.get(transfer.transfer_id) != days:
        raise IllegalTransition(
            f"transfer {transfer.transfer_id} no longer holds its days on loan {loan.loan_id}"
        )
    transfer.accept()
    transfer.request_split()
    return days


def compensate_transfer(transfer: Transfer, loan: CapacityLoan | None = None) -> None:
    """Moves the saga to COMPENSATED and gives the loan its units back."""
    _check_loan(transfer.plan, loan)
    transfer.compensate()
    if loan is not None:
        loan.release(transfer.transfer_id)


def _check_loan(plan: PlannedTransfer, loan: CapacityLoan | None) -> None:
    given = loan.loan_id if loan is not None else None
    if given != plan.loan_id:
        raise LoanError(f"transfer uses loan {plan.loan_id}, got {given}")


def _check_window(plan: PlannedTransfer) -> None:
    if not plan.schedule:
        raise UnservableDays(f"transfer of job {plan.job_id} has no days")
    for day, units in plan.schedule:
        if units <= 0:
            raise UnservableDays(f"transfer of job {plan.job_id} makes {units} units on {day}")
        if plan.window is not None and not plan.window[0] <= day <= plan.window[1]:
            first, last = plan.window
            raise UnservableDays(
                f"job {plan.job_id} can be made at {plan.to_provider} only from {first}"
                f" (materials there) to {last} (back in time), not on {day}"
            )
