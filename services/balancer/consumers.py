"""Matching's facts (and intake's order terms) as the balancer takes them in: one small
handler per event type.

Handlers run inside the inbox consumer's transaction and never commit. They
store the fact and, where it may change who is late, request a rebalance.
A fact that cannot be true is rejected (dead-lettered at once, not retried).
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import structlog

from services.balancer.adapters import projection_store as store
from services.balancer.adapters import transfers_repo
from services.balancer.adapters.requests import request_rebalance
from services.balancer.adapters.transfers_repo import TransferRecord
from services.balancer.domain import BalancerError, IllegalTransition, Job, parse_county
from services.balancer.domain.load.pace import behind_schedule
from services.balancer.domain.region import transit_days
from services.balancer.domain.transfers.transfer import TransferState
from services.balancer.handlers import saga
from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, MalformedEvent, Payload
from shared.inbox.consumer import Handler

log = structlog.get_logger()


async def on_provider_registered(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.ProviderRegistered)
    await store.register_provider(uow.session, p)
    await request_rebalance(uow.session, f"provider {p.provider_id} registered")


async def on_capacity_changed(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.CapacityChanged)
    await store.set_capacity(uow.session, p)
    await request_rebalance(uow.session, f"capacity of {p.provider_id} changed")


async def on_calendar_changed(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.CalendarChanged)
    if p.end < p.start or ((p.factor is None) == (p.units_per_day is None) and not p.removed):
        raise MalformedEvent("a calendar exception needs a date range and a factor or units")
    await store.put_exception(uow.session, p)
    await request_rebalance(uow.session, f"calendar of {p.provider_id} changed")


async def on_order_submitted(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    """Materials ready and market: a job may move before the day its provider scheduled it."""
    assert isinstance(p, o.OrderSubmitted)
    if await store.put_order_terms(uow.session, p):
        await request_rebalance(uow.session, f"terms of order {p.order_id}")


async def on_offer_accepted(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.OfferAccepted)
    _check_job(p)
    if await store.add_job(uow.session, p):
        await request_rebalance(uow.session, f"new job {p.job_id}")


async def on_progress(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.JobProgressReported)
    done = await store.record_progress(uow.session, p)
    row = await store.job_row(uow.session, p.job_id)
    if row is None or row.closed:
        return  # kept for the job when it arrives
    job = Job(
        str(row.id), str(row.provider_id), row.category, row.units, 0, row.deadline, row.start
    )
    if behind_schedule(job, p.reported_on, min(done, job.units)):
        await request_rebalance(uow.session, f"job {p.job_id} behind schedule")


async def on_delivered(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.JobDelivered)
    await store.mark_delivered(uow.session, p.job_id)
    await request_rebalance(uow.session, f"job {p.job_id} delivered")


async def on_job_split(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    """Matching moved the units: the load view follows the fact, the saga completes."""
    assert isinstance(p, m.JobSplit)
    original = await store.job_row(uow.session, p.job_id, lock=True)
    if original is None:
        raise LookupError(f"JobSplit of unknown job {p.job_id}")
    rec = await transfers_repo.get(uow.session, p.transfer_id, lock=True)
    new_job = await _new_job(uow, p, original, rec)
    if not await store.add_job(uow.session, new_job, split_from=p.job_id):
        return  # the same split told twice
    await store.shrink_job(uow.session, p.job_id, p.units)
    await request_rebalance(uow.session, f"job {p.job_id} split")
    if rec is None or rec.transfer.state is not TransferState.SPLIT_REQUESTED:
        state = rec.transfer.state if rec else None
        log.warning("split applied outside the saga", transfer=str(p.transfer_id), state=state)
        return
    await saga.complete(uow, rec, p.new_job_id)


async def on_split_refused(uow: UnitOfWork, env: Envelope, p: Payload) -> None:
    assert isinstance(p, m.JobSplitRefused)
    rec = await transfers_repo.get(uow.session, p.transfer_id, lock=True)
    if rec is None:
        raise LookupError(f"JobSplitRefused for unknown transfer {p.transfer_id}")
    if rec.transfer.state is not TransferState.SPLIT_REQUESTED:
        log.info("refusal ignored", transfer=str(p.transfer_id), state=rec.transfer.state)
        return  # already failed, completed or compensated: nothing left to undo
    try:
        await saga.refused(uow, rec, p.reason or "refused by matching")
    except IllegalTransition as exc:
        raise MalformedEvent(str(exc)) from exc


async def _new_job(
    uow: UnitOfWork, p: m.JobSplit, original: Any, rec: TransferRecord | None
) -> m.OfferAccepted:
    """The receiver's part: made from the planned first day, back home by the deadline."""
    deadline = original.deadline
    here = await store.county_of(uow.session, p.from_provider_id)
    there = await store.county_of(uow.session, p.to_provider_id)
    if here and there:
        deadline -= timedelta(days=transit_days(parse_county(here), parse_county(there)))
    start = rec.plan.schedule[0][0] if rec and rec.plan.schedule else original.start
    return m.OfferAccepted(
        offer_id=uuid.uuid4(),
        job_id=p.new_job_id,
        order_id=p.order_id,
        provider_id=p.to_provider_id,
        category=original.category,
        units=p.units,
        start=min(start, deadline),
        end=deadline,
        deadline=deadline,
    )


def _check_job(p: m.OfferAccepted) -> None:
    try:
        Job(str(p.job_id), str(p.provider_id), p.category, p.units, 0, p.deadline, p.start)
    except BalancerError as exc:
        raise MalformedEvent(f"OfferAccepted {p.job_id}: {exc}") from exc


HANDLERS: dict[str, Handler] = {
    "OrderSubmitted": on_order_submitted,
    "ProviderRegistered": on_provider_registered,
    "CapacityChanged": on_capacity_changed,
    "CalendarChanged": on_calendar_changed,
    "OfferAccepted": on_offer_accepted,
    "JobProgressReported": on_progress,
    "JobDelivered": on_delivered,
    "JobSplit": on_job_split,
    "JobSplitRefused": on_split_refused,
}
