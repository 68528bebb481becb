"""Jobs after acceptance: progress and deliveries from the broker, cancellation with
the order."""

from __future__ import annotations

import uuid
from datetime import date

from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain.job import Job, JobStatus
from services.matching.handlers import publish_recorded, refusals
from services.matching.handlers.audit import record_placement_write
from services.matching.handlers.offers import withdraw_open
from shared.identity import Principal
from shared.region import clock
from shared.service.errors import NotFound

# Why a job of a cancelled order ended: in JobCancelled and in the 409s that follow.
ORDER_CANCELLED = "the order was cancelled"


async def report_progress(
    uow: MatchingUnitOfWork,
    job_id: uuid.UUID,
    provider_id: uuid.UUID | None,
    done: int,
    who: Principal | None = None,
) -> Job:
    async with uow:
        job = await _job(uow, job_id, provider_id)
        with refusals():
            job.progress(done, clock.today())
        await uow.jobs.save(job)
        await record_placement_write(
            uow, who, job.provider_id, job.order_id, "job.progress", "job", job.id
        )
        publish_recorded(uow, job)
        await uow.commit()
    return job


async def deliver(
    uow: MatchingUnitOfWork,
    job_id: uuid.UUID,
    provider_id: uuid.UUID | None,
    good: int,
    defective: int,
    on: date | None = None,
    who: Principal | None = None,
) -> Job:
    """One shipment (dated today unless told); the last one frees the job's later days
    and counts in the provider's on-time record."""
    today = clock.today()
    async with uow:
        job = await _job(uow, job_id, provider_id)
        with refusals():
            delivery = job.deliver(good, defective, on or today, today)
        if job.status is JobStatus.DELIVERED:
            later = {d: u for d, u in job.schedule.items() if d > delivery.delivered_on}
            await uow.jobs.release(job, later)
            await uow.jobs.count_delivered(job.provider_id, late=bool(job.late))
        await uow.jobs.save(job)
        await record_placement_write(
            uow, who, job.provider_id, job.order_id, "job.deliver", "job", job.id
        )
        publish_recorded(uow, job)
        await uow.commit()
    return job


async def cancel_order_work(uow: MatchingUnitOfWork, order_id: uuid.UUID, reason: str) -> None:
    """The order was cancelled (inside the consumer's unit of work): open offers are
    withdrawn; each live job keeps what is made as owed work and releases the rest."""
    await withdraw_open(uow, order_id, reason)
    for job in await uow.jobs.active_of_order(order_id):
        released = job.cancel(ORDER_CANCELLED)
        await uow.jobs.release(job, released)
        await uow.jobs.save(job)
        publish_recorded(uow, job)


async def follow_amended_deadline(
    uow: MatchingUnitOfWork, order_id: uuid.UUID, deadline: date
) -> None:
    """The order's newest terms carry ``deadline`` (inside the consumer's unit of work):
    its live jobs follow it, so deliveries are judged late against what the client asks."""
    for job in await uow.jobs.active_of_order(order_id):
        if job.follow_deadline(deadline):
            await uow.jobs.save(job)


async def _job(uow: MatchingUnitOfWork, job_id: uuid.UUID, provider_id: uuid.UUID | None) -> Job:
    job = await uow.jobs.get_for_update(job_id)
    if job is None or (provider_id is not None and job.provider_id != provider_id):
        raise NotFound("job not found")
    return job


async def visible_job(
    uow: MatchingUnitOfWork, job_id: uuid.UUID, provider_id: uuid.UUID | None
) -> Job:
    """One job for reading; another provider's does not exist for the caller."""
    async with uow:
        await uow.read_one_snapshot()  # its status agrees with its deliveries
        job = await uow.jobs.get(job_id)
    if job is None or (provider_id is not None and job.provider_id != provider_id):
        raise NotFound("job not found")
    return job
