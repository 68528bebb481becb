"""Jobs after acceptance: progress, delivery, and splits asked for by the balancer."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from services.matching.adapters import calendars, ledger
from services.matching.adapters.tables import jobs, providers, transfers
from services.matching.domain import Category
from services.matching.offers import publish, today
from shared.contracts import matching as m
from shared.contracts.balancer import TransferAccepted
from shared.db.unit_of_work import UnitOfWork
from shared.service.errors import DomainError, InvalidInput, NotFound

Row = sa.Row


async def report_progress(
    uow: UnitOfWork, job_id: uuid.UUID, provider_id: uuid.UUID | None, done: int
) -> None:
    job = await _job(uow, job_id, provider_id)
    if job.status not in ("accepted", "in_production"):
        raise DomainError(f"the job is {job.status}")
    if not job.units_done <= done <= job.units:
        raise InvalidInput(
            f"units done must be between {job.units_done} and {job.units}", field="units_done"
        )
    await uow.session.execute(
        sa.update(jobs).where(jobs.c.id == job_id).values(units_done=done, status="in_production")
    )
    publish(
        uow,
        job.order_id,
        m.JobProgressReported(
            job_id=job_id,
            order_id=job.order_id,
            provider_id=job.provider_id,
            units_done=done,
            units_total=job.units,
            reported_on=today(),
        ),
    )


async def deliver(
    uow: UnitOfWork, job_id: uuid.UUID, provider_id: uuid.UUID | None, good: int, defective: int
) -> None:
    job = await _job(uow, job_id, provider_id)
    if job.status not in ("accepted", "in_production"):
        raise DomainError(f"the job is {job.status}")
    if good + defective != job.units:
        raise InvalidInput(
            f"good + defective must equal the job's {job.units} units", field="good_units"
        )
    delivered_on = today()
    late = delivered_on > job.deadline
    await uow.session.execute(
        sa.update(jobs)
        .where(jobs.c.id == job_id)
        .values(
            status="delivered",
            units_done=job.units,
            good_units=good,
            defective_units=defective,
            delivered_on=delivered_on,
            late=late,
        )
    )
    await _free_days_after(uow, job, delivered_on)
    await uow.session.execute(
        sa.update(providers)
        .where(providers.c.id == job.provider_id)
        .values(
            delivered_jobs=providers.c.delivered_jobs + 1,
            late_jobs=providers.c.late_jobs + (1 if late else 0),
        )
    )
    publish(
        uow,
        job.order_id,
        m.JobDelivered(
            job_id=job_id,
            order_id=job.order_id,
            provider_id=job.provider_id,
            good_units=good,
            defective_units=defective,
            delivered_on=delivered_on,
            late=late,
        ),
    )


async def split_for_transfer(uow: UnitOfWork, t: TransferAccepted) -> None:
    """Move units to the lender, or refuse with the reason; each transfer is answered once."""
    done = await uow.session.scalar(
        sa.select(transfers.c.outcome).where(transfers.c.transfer_id == t.transfer_id)
    )
    if done is not None:
        return
    job = (
        await uow.session.execute(sa.select(jobs).where(jobs.c.id == t.job_id).with_for_update())
    ).one_or_none()
    refusal = await _refusal(uow, job, t)
    if refusal is not None:
        await _answer(uow, t, "refused", None)
        publish(
            uow,
            job.order_id if job else t.order_id,
            m.JobSplitRefusedV2(
                transfer_id=t.transfer_id,
                job_id=t.job_id,
                order_id=job.order_id if job else t.order_id,
                reason=refusal,
            ),
        )
        return
    assert job is not None
    new_job_id = uuid.uuid4()
    try:
        async with uow.session.begin_nested():
            await _move_units(uow, job, t, new_job_id)
    except ledger.NotEnoughCapacity as exc:
        await _answer(uow, t, "refused", None)
        publish(
            uow,
            job.order_id,
            m.JobSplitRefusedV2(
                transfer_id=t.transfer_id,
                job_id=t.job_id,
                order_id=job.order_id,
                reason=str(exc),
            ),
        )
        return
    await _answer(uow, t, "split", new_job_id)
    publish(
        uow,
        job.order_id,
        m.JobSplit(
            transfer_id=t.transfer_id,
            job_id=job.id,
            new_job_id=new_job_id,
            order_id=job.order_id,
            from_provider_id=job.provider_id,
            to_provider_id=t.to_provider_id,
            units=t.units,
        ),
    )


async def _refusal(uow: UnitOfWork, job: Row | None, t: TransferAccepted) -> str | None:
    if job is None:
        return "no such job"
    if job.status not in ("accepted", "in_production"):
        return f"the job is {job.status}"
    if job.units - job.units_done < t.units:
        return f"only {job.units - job.units_done} units are left to make"
    lender = await calendars.provider_by_id(uow.session, t.to_provider_id)
    if lender is None or not lender.makes(Category(job.category)):
        return "the lender does not make this category"
    return None


async def _move_units(
    uow: UnitOfWork, job: Row, t: TransferAccepted, new_job_id: uuid.UUID
) -> None:
    schedule = ledger.schedule_from_json(job.schedule)
    given_back = _take_from_end(schedule, t.units)
    await ledger.release_booked(uow.session, job.provider_id, job.category, given_back)
    lender_days = await _lender_schedule(uow, t.to_provider_id, job, t.units)
    await ledger.book_directly(uow.session, t.to_provider_id, job.category, lender_days)
    await uow.session.execute(
        sa.update(jobs)
        .where(jobs.c.id == job.id)
        .values(
            units=job.units - t.units,
            schedule=ledger.schedule_to_json(schedule),
        )
    )
    await uow.session.execute(
        sa.insert(jobs).values(
            id=new_job_id,
            order_id=job.order_id,
            provider_id=t.to_provider_id,
            category=job.category,
            units=t.units,
            schedule=ledger.schedule_to_json(lender_days),
            deadline=job.deadline,
            status="accepted",
        )
    )


async def _lender_schedule(
    uow: UnitOfWork, lender_id: uuid.UUID, job: Row, units: int
) -> dict[date, int]:
    """Earliest free lender days before the deadline; raises when they do not add up."""
    lender = await calendars.provider_by_id(uow.session, lender_id)
    owner = await calendars.provider_by_id(uow.session, job.provider_id)
    assert lender is not None and owner is not None
    # Materials travel from the owning workshop to the lender: a day between counties.
    first = today() + timedelta(days=0 if lender.county == owner.county else 1)
    cal = (
        await calendars.calendars_for(
            uow.session, [lender], Category(job.category), first, job.deadline
        )
    )[(lender.id, Category(job.category))]
    plan: dict[date, int] = {}
    for day, free in cal.free_by_day(first, job.deadline).items():
        take = min(free, units - sum(plan.values()))
        if take > 0:
            plan[day] = take
    if sum(plan.values()) < units:
        raise ledger.NotEnoughCapacity("the lender's capacity is gone")
    await ledger.ensure_days(uow.session, cal, list(plan))
    return plan


def _take_from_end(schedule: dict[date, int], units: int) -> dict[date, int]:
    """Remove units from the job's last days (mutates ``schedule``); returns what was removed."""
    removed: dict[date, int] = {}
    for day in sorted(schedule, reverse=True):
        take = min(schedule[day], units - sum(removed.values()))
        if take > 0:
            removed[day] = take
            schedule[day] -= take
            if schedule[day] == 0:
                del schedule[day]
    return removed


async def _free_days_after(uow: UnitOfWork, job: Row, delivered_on: date) -> None:
    schedule = ledger.schedule_from_json(job.schedule)
    later = {d: u for d, u in schedule.items() if d > delivered_on}
    await ledger.release_booked(uow.session, job.provider_id, job.category, later)


async def _answer(
    uow: UnitOfWork, t: TransferAccepted, outcome: str, new_job_id: uuid.UUID | None
) -> None:
    await uow.session.execute(
        sa.insert(transfers).values(
            transfer_id=t.transfer_id,
            job_id=t.job_id,
            outcome=outcome,
            new_job_id=new_job_id,
        )
    )


async def _job(uow: UnitOfWork, job_id: uuid.UUID, provider_id: uuid.UUID | None) -> Row:
    job = (
        await uow.session.execute(sa.select(jobs).where(jobs.c.id == job_id).with_for_update())
    ).one_or_none()
    if job is None or (provider_id is not None and job.provider_id != provider_id):
        raise NotFound("job not found")
    return job
