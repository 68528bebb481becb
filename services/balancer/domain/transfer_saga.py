"""Saga steps that touch a loan as well as the transfer: reserve on proposal, release on
compensation. A transfer to an opted-in receiver has no loan and reserves nothing.
"""

from datetime import datetime

from services.balancer.domain.errors import LoanError
from services.balancer.domain.loans import CapacityLoan
from services.balancer.domain.plan import PlannedTransfer
from services.balancer.domain.transfer import Transfer


def propose_transfer(
    transfer_id: str,
    plan: PlannedTransfer,
    expires_at: datetime,
    loan: CapacityLoan | None = None,
) -> Transfer:
    """Reserves the lender's loan days (all or nothing), then proposes the transfer."""
    _check_loan(plan, loan)
    if loan is not None:
        loan.reserve(transfer_id, dict(plan.schedule))
    return Transfer.propose(transfer_id, plan, expires_at)


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
