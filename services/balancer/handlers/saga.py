"""The transfer saga's steps as the service runs them: load, one domain step, store, publish.

PROPOSED (loan days reserved) -> ACCEPTED by the receiving provider, which is
also the split request to matching (TransferAccepted v2, with the reserved days)
-> COMPLETED on JobSplit. A proposal whose job ends first (JobCancelled, the
final JobDelivered) is withdrawn: it expires at once. Declined, expired or refused
(JobSplitRefused, any version) transfers are compensated at once: the loan
reservation is released and a rebalance is requested, which is the retry: a fresh
plan, since asking matching the same again would not help. None of these commit;
the calling handler does.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import structlog

from services.balancer.adapters.uow import BalancerUnitOfWork
from services.balancer.domain.errors import LoanError
from services.balancer.domain.loans.loan import CapacityLoan
from services.balancer.domain.rebalance.plan import PlannedTransfer
from services.balancer.domain.rebalance.policy import may_retry
from services.balancer.domain.transfers.saga import (
    accept_transfer,
    compensate_transfer,
    propose_transfer,
)
from services.balancer.domain.transfers.transfer import Transfer
from services.balancer.handlers import outgoing

log = structlog.get_logger()


async def propose(
    uow: BalancerUnitOfWork,
    planned: PlannedTransfer,
    loan: CapacityLoan | None,
    order_id: uuid.UUID,
    attempt: int,
    expires_at: datetime,
) -> Transfer | None:
    """Reserves and proposes; None when the loan or the job is taken meanwhile."""
    transfer_id = uuid.uuid4()
    try:
        transfer = propose_transfer(transfer_id, planned, expires_at, loan, order_id, attempt)
    except LoanError as exc:
        log.info("proposal skipped", job_id=str(planned.job_id), reason=str(exc))
        return None
    if not await uow.transfers.add(transfer):
        if loan is not None:
            loan.release(transfer_id)
        log.info("proposal skipped: the job has an open transfer", job_id=str(planned.job_id))
        return None
    if loan is not None:
        await uow.loans.save_reservation(loan, transfer_id)
    uow.publish(outgoing.transfer_proposed(transfer))
    return transfer


async def accept(uow: BalancerUnitOfWork, transfer: Transfer, now: datetime) -> None:
    days = accept_transfer(transfer, await _loan_of(uow, transfer), now)
    await uow.transfers.save(transfer)
    uow.publish(outgoing.transfer_accepted(transfer, days))  # split onto exactly these days


async def decline(uow: BalancerUnitOfWork, transfer: Transfer, reason: str) -> None:
    transfer.decline(reason)
    await _compensate(uow, transfer)
    uow.publish(outgoing.transfer_declined(transfer))


async def expire(uow: BalancerUnitOfWork, transfer: Transfer, now: datetime) -> None:
    transfer.expire(now)
    await _compensate(uow, transfer)
    uow.publish(outgoing.transfer_expired(transfer, now))


async def withdraw(uow: BalancerUnitOfWork, transfer: Transfer, reason: str, now: datetime) -> None:
    """The job ended before the receiver answered: the proposal expires now, freeing the loan."""
    transfer.withdraw(reason)
    await _compensate(uow, transfer)
    uow.publish(outgoing.transfer_expired(transfer, now))


async def complete(uow: BalancerUnitOfWork, transfer: Transfer, new_job_id: uuid.UUID) -> None:
    transfer.complete(new_job_id)  # the loan stays reserved: its units are now the new job's
    await uow.transfers.save(transfer)
    uow.publish(outgoing.transfer_completed(transfer, new_job_id))


async def refused(uow: BalancerUnitOfWork, transfer: Transfer, reason: str) -> None:
    transfer.fail(reason)
    await _compensate(uow, transfer)
    failures = await uow.transfers.failures(transfer.plan.job_id)
    uow.publish(outgoing.transfer_failed(transfer, will_retry=may_retry(failures)))


async def _compensate(uow: BalancerUnitOfWork, transfer: Transfer) -> None:
    loan = await _loan_of(uow, transfer)
    compensate_transfer(transfer, loan)
    await uow.transfers.save(transfer)
    if loan is not None:
        await uow.loans.delete_reservation(loan, transfer.transfer_id)
    await uow.requests.add(f"transfer {transfer.transfer_id} {transfer.outcome}")


async def _loan_of(uow: BalancerUnitOfWork, transfer: Transfer) -> CapacityLoan | None:
    loan_id = transfer.plan.loan_id
    return None if loan_id is None else await uow.loans.get(loan_id, lock=True)


def expiry(now: datetime, ttl_s: int) -> datetime:
    return now + timedelta(seconds=ttl_s)
