"""Matching's facts (providers, capacity, calendar exceptions, jobs, progress) and intake's
order terms, as the balancer keeps them.

Every write is an upsert, so a fact applied twice (a re-emitted event) changes nothing
more, and progress or delivery read before the job itself is kept for it. Provider facts
are stored as matching told them (its contracts); jobs come and go as domain `Job`s.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters.tables import (
    calendar_exceptions,
    job_progress,
    jobs,
    order_terms,
    provider_capacity,
    providers,
)
from services.balancer.domain.load.jobs import Job, JobClosure, ProgressReport
from services.balancer.domain.region import parse_county
from shared.contracts import matching as m
from shared.contracts import orders as o
from shared.region import County


class FactRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def register_provider(self, p: m.ProviderRegistered) -> None:
        values = {
            "name": p.name,
            "county": p.county.value,
            "village": p.village,
            "mode": p.mode.value,
        }
        stmt = insert(providers).values(id=p.provider_id, **values)
        await self.s.execute(
            stmt.on_conflict_do_update(
                index_elements=["id"], set_={**values, "updated_at": sa.func.now()}
            )
        )
        cap = provider_capacity
        await self.s.execute(sa.delete(cap).where(cap.c.provider_id == p.provider_id))
        if p.categories:
            rows = [
                {"provider_id": p.provider_id, "category": c, "units_per_day": u}
                for c, u in p.categories.items()
            ]
            await self.s.execute(sa.insert(cap), rows)

    async def set_capacity(self, c: m.CapacityChanged) -> None:
        stmt = insert(provider_capacity).values(
            provider_id=c.provider_id, category=c.category, units_per_day=c.units_per_day
        )
        await self.s.execute(
            stmt.on_conflict_do_update(
                index_elements=["provider_id", "category"],
                set_={"units_per_day": c.units_per_day},
            )
        )

    async def put_exception(self, c: m.CalendarChanged) -> None:
        values = {
            "provider_id": c.provider_id,
            "category": c.category,
            "start": c.start,
            "end": c.end,
            "factor": None if c.factor is None else str(c.factor),
            "units_per_day": c.units_per_day,
            "removed": c.removed,
        }
        stmt = insert(calendar_exceptions).values(id=c.exception_id, **values)
        await self.s.execute(
            stmt.on_conflict_do_update(
                index_elements=["id"], set_={**values, "updated_at": sa.func.clock_timestamp()}
            )
        )

    async def county_of(self, provider_id: UUID) -> County | None:
        county = await self.s.scalar(
            sa.select(providers.c.county).where(providers.c.id == provider_id)
        )
        return None if county is None else parse_county(county)

    async def put_order_terms(self, p: o.OrderSubmitted) -> bool:
        """Stores when the order's materials are ready; True when the order already has jobs."""
        values = {"materials_ready": p.materials_ready, "origin_market": p.origin_market.value}
        stmt = insert(order_terms).values(order_id=p.order_id, **values)
        await self.s.execute(stmt.on_conflict_do_update(index_elements=["order_id"], set_=values))
        known = sa.select(jobs.c.id).where(jobs.c.order_id == p.order_id, jobs.c.closed.is_(None))
        return bool(await self.s.scalar(sa.select(known.exists())))

    async def add_job(self, job: Job, order_id: UUID, split_from: UUID | None = None) -> bool:
        """False when the job is already known."""
        stmt = insert(jobs).values(
            id=job.job_id,
            order_id=order_id,
            provider_id=job.provider_id,
            category=job.category,
            units=job.units,
            start=job.start,
            deadline=job.deadline,
            split_from=split_from,
        )
        return bool(await self.s.scalar(stmt.on_conflict_do_nothing().returning(sa.literal(True))))

    async def job(self, job_id: UUID, *, lock: bool = False, open_only: bool = False) -> Job | None:
        """The job as placed (progress left out); `open_only` skips delivered or split-away ones."""
        query = sa.select(jobs).where(jobs.c.id == job_id)
        row = (await self.s.execute(query.with_for_update() if lock else query)).one_or_none()
        if row is None or (open_only and row.closed is not None):
            return None
        return _job(row)

    async def record_progress(self, p: ProgressReport) -> int:
        """Stores the furthest progress reported (or delivered in part); returns it."""
        stmt = insert(job_progress).values(
            job_id=p.job_id, units_done=p.units_done, reported_on=p.reported_on
        )
        done = await self.s.scalar(
            stmt.on_conflict_do_update(
                index_elements=["job_id"],
                set_={
                    "units_done": sa.func.greatest(job_progress.c.units_done, p.units_done),
                    "reported_on": sa.func.greatest(job_progress.c.reported_on, p.reported_on),
                },
            ).returning(job_progress.c.units_done)
        )
        return int(done or 0)

    async def mark_delivered(self, job_id: UUID) -> None:
        stmt = insert(job_progress).values(job_id=job_id, units_done=0, delivered=True)
        await self.s.execute(
            stmt.on_conflict_do_update(index_elements=["job_id"], set_={"delivered": True})
        )
        closed = JobClosure.DELIVERED.value
        await self.s.execute(sa.update(jobs).where(jobs.c.id == job_id).values(closed=closed))

    async def cancel_job(self, job_id: UUID) -> bool:
        """The job's order was cancelled: it stops loading its provider. False when the job
        is unknown or already closed (delivered, split away, cancelled before)."""
        query = (
            sa.update(jobs)
            .where(jobs.c.id == job_id, jobs.c.closed.is_(None))
            .values(closed=JobClosure.CANCELLED.value)
        )
        return bool(await self.s.scalar(query.returning(sa.literal(True))))

    async def shrink_job(self, job_id: UUID, units: int) -> None:
        """Units split away; a job with none left stops loading its provider."""
        await self.s.execute(
            sa.update(jobs)
            .where(jobs.c.id == job_id)
            .values(
                units=sa.func.greatest(jobs.c.units - units, 1),
                closed=sa.case(
                    (jobs.c.units <= units, JobClosure.SPLIT_AWAY.value), else_=jobs.c.closed
                ),
            )
        )

    async def set_notified(self, job_id: UUID, late_units: int) -> None:
        """The late units last announced for the job (JobAtRisk)."""
        query = sa.update(jobs).where(jobs.c.id == job_id)
        await self.s.execute(query.values(notified_late_units=late_units))


def _job(r: Any) -> Job:
    return Job(r.id, r.provider_id, r.category, r.units, 0, r.deadline, r.start)
