"""Read side: seasons, loans, opt-ins and transfers as each caller may see them, and load."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters import tables as t
from services.balancer.adapters.load import LoadRepository
from services.balancer.domain.load.counties import county_week_load
from services.balancer.domain.load.windows import weekly_load
from services.balancer.domain.transfers.transfer import TransferState
from services.balancer.schemas import (
    CountyWeekLoadPublic,
    LoanPublic,
    OptInPublic,
    ProviderWeekLoad,
    ReservationPublic,
    SeasonFactorIn,
    SeasonPublic,
    TransferPublic,
)
from shared.db.snapshot import read_one_snapshot
from shared.identity import Principal
from shared.service.errors import NotFound


async def seasons(s: AsyncSession) -> list[SeasonPublic]:
    await read_one_snapshot(s)  # a season defined mid-read is listed with its factors
    factors: dict[uuid.UUID, list[SeasonFactorIn]] = {}
    for f in await s.execute(sa.select(t.season_factors)):
        factor = SeasonFactorIn(
            county=f.county, village_group=f.village_group or None, factor=f.factor
        )
        factors.setdefault(f.season_id, []).append(factor)
    rows = await s.execute(sa.select(t.seasons).order_by(t.seasons.c.start, t.seasons.c.name))
    return [SeasonPublic(**r._mapping, factors=factors.get(r.id, [])) for r in rows]


async def loans(s: AsyncSession, who: Principal) -> list[LoanPublic]:
    query = sa.select(t.loans).order_by(t.loans.c.created_at, t.loans.c.id)
    if not who.is_admin:
        query = query.where(t.loans.c.provider_id == who.org_id)
    rows = (await s.execute(query)).all()
    held = await _reserved(s, [r.id for r in rows])
    return [LoanPublic(**r._mapping, reservations=held.get(r.id, [])) for r in rows]


async def _reserved(
    s: AsyncSession, ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[ReservationPublic]]:
    r = t.loan_reservations
    query = (
        sa.select(r.c.loan_id, r.c.transfer_id, sa.func.sum(r.c.units).label("units"))
        .where(r.c.loan_id.in_(ids))
        .group_by(r.c.loan_id, r.c.transfer_id)
    )
    out: dict[uuid.UUID, list[ReservationPublic]] = {}
    for row in await s.execute(query):
        out.setdefault(row.loan_id, []).append(
            ReservationPublic(transfer_id=row.transfer_id, units=row.units)
        )
    return out


async def opt_ins(s: AsyncSession, who: Principal) -> list[OptInPublic]:
    o = t.receiver_opt_ins
    query = sa.select(o).order_by(o.c.created_at, o.c.id)
    if not who.is_admin:
        query = query.where(o.c.provider_id == who.org_id)
    return [OptInPublic(**r._mapping) for r in await s.execute(query)]


async def transfers(
    s: AsyncSession, who: Principal, state: TransferState | None, limit: int
) -> list[TransferPublic]:
    x = t.transfers
    query = sa.select(x).order_by(x.c.created_at.desc(), x.c.id).limit(limit)
    if not who.is_admin:
        query = query.where(
            sa.or_(x.c.from_provider_id == who.org_id, x.c.to_provider_id == who.org_id)
        )
    if state:
        query = query.where(x.c.state == state.value)
    return [_transfer(r._mapping) for r in await s.execute(query)]


async def transfer(s: AsyncSession, who: Principal, transfer_id: uuid.UUID) -> TransferPublic:
    row = (
        await s.execute(sa.select(t.transfers).where(t.transfers.c.id == transfer_id))
    ).one_or_none()
    if row is None or not (
        who.is_admin or who.org_id in (row.from_provider_id, row.to_provider_id)
    ):
        raise NotFound("transfer not found")
    return _transfer(row._mapping)


def _transfer(r: sa.RowMapping) -> TransferPublic:
    schedule = [{"day": d, "units": u} for d, u in r["schedule"]]
    return TransferPublic.model_validate(
        {**r, "schedule": schedule, "transport_cost_fen": r["units"] * r["unit_cost_fen"]}
    )


async def provider_load(
    s: AsyncSession, first: date, last: date, provider_id: uuid.UUID | None
) -> list[ProviderWeekLoad]:
    await read_one_snapshot(s)  # planned work and capacity as of one moment
    view = (await LoadRepository(s).view(in_flight=False)).view
    return [
        ProviderWeekLoad(
            provider_id=w.provider_id, category=w.category, iso_year=w.week[0], iso_week=w.week[1],
            planned_units=w.planned_units, capacity_units=w.capacity_units,
            load_percent=w.load_percent, overloaded=w.overloaded,
        )
        for w in weekly_load(view, first, last)
        if provider_id is None or w.provider_id == provider_id
    ]  # fmt: skip


async def county_load(s: AsyncSession, first: date, last: date) -> list[CountyWeekLoadPublic]:
    await read_one_snapshot(s)  # planned work and capacity as of one moment
    view = (await LoadRepository(s).view(in_flight=False)).view
    return [
        CountyWeekLoadPublic(
            county=c.county.value, iso_year=c.week[0], iso_week=c.week[1],
            planned_units=c.planned_units, capacity_units=c.capacity_units,
            overloaded_providers=c.overloaded_providers, overloaded=c.overloaded,
        )
        for c in county_week_load(view, first, last)
    ]  # fmt: skip
