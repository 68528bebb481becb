"""Build the domain's LoadView from the stored facts, fresh for every run (correctness first).

Jobs carry the day their order's materials reached them (intake's OrderSubmitted),
so their units may move to a lender before the day the provider scheduled them.
Transfers in flight count as done moves: their units leave the sending job (so
the planner does not move them twice), and those to opted-in receivers (no loan
behind them) enter the view as stand-in jobs at the receiver, so its spare is
not offered twice. A declined or expired transfer puts the units back.

Facts keep committing while a run reads, and each statement sees its own moment.
A job and the transfers leaving it are read in one statement: read apart, a split
landing in between showed the moved units at home and no longer in flight, and the
planner moved them again. Stand-ins are read before the jobs, so a split landing in
between counts the receiver's units twice (cautious) rather than not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from uuid import UUID

import sqlalchemy as sa
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters import tables as t
from services.balancer.domain.capacity.calendar import CapacityCalendar
from services.balancer.domain.capacity.facts import (
    ExceptionFact,
    FactorFact,
    apply_exceptions,
    to_season,
)
from services.balancer.domain.capacity.providers import Provider
from services.balancer.domain.days import window
from services.balancer.domain.errors import BalancerError
from services.balancer.domain.load.jobs import Job
from services.balancer.domain.load.materials import materials_at_home
from services.balancer.domain.load.view import LoadView, stand_in
from shared.region import clock

log = structlog.get_logger()


@dataclass
class LoadedView:
    view: LoadView
    orders: dict[UUID, UUID] = field(default_factory=dict)  # job id -> order id
    notified: dict[UUID, int] = field(default_factory=dict)  # job id -> late units announced
    stand_ins: frozenset[UUID] = frozenset()  # transfers in flight shown as receivers' jobs


class LoadRepository:
    """Reads the facts into the domain's LoadView and CapacityCalendar."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def view(self, *, in_flight: bool = True) -> LoadedView:
        """`in_flight=False` shows only what matching has told (the admins' load view)."""
        calendar = await self.calendar()
        loaded = LoadedView(LoadView(calendar))
        stand_ins = await _stand_ins(self.s, calendar) if in_flight else []
        await _jobs(self.s, loaded, in_flight)
        for job in stand_ins:
            loaded.view.put_job(job)
        loaded.stand_ins = frozenset(job.job_id for job in stand_ins)
        return loaded

    async def calendar(self, provider_id: UUID | None = None) -> CapacityCalendar:
        """Providers (all, or the one given), seasons and calendar exceptions."""
        calendar = CapacityCalendar()
        await _providers(self.s, calendar, provider_id)
        await _seasons(self.s, calendar)
        e = t.calendar_exceptions
        query = sa.select(e).where(~e.c.removed).order_by(e.c.updated_at)
        if provider_id is not None:
            query = query.where(e.c.provider_id == provider_id)
        facts = [_exception(r._mapping) for r in await self.s.execute(query)]
        for cut in apply_exceptions(calendar, facts, window(clock.today())):
            log.warning(
                "calendar exception cut to the window of days the balancer expands",
                provider_id=str(cut.provider_id),
                first_day=cut.start.isoformat(),
                last_day=cut.end.isoformat(),
            )
        return calendar

    async def lock_provider(self, provider_id: UUID) -> None:
        """Serialises checks of one lender's loans (one offer at a time)."""
        p = t.providers
        await self.s.execute(sa.select(p.c.id).where(p.c.id == provider_id).with_for_update())


async def _providers(s: AsyncSession, calendar: CapacityCalendar, provider_id: UUID | None) -> None:
    """Providers with their capacity in one statement, so a registration never shows half made."""
    p, c = t.providers, t.provider_capacity
    query = sa.select(p.c.id, p.c.county, p.c.village, c.c.category, c.c.units_per_day).outerjoin(
        c, c.c.provider_id == p.c.id
    )
    if provider_id is not None:
        query = query.where(p.c.id == provider_id)
    units: dict[UUID, dict[str, int]] = {}
    places: dict[UUID, tuple[str, str]] = {}
    for r in await s.execute(query):
        places[r.id] = (r.county, r.village)
        if r.category is not None:
            units.setdefault(r.id, {})[r.category] = r.units_per_day
    for pid, (county, village) in places.items():
        calendar.put_provider(Provider.of(pid, county, village, units.get(pid, {})))


async def _seasons(s: AsyncSession, calendar: CapacityCalendar) -> None:
    factors: dict[UUID, list[FactorFact]] = {}
    for r in await s.execute(sa.select(t.season_factors)):
        factors.setdefault(r.season_id, []).append(FactorFact(r.county, r.village_group, r.factor))
    for r in await s.execute(sa.select(t.seasons)):
        calendar.put_season(to_season(r.name, r.start, r.end, factors.get(r.id, [])))


def _exception(r: sa.RowMapping) -> ExceptionFact:
    return ExceptionFact(
        r["provider_id"], r["category"], r["start"], r["end"], r["factor"], r["units_per_day"]
    )


async def _jobs(s: AsyncSession, loaded: LoadedView, in_flight: bool) -> None:
    p, terms = t.job_progress, t.order_terms
    query = (
        sa.select(
            t.jobs, p.c.units_done, p.c.delivered, terms.c.materials_ready, terms.c.origin_market
        )
        .outerjoin(p, p.c.job_id == t.jobs.c.id)
        .outerjoin(terms, (terms.c.order_id == t.jobs.c.order_id) & t.jobs.c.split_from.is_(None))
        .where(t.jobs.c.closed.is_(None), sa.func.coalesce(p.c.delivered, False).is_(False))
    )
    if in_flight:
        flight = _units_in_flight()
        query = query.add_columns(flight.c.units.label("leaving")).outerjoin(
            flight, flight.c.job_id == t.jobs.c.id
        )
    last = window(clock.today())[1]
    for r in await s.execute(query):
        job = _job(r._mapping, last)
        if job is not None and job.provider_id in loaded.view.calendar.providers:
            job = _with_materials(loaded.view.calendar, job, r._mapping)
            loaded.view.put_job(job)
            loaded.orders[job.job_id] = r.order_id
            loaded.notified[job.job_id] = r.notified_late_units
            loaded.view.move_out(job.job_id, r._mapping.get("leaving") or 0)


def _with_materials(calendar: CapacityCalendar, job: Job, r: sa.RowMapping) -> Job:
    """An original job (not a split part) learns when its order's materials reached it."""
    if r["materials_ready"] is None or r["materials_ready"] > job.deadline:
        return job  # unknown, or a stored date past the job's planned days (issue 17)
    county = calendar.provider(job.provider_id).county
    return replace(
        job, materials_home=materials_at_home(county, r["origin_market"], r["materials_ready"])
    )


def _units_in_flight() -> sa.Subquery:
    tr = t.transfers
    return (
        sa.select(tr.c.job_id, sa.func.sum(tr.c.units).label("units"))
        .where(tr.c.state.in_(t.OPEN_TRANSFER_STATES))
        .group_by(tr.c.job_id)
        .subquery()
    )


def _job(r: sa.RowMapping, last: date) -> Job | None:
    """The stored job as the load view plans it: due by ``last`` at the latest (issue 17:
    a 9999-12-31 deadline must not pin the view), left out when it cannot be read."""
    try:
        job = Job(
            r["id"], r["provider_id"], r["category"], r["units"], 0, r["deadline"], r["start"]
        )
    except BalancerError as exc:
        log.warning("job left out of the load view", job_id=str(r["id"]), error=str(exc))
        return None
    planned = job.within(last)
    if planned is not job:
        log.warning(
            "job planned only to the last day the balancer expands",
            job_id=str(job.job_id),
            deadline=job.deadline.isoformat(),
            planned=planned.deadline.isoformat() if planned else None,
        )
    return planned.with_progress(r["units_done"] or 0) if planned else None


async def _stand_ins(s: AsyncSession, calendar: CapacityCalendar) -> list[Job]:
    """Transfers in flight to opted-in receivers, as jobs at the receiver."""
    tr = t.transfers
    query = sa.select(tr).where(tr.c.state.in_(t.OPEN_TRANSFER_STATES), tr.c.loan_id.is_(None))
    stand_ins = []
    for r in await s.execute(query):
        if r.to_provider_id in calendar.providers:
            days = {date.fromisoformat(d): units for d, units in r.schedule}
            stand_ins.append(stand_in(r.id, r.to_provider_id, r.category, days))
    return stand_ins
