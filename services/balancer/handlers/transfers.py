"""Transfers: the receiver's answer (HTTP), expiry (worker), and matching's split or refusal
(events). The split and the refusal run inside the inbox consumer's transaction.

Only the receiver answers. The sender sees the transfer (403 if it tries to
answer); anyone else gets a 404, since the transfer does not exist for them.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import structlog

from services.balancer.adapters.uow import BalancerUnitOfWork
from services.balancer.domain.errors import IllegalTransition
from services.balancer.domain.load.jobs import Job
from services.balancer.domain.region import transit_days
from services.balancer.domain.transfers.transfer import Transfer, TransferState
from services.balancer.handlers import saga
from services.balancer.handlers.audit import record
from services.balancer.handlers.refusals import answered_async
from shared.contracts import matching as m
from shared.events import Envelope, MalformedEvent, Payload
from shared.identity import Principal
from shared.region import clock
from shared.service.errors import DomainError, NotFound

log = structlog.get_logger()


class Forbidden(DomainError):
    status = 403


async def answer_transfer(
    uow: BalancerUnitOfWork,
    who: Principal,
    transfer_id: uuid.UUID,
    accept: bool,
    reason: str,
    now: datetime,
) -> None:
    async with uow:
        transfer = await _addressed_to(uow, who, transfer_id)
        if accept:
            await answered_async(saga.accept(uow, transfer, now))
        else:
            await answered_async(saga.decline(uow, transfer, reason))
        action = "transfer.accept" if accept else "transfer.decline"
        await record(uow, who, action, "transfer", transfer_id)
        await uow.commit()


async def expire_due(uow: BalancerUnitOfWork, now: datetime, batch: int = 100) -> int:
    """Expires up to `batch` overdue proposals in one transaction; returns how many."""
    async with uow:
        due = await uow.transfers.due_for_expiry(now, batch)
        for transfer in due:
            await saga.expire(uow, transfer, now)
        await uow.commit()
        return len(due)


async def withdraw_for_ended_job(uow: BalancerUnitOfWork, job_id: uuid.UUID, reason: str) -> None:
    """A job that ended takes back its unanswered proposal (the lender's days go free).

    An accepted one is already a split request: matching refuses to split an ended
    job, and that refusal compensates it."""
    transfer = await uow.transfers.open_for(job_id)
    if transfer is not None and transfer.state is TransferState.PROPOSED:
        await saga.withdraw(uow, transfer, reason, clock.now())


async def release_lent_days(uow: BalancerUnitOfWork, job_id: uuid.UUID, units_made: int) -> None:
    """A job a transfer moved onto a loan was cancelled: the loan days it held beyond the
    units made go back to the lender (a completed transfer otherwise keeps them)."""
    transfer = await uow.transfers.completed_into(job_id)
    if transfer is None or transfer.plan.loan_id is None:
        return
    loan = await uow.loans.get(transfer.plan.loan_id, lock=True)
    if loan is None or transfer.transfer_id not in loan.reservations:
        return
    loan.keep_made(transfer.transfer_id, units_made)
    await uow.loans.delete_reservation(loan, transfer.transfer_id)
    if transfer.transfer_id in loan.reservations:
        await uow.loans.save_reservation(loan, transfer.transfer_id)
    await uow.requests.add(f"loan {loan.loan_id} given back days of job {job_id}")


async def on_job_split(uow: BalancerUnitOfWork, env: Envelope, p: Payload) -> None:
    """Matching moved the units: the load view follows the fact, the saga completes."""
    assert isinstance(p, m.JobSplit)
    original = await uow.facts.job(p.job_id, lock=True)
    if original is None:
        raise LookupError(f"JobSplit of unknown job {p.job_id}")
    transfer = await uow.transfers.get(p.transfer_id, lock=True)
    new_job = await _new_job(uow, p, original, transfer)
    if not await uow.facts.add_job(new_job, p.order_id, split_from=p.job_id):
        return  # the same split told twice
    await uow.facts.shrink_job(p.job_id, p.units)
    await uow.requests.add(f"job {p.job_id} split")
    if transfer is None or transfer.state is not TransferState.SPLIT_REQUESTED:
        state = transfer.state if transfer else None
        log.warning("split applied outside the saga", transfer=str(p.transfer_id), state=state)
        return
    await saga.complete(uow, transfer, p.new_job_id)


async def on_split_refused(uow: BalancerUnitOfWork, env: Envelope, p: Payload) -> None:
    """Matching would not split (v1, or v2 with the order): the saga compensates."""
    assert isinstance(p, m.JobSplitRefused)
    transfer = await uow.transfers.get(p.transfer_id, lock=True)
    if transfer is None:
        raise LookupError(f"JobSplitRefused for unknown transfer {p.transfer_id}")
    if transfer.state is not TransferState.SPLIT_REQUESTED:
        log.info("refusal ignored", transfer=str(p.transfer_id), state=transfer.state)
        return  # already failed, completed or compensated: nothing left to undo
    try:
        await saga.refused(uow, transfer, p.reason or "refused by matching")
    except IllegalTransition as exc:
        raise MalformedEvent(str(exc)) from exc


async def _new_job(
    uow: BalancerUnitOfWork, p: m.JobSplit, original: Job, transfer: Transfer | None
) -> Job:
    """The receiver's part: made from the planned first day, back home by the deadline."""
    deadline = original.deadline
    here = await uow.facts.county_of(p.from_provider_id)
    there = await uow.facts.county_of(p.to_provider_id)
    if here and there:
        deadline -= timedelta(days=transit_days(here, there))
    start = transfer.plan.schedule[0][0] if transfer and transfer.plan.schedule else original.start
    start = min(start, deadline)
    return Job(p.new_job_id, p.to_provider_id, original.category, p.units, 0, deadline, start)


async def _addressed_to(
    uow: BalancerUnitOfWork, who: Principal, transfer_id: uuid.UUID
) -> Transfer:
    transfer = await uow.transfers.get(transfer_id, lock=True)
    parties = {transfer.plan.from_provider, transfer.plan.to_provider} if transfer else set()
    if transfer is None or (who.org_id not in parties and not who.is_admin):
        raise NotFound("transfer not found")
    if transfer.plan.to_provider != who.org_id:
        raise Forbidden("only the receiving provider answers a transfer")
    return transfer
