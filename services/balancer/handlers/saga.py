"""The transfer saga's steps as the service runs them: load, one domain step, store, publish.

PROPOSED (loan days reserved) -> ACCEPTED by the receiving provider, which is
also the split request to matching (TransferAccepted) -> COMPLETED on JobSplit.
Declined, expired or refused (JobSplitRefused) transfers are compensated at
once: the loan reservation is released and a rebalance is requested, which is
the retry: a fresh plan, since asking matching the same again would not help.
None of these commit; the caller's unit of work does.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import structlog
from sqlalchemy.exc import IntegrityError

from services.balancer.adapters import loans_repo, transfers_repo
from services.balancer.adapters.requests import request_rebalance
from services.balancer.adapters.transfers_repo import TransferRecord
from services.balancer.domain import (
    CapacityLoan,
    LoanError,
    PlannedTransfer,
    accept_transfer,
    compensate_transfer,
    propose_transfer,
)
from services.balancer.domain.rebalance.policy import may_retry
from services.balancer.handlers import outgoing
from shared.db.unit_of_work import UnitOfWork

log = structlog.get_logger()


async def propose(
    uow: UnitOfWork,
    planned: PlannedTransfer,
    loan: CapacityLoan | None,
    order_id: uuid.UUID,
    attempt: int,
    expires_at: datetime,
) -> TransferRecord | None:
    """Reserves and proposes in a savepoint; None when the loan or the job is taken meanwhile."""
    transfer_id = str(uuid.uuid4())
    try:
        transfer = propose_transfer(transfer_id, planned, expires_at, loan)
    except LoanError as exc:
        log.info("proposal skipped", job_id=planned.job_id, reason=str(exc))
        return None
    rec = TransferRecord(transfer, order_id, attempt)
    try:
        async with uow.session.begin_nested():
            await transfers_repo.add(uow.session, rec)
            if loan is not None:
                await loans_repo.reserve(uow.session, loan.loan_id, transfer_id, transfer.schedule)
    except IntegrityError:
        if loan is not None:
            loan.release(transfer_id)
        log.info("proposal skipped: the job has an open transfer", job_id=planned.job_id)
        return None
    outgoing.transfer_proposed(uow, rec)
    return rec


async def accept(uow: UnitOfWork, rec: TransferRecord, now: datetime) -> None:
    loan = None
    if rec.plan.loan_id is not None:
        loan = await loans_repo.get(uow.session, uuid.UUID(rec.plan.loan_id), lock=True)
    days = accept_transfer(rec.transfer, loan, now)
    await transfers_repo.save(uow.session, rec)
    outgoing.transfer_accepted(uow, rec, days)  # matching's cue to split onto exactly these days


async def decline(uow: UnitOfWork, rec: TransferRecord, reason: str) -> None:
    rec.transfer.decline(reason)
    rec.reason, rec.outcome = reason, rec.transfer.state.value
    await _compensate(uow, rec)
    outgoing.transfer_declined(uow, rec)


async def expire(uow: UnitOfWork, rec: TransferRecord, now: datetime) -> None:
    rec.transfer.expire(now)
    rec.reason, rec.outcome = "no answer before expiry", rec.transfer.state.value
    await _compensate(uow, rec)
    outgoing.transfer_expired(uow, rec, now)


async def complete(uow: UnitOfWork, rec: TransferRecord, new_job_id: uuid.UUID) -> None:
    rec.transfer.complete()  # the loan stays reserved: its units are now the new job's
    rec.outcome, rec.new_job_id = rec.transfer.state.value, new_job_id
    await transfers_repo.save(uow.session, rec)
    outgoing.transfer_completed(uow, rec, new_job_id)


async def refused(uow: UnitOfWork, rec: TransferRecord, reason: str) -> None:
    rec.transfer.fail(reason)
    rec.reason, rec.outcome = reason, rec.transfer.state.value
    await _compensate(uow, rec)
    failures = await transfers_repo.failures(uow.session, uuid.UUID(rec.plan.job_id))
    outgoing.transfer_failed(uow, rec, will_retry=may_retry(failures))


async def _compensate(uow: UnitOfWork, rec: TransferRecord) -> None:
    loan = None
    if rec.plan.loan_id is not None:
        loan = await loans_repo.get(uow.session, uuid.UUID(rec.plan.loan_id), lock=True)
    compensate_transfer(rec.transfer, loan)
    await transfers_repo.save(uow.session, rec)
    if loan is not None:
        await loans_repo.release(uow.session, loan.loan_id, rec.transfer.transfer_id)
    await request_rebalance(uow.session, f"transfer {rec.id} {rec.outcome}")


def expiry(now: datetime, ttl_s: int) -> datetime:
    return now + timedelta(seconds=ttl_s)
