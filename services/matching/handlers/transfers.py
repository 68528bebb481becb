"""The balancer's accepted transfer: split the job onto the lender, or refuse with the
reason (the saga compensates). Each transfer is answered once, however often it comes."""

from __future__ import annotations

from datetime import date, timedelta

from services.matching.adapters import ledger
from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain import Provider
from services.matching.domain.job import Job, SplitOutcome, earliest_days, reserved_days_refusal
from services.matching.domain.order import planning_horizon
from services.matching.handlers import publish_recorded
from shared.contracts import matching as m
from shared.contracts.balancer import TransferAccepted, TransferAcceptedV2
from shared.region import clock

Schedule = dict[date, int]


async def split_for_transfer(uow: MatchingUnitOfWork, t: TransferAccepted) -> None:
    if await uow.jobs.answered(t.transfer_id):
        return
    job = await uow.jobs.get_for_update(t.job_id)
    if job is None:
        return await _refuse(uow, t, "no such job")
    lender = await uow.jobs.provider(t.to_provider_id)
    refusal = job.split_refusal(t.units, lender is not None and _makes(lender, job.category))
    if refusal is not None:
        return await _refuse(uow, t, refusal)
    assert lender is not None
    days, refusal = await _lender_days(uow, job, lender, t)
    if refusal is not None:
        return await _refuse(uow, t, refusal)
    try:
        async with uow.savepoint():
            await uow.jobs.book(lender, job.category, days)
    except ledger.NotEnoughCapacity as exc:
        return await _refuse(uow, t, f"the lender's days cannot be booked: {exc}")
    moved, given_back = job.split(t.transfer_id, lender.id, days)
    await uow.jobs.release(job, given_back)
    await uow.jobs.save(job)
    await uow.jobs.add(moved)
    await uow.jobs.record_answer(t.transfer_id, t.job_id, SplitOutcome.SPLIT, moved.id)
    publish_recorded(uow, job)


async def _lender_days(
    uow: MatchingUnitOfWork, job: Job, lender: Provider, t: TransferAccepted
) -> tuple[Schedule, str | None]:
    """v2: exactly the days the lender reserved, if the materials can be there by then.
    v1: the lender's earliest free days from when the materials can reach it."""
    today = clock.today()
    not_before = job.terms.first_day_at(lender.county, today)
    if isinstance(t, TransferAcceptedV2):
        return t.days, reserved_days_refusal(t.days, t.units, not_before)
    owner = await uow.jobs.provider(job.provider_id)
    # v1 moves materials from the owning workshop: a day on the road between counties.
    if owner is not None and owner.county != lender.county:
        not_before = max(not_before, today + timedelta(days=1))
    if not_before > job.deadline:
        return {}, f"the materials cannot reach the lender before the deadline {job.deadline}"
    # never years of days for a far deadline (old orders, replays): plan within the horizon
    last = min(job.deadline, planning_horizon(today))
    free = await uow.jobs.free_days(lender, job.category, not_before, last)
    plan = earliest_days(free, t.units)
    if plan is None:
        return {}, "the lender's capacity is gone"
    return plan, None


def _makes(provider: Provider, category: str) -> bool:
    # by code: the catalogue may hold codes the closed Category enum does not
    return any(code == category and units > 0 for code, units in provider.categories.items())


async def _refuse(uow: MatchingUnitOfWork, t: TransferAccepted, reason: str) -> None:
    await uow.jobs.record_answer(t.transfer_id, t.job_id, SplitOutcome.REFUSED)
    uow.publish(
        m.JobSplitRefusedV2(
            transfer_id=t.transfer_id, job_id=t.job_id, order_id=t.order_id, reason=reason
        )
    )
