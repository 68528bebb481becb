"""Writes of matching's facts: providers, capacity, calendar exceptions, jobs and progress.

Every write is an upsert, so a fact applied twice (a re-emitted event) changes nothing
more, and progress or delivery read before the job itself is kept for it.
"""

from __future__ import annotations

import uuid
from typing import Any

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
from shared.contracts import matching as m
from shared.contracts import orders as o


async def register_provider(s: AsyncSession, p: m.ProviderRegistered) -> None:
    values = {"name": p.name, "county": p.county.value, "village": p.village, "mode": p.mode.value}
    stmt = insert(providers).values(id=p.provider_id, **values)
    await s.execute(
        stmt.on_conflict_do_update(
            index_elements=["id"], set_={**values, "updated_at": sa.func.now()}
        )
    )
    await s.execute(
        sa.delete(provider_capacity).where(provider_capacity.c.provider_id == p.provider_id)
    )
    if p.categories:
        rows = [
            {"provider_id": p.provider_id, "category": c, "units_per_day": u}
            for c, u in p.categories.items()
        ]
        await s.execute(sa.insert(provider_capacity), rows)


async def set_capacity(s: AsyncSession, c: m.CapacityChanged) -> None:
    stmt = insert(provider_capacity).values(
        provider_id=c.provider_id, category=c.category, units_per_day=c.units_per_day
    )
    await s.execute(
        stmt.on_conflict_do_update(
            index_elements=["provider_id", "category"], set_={"units_per_day": c.units_per_day}
        )
    )


async def put_exception(s: AsyncSession, c: m.CalendarChanged) -> None:
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
    await s.execute(
        stmt.on_conflict_do_update(
            index_elements=["id"], set_={**values, "updated_at": sa.func.clock_timestamp()}
        )
    )


async def add_job(s: AsyncSession, a: m.OfferAccepted, split_from: uuid.UUID | None = None) -> bool:
    """False when the job is already known."""
    stmt = insert(jobs).values(
        id=a.job_id,
        order_id=a.order_id,
        provider_id=a.provider_id,
        category=a.category,
        units=a.units,
        start=a.start,
        deadline=a.deadline,
        split_from=split_from,
    )
    return bool(await s.scalar(stmt.on_conflict_do_nothing().returning(sa.literal(True))))


async def put_order_terms(s: AsyncSession, p: o.OrderSubmitted) -> bool:
    """Stores when the order's materials are ready; True when the order already has jobs."""
    values = {"materials_ready": p.materials_ready, "origin_market": p.origin_market.value}
    stmt = insert(order_terms).values(order_id=p.order_id, **values)
    await s.execute(stmt.on_conflict_do_update(index_elements=["order_id"], set_=values))
    known = sa.select(jobs.c.id).where(jobs.c.order_id == p.order_id, jobs.c.closed.is_(None))
    return bool(await s.scalar(sa.select(known.exists())))


async def record_progress(s: AsyncSession, p: m.JobProgressReported) -> int:
    """Stores the furthest progress reported; returns it."""
    stmt = insert(job_progress).values(
        job_id=p.job_id, units_done=p.units_done, reported_on=p.reported_on
    )
    done = await s.scalar(
        stmt.on_conflict_do_update(
            index_elements=["job_id"],
            set_={
                "units_done": sa.func.greatest(job_progress.c.units_done, p.units_done),
                "reported_on": sa.func.greatest(job_progress.c.reported_on, p.reported_on),
            },
        ).returning(job_progress.c.units_done)
    )
    return int(done or 0)


async def mark_delivered(s: AsyncSession, job_id: uuid.UUID) -> None:
    stmt = insert(job_progress).values(job_id=job_id, units_done=0, delivered=True)
    await s.execute(stmt.on_conflict_do_update(index_elements=["job_id"], set_={"delivered": True}))
    await s.execute(sa.update(jobs).where(jobs.c.id == job_id).values(closed="delivered"))


async def job_row(s: AsyncSession, job_id: uuid.UUID, *, lock: bool = False) -> sa.Row[Any] | None:
    query = sa.select(jobs).where(jobs.c.id == job_id)
    return (await s.execute(query.with_for_update() if lock else query)).one_or_none()


async def shrink_job(s: AsyncSession, job_id: uuid.UUID, units: int) -> None:
    """Units split away; a job with none left stops loading its provider."""
    await s.execute(
        sa.update(jobs)
        .where(jobs.c.id == job_id)
        .values(
            units=sa.func.greatest(jobs.c.units - units, 1),
            closed=sa.case((jobs.c.units <= units, "split_away"), else_=jobs.c.closed),
        )
    )


async def county_of(s: AsyncSession, provider_id: uuid.UUID) -> str | None:
    return await s.scalar(sa.select(providers.c.county).where(providers.c.id == provider_id))
