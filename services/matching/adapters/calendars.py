"""Build the domain's providers and capacity calendars from the matching schema."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.adapters.tables import (
    calendar_exceptions,
    capacity_days,
    provider_categories,
    providers,
    seasonal_factors,
)
from services.matching.domain import (
    CapacityCalendar,
    CapacityException,
    Category,
    County,
    DateRange,
    Mode,
    OnTimeHistory,
    Provider,
    SeasonalFactor,
    Workforce,
)

Calendars = dict[tuple[uuid.UUID, Category], CapacityCalendar]


async def providers_making(
    session: AsyncSession, category: str, exclude: Iterable[uuid.UUID] = ()
) -> list[Provider]:
    ids = sa.select(provider_categories.c.provider_id).where(
        provider_categories.c.category == category, provider_categories.c.units_per_day > 0
    )
    query = sa.select(providers).where(providers.c.id.in_(ids))
    excluded = list(exclude)
    if excluded:
        query = query.where(providers.c.id.not_in(excluded))
    return await _load(session, query)


async def provider_by_id(session: AsyncSession, provider_id: uuid.UUID) -> Provider | None:
    found = await _load(session, sa.select(providers).where(providers.c.id == provider_id))
    return found[0] if found else None


async def _load(session: AsyncSession, query: sa.Select) -> list[Provider]:
    rows = (await session.execute(query.order_by(providers.c.id))).all()
    if not rows:
        return []
    cats = await session.execute(
        sa.select(provider_categories).where(
            provider_categories.c.provider_id.in_([r.id for r in rows])
        )
    )
    by_provider: dict[uuid.UUID, dict[Category, int]] = defaultdict(dict)
    for c in cats:
        if c.category in Category.__members__.values():
            by_provider[c.provider_id][Category(c.category)] = c.units_per_day
    return [_provider(r, by_provider[r.id]) for r in rows]


def _provider(r: sa.Row, categories: dict[Category, int]) -> Provider:
    return Provider(
        id=r.id,
        name=r.name,
        county=County(r.county),
        township=r.township,
        village=r.village,
        mode=Mode(r.mode),
        categories=categories,
        workforce=Workforce(**r.workforce),
        auto_accept=r.auto_accept,
        history=OnTimeHistory(delivered_jobs=r.delivered_jobs, late_jobs=r.late_jobs),
    )


async def calendars_for(
    session: AsyncSession, provs: list[Provider], category: Category, first: date, last: date
) -> Calendars:
    """Each provider's calendar for the category, with held and booked units as taken."""
    ids = [p.id for p in provs]
    exceptions = await _exceptions(session, ids, category)
    seasons = await seasons_between(session, first, last)
    taken = await _taken(session, ids, category, first, last)
    return {
        (p.id, category): CapacityCalendar.for_provider(
            p, category, exceptions=exceptions[p.id], seasons=seasons, booked=taken[p.id]
        )
        for p in provs
    }


async def _exceptions(
    session: AsyncSession, ids: list[uuid.UUID], category: Category
) -> dict[uuid.UUID, list[CapacityException]]:
    t = calendar_exceptions
    rows = await session.execute(
        sa.select(t).where(
            t.c.provider_id.in_(ids), sa.or_(t.c.category.is_(None), t.c.category == category)
        )
    )
    out: dict[uuid.UUID, list[CapacityException]] = defaultdict(list)
    for r in rows:
        out[r.provider_id].append(
            CapacityException(DateRange(r.first_day, r.last_day), percent=r.percent, units=r.units)
        )
    return out


async def seasons_between(session: AsyncSession, first: date, last: date) -> list[SeasonalFactor]:
    t = seasonal_factors
    rows = await session.execute(sa.select(t).where(t.c.first_day <= last, t.c.last_day >= first))
    return [
        SeasonalFactor(County(r.county), DateRange(r.first_day, r.last_day), r.percent)
        for r in rows
    ]


async def _taken(
    session: AsyncSession, ids: list[uuid.UUID], category: Category, first: date, last: date
) -> dict[uuid.UUID, dict[date, int]]:
    t = capacity_days
    rows = await session.execute(
        sa.select(t.c.provider_id, t.c.day, t.c.held + t.c.booked).where(
            t.c.provider_id.in_(ids), t.c.category == category, t.c.day.between(first, last)
        )
    )
    out: dict[uuid.UUID, dict[date, int]] = defaultdict(dict)
    for provider_id, day, used in rows:
        out[provider_id][day] = used
    return out
