"""Jobs in PostgreSQL as ``Job`` aggregates (with their order's terms and deliveries),
the capacity they book, and the answers given to transfers."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.adapters import ledger
from services.matching.adapters.calendars import CalendarRepository
from services.matching.adapters.providers import ProviderRepository
from services.matching.adapters.tables import job_deliveries, jobs, orders, providers, transfers
from services.matching.domain import CategoryCode, Provider
from services.matching.domain.job import ACTIVE, Delivery, Job, JobStatus, JobTerms, SplitOutcome
from shared.region.markets import Market

Schedule = dict[date, int]
_TERMS = (
    orders.c.materials_ready,
    orders.c.defect_tolerance_pct,
    orders.c.origin_market,
    orders.c.description,
)


class JobRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, job_id: uuid.UUID) -> Job | None:
        found = await self._load(sa.select(jobs, *_TERMS).where(jobs.c.id == job_id))
        return found[0] if found else None

    async def get_for_update(self, job_id: uuid.UUID) -> Job | None:
        query = sa.select(jobs, *_TERMS).where(jobs.c.id == job_id).with_for_update(of=jobs)
        found = await self._load(query)
        return found[0] if found else None

    async def active_of_order(self, order_id: uuid.UUID) -> list[Job]:
        query = (
            sa.select(jobs, *_TERMS)
            .where(jobs.c.order_id == order_id, jobs.c.status.in_([s.value for s in ACTIVE]))
            .order_by(jobs.c.id)
            .with_for_update(of=jobs)
        )
        return await self._load(query)

    async def listed(
        self,
        provider_id: uuid.UUID | None,
        status: JobStatus | None,
        order_id: uuid.UUID | None,
        limit: int,
    ) -> list[Job]:
        query = sa.select(jobs, *_TERMS).order_by(jobs.c.created_at.desc()).limit(limit)
        if provider_id is not None:
            query = query.where(jobs.c.provider_id == provider_id)
        if status is not None:
            query = query.where(jobs.c.status == status.value)
        if order_id is not None:
            query = query.where(jobs.c.order_id == order_id)
        return await self._load(query)

    async def terms_of(self, order_id: uuid.UUID) -> tuple[date, JobTerms]:
        """The order's current deadline and the terms its jobs follow."""
        row = (
            await self._s.execute(
                sa.select(orders.c.deadline, *_TERMS).where(orders.c.id == order_id)
            )
        ).one()
        return row.deadline, _terms(row)

    async def add(self, job: Job) -> None:
        await self._s.execute(
            sa.insert(jobs).values(
                id=job.id,
                offer_id=job.offer_id,
                order_id=job.order_id,
                provider_id=job.provider_id,
                category=job.category,
                **_changing(job),
            )
        )
        await self._store_deliveries(job)

    async def save(self, job: Job) -> None:
        await self._s.execute(sa.update(jobs).where(jobs.c.id == job.id).values(**_changing(job)))
        await self._store_deliveries(job)

    async def _store_deliveries(self, job: Job) -> None:
        if job.new_deliveries:
            await self._s.execute(
                sa.insert(job_deliveries),
                [
                    dict(
                        id=d.id,
                        job_id=job.id,
                        good_units=d.good_units,
                        defective_units=d.defective_units,
                        delivered_on=d.delivered_on,
                        late=d.late,
                        over_tolerance=d.over_tolerance,
                    )
                    for d in job.new_deliveries
                ],
            )
            job.new_deliveries.clear()

    async def count_delivered(self, provider_id: uuid.UUID, late: bool) -> None:
        """The provider's on-time record gains a delivered job."""
        await self._s.execute(
            sa.update(providers)
            .where(providers.c.id == provider_id)
            .values(
                delivered_jobs=providers.c.delivered_jobs + 1,
                late_jobs=providers.c.late_jobs + (1 if late else 0),
            )
        )

    async def release(self, job: Job, schedule: Schedule) -> None:
        """Booked days and units of the job's provider become free again."""
        await ledger.release_booked(self._s, job.provider_id, job.category, schedule)

    async def provider(self, provider_id: uuid.UUID) -> Provider | None:
        return await ProviderRepository(self._s).get(provider_id)

    # Categories stay plain catalogue codes: a job may be of a code intake defined after
    # the six the system starts with (the closed ``Category`` enum would refuse it).

    async def free_days(
        self, provider: Provider, category: CategoryCode, first: date, last: date
    ) -> Schedule:
        cal = await CalendarRepository(self._s).for_provider(provider, category, first, last)
        return dict(cal.free_by_day(first, last))

    async def book(self, provider: Provider, category: CategoryCode, schedule: Schedule) -> None:
        """Book exactly these days on the provider; raises ``ledger.NotEnoughCapacity``
        (nothing booked) when any of them is not free."""
        first, last = min(schedule), max(schedule)
        cal = await CalendarRepository(self._s).for_provider(provider, category, first, last)
        await ledger.ensure_days(self._s, cal, list(schedule))
        await ledger.book_directly(self._s, provider.id, category, schedule)

    async def answered(self, transfer_id: uuid.UUID) -> bool:
        outcome = await self._s.scalar(
            sa.select(transfers.c.outcome).where(transfers.c.transfer_id == transfer_id)
        )
        return outcome is not None

    async def record_answer(
        self,
        transfer_id: uuid.UUID,
        job_id: uuid.UUID,
        outcome: SplitOutcome,
        new_job_id: uuid.UUID | None = None,
    ) -> None:
        await self._s.execute(
            sa.insert(transfers).values(
                transfer_id=transfer_id, job_id=job_id, outcome=outcome.value, new_job_id=new_job_id
            )
        )

    async def _load(self, query: sa.Select) -> list[Job]:
        rows = (await self._s.execute(query.join(orders, orders.c.id == jobs.c.order_id))).all()
        shipped: dict[uuid.UUID, list[Delivery]] = defaultdict(list)
        if rows:
            for d in await self._s.execute(
                sa.select(job_deliveries)
                .where(job_deliveries.c.job_id.in_([r.id for r in rows]))
                .order_by(job_deliveries.c.created_at, job_deliveries.c.id)
            ):
                shipped[d.job_id].append(
                    Delivery(
                        d.id,
                        d.good_units,
                        d.defective_units,
                        d.delivered_on,
                        d.late,
                        d.over_tolerance,
                    )
                )
        return [_job(r, shipped[r.id]) for r in rows]


def _terms(r: sa.Row) -> JobTerms:
    return JobTerms(
        r.materials_ready, Market(r.origin_market), r.defect_tolerance_pct, r.description
    )


def _job(r: sa.Row, deliveries: list[Delivery]) -> Job:
    return Job(
        id=r.id,
        order_id=r.order_id,
        provider_id=r.provider_id,
        category=r.category,
        units=r.units,
        schedule=ledger.schedule_from_json(r.schedule),
        deadline=r.deadline,
        terms=_terms(r),
        offer_id=r.offer_id,
        status=JobStatus(r.status),
        units_done=r.units_done,
        deliveries=deliveries,
        cancel_reason=r.cancel_reason,
        units_kept=r.units_kept,
    )


def _changing(job: Job) -> dict[str, object]:
    """The columns a job's methods may change (sums of deliveries kept for the listings;
    the deadline follows the order's amendments)."""
    return dict(
        units=job.units,
        deadline=job.deadline,
        schedule=ledger.schedule_to_json(job.schedule),
        status=job.status.value,
        units_done=job.units_done,
        good_units=job.good_units,
        defective_units=job.defective_units,
        delivered_on=job.delivered_on,
        late=job.late,
        over_tolerance=job.over_tolerance,
        cancel_reason=job.cancel_reason,
        units_kept=job.units_kept,
    )
