"""Providers and their calendars: register, change capacity, declare exceptions.

Every change publishes its event on ``matching.providers`` and refreshes the
capacity rows already in use for the days it touches.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from services.matching.adapters import calendars, ledger
from services.matching.adapters.tables import (
    calendar_exceptions,
    capacity_days,
    provider_categories,
    providers,
)
from services.matching.domain import Category
from services.matching.schemas import CalendarExceptionCreate, ProviderCreate
from shared.contracts import matching as m
from shared.db.unit_of_work import UnitOfWork
from shared.events import Payload
from shared.service.errors import DomainError, NotFound


def _publish(uow: UnitOfWork, provider_id: uuid.UUID, payload: Payload) -> None:
    uow.publish(payload)


async def register(
    uow: UnitOfWork, body: ProviderCreate, secret_hash: str | None = None
) -> uuid.UUID:
    provider_id = body.id or uuid.uuid4()
    if await uow.session.scalar(sa.select(sa.exists().where(providers.c.id == provider_id))):
        raise DomainError("a provider with this id is already registered")
    fields = body.model_dump(mode="json", exclude={"id", "categories"})
    await uow.session.execute(
        sa.insert(providers).values(id=provider_id, secret_hash=secret_hash, **fields)
    )
    await uow.session.execute(
        sa.insert(provider_categories),
        [
            {"provider_id": provider_id, "category": c.value, "units_per_day": u}
            for c, u in body.categories.items()
        ],
    )
    _publish(
        uow,
        provider_id,
        m.ProviderRegistered(
            provider_id=provider_id,
            name=body.name,
            county=body.county,
            township=body.township,
            village=body.village,
            mode=body.mode,
            categories={c.value: u for c, u in body.categories.items()},
            workforce=m.Workforce(**body.workforce.model_dump()),
            auto_accept=body.auto_accept,
        ),
    )
    return provider_id


async def require_provider(uow: UnitOfWork, provider_id: uuid.UUID) -> None:
    if not await uow.session.scalar(sa.select(sa.exists().where(providers.c.id == provider_id))):
        raise NotFound("provider not found")


async def set_capacity(
    uow: UnitOfWork, provider_id: uuid.UUID, category: Category, units: int
) -> None:
    await require_provider(uow, provider_id)
    stmt = sa.dialects.postgresql.insert(provider_categories).values(
        provider_id=provider_id, category=category.value, units_per_day=units
    )
    await uow.session.execute(
        stmt.on_conflict_do_update(
            index_elements=["provider_id", "category"], set_={"units_per_day": units}
        )
    )
    await refresh_days(uow, provider_id, [category], None, None)
    _publish(
        uow,
        provider_id,
        m.CapacityChanged(provider_id=provider_id, category=category.value, units_per_day=units),
    )


async def add_exception(
    uow: UnitOfWork, provider_id: uuid.UUID, body: CalendarExceptionCreate
) -> uuid.UUID:
    await require_provider(uow, provider_id)
    exception_id = uuid.uuid4()
    await uow.session.execute(
        sa.insert(calendar_exceptions).values(
            id=exception_id,
            provider_id=provider_id,
            **body.model_dump(),
        )
    )
    await _calendar_changed(
        uow,
        m.CalendarChanged(
            provider_id=provider_id,
            exception_id=exception_id,
            category=body.category,
            start=body.first_day,
            end=body.last_day,
            factor=body.percent / 100 if body.percent is not None else None,
            units_per_day=body.units,
            reason=body.reason,
        ),
    )
    return exception_id


async def remove_exception(
    uow: UnitOfWork, provider_id: uuid.UUID, exception_id: uuid.UUID
) -> None:
    t = calendar_exceptions
    row = (
        await uow.session.execute(
            sa.delete(t).where(t.c.id == exception_id, t.c.provider_id == provider_id).returning(t)
        )
    ).one_or_none()
    if row is None:
        raise NotFound("calendar exception not found")
    await _calendar_changed(
        uow,
        m.CalendarChanged(
            provider_id=provider_id,
            exception_id=exception_id,
            category=row.category,
            start=row.first_day,
            end=row.last_day,
            removed=True,
            reason=row.reason,
        ),
    )


async def _calendar_changed(uow: UnitOfWork, change: m.CalendarChanged) -> None:
    """Capacity rows of the days the exception covers follow it; then the world hears."""
    p = change.provider_id
    cats = [Category(change.category)] if change.category else await _categories(uow, p)
    await refresh_days(uow, p, cats, change.start, change.end)
    _publish(uow, p, change)


async def refresh_days(
    uow: UnitOfWork,
    provider_id: uuid.UUID,
    cats: list[Category],
    first: date | None,
    last: date | None,
) -> None:
    """Recompute capacity of the rows already in use (never below what is promised)."""
    provider = await calendars.provider_by_id(uow.session, provider_id)
    assert provider is not None
    cd = capacity_days
    for category in cats:
        query = sa.select(cd.c.day).where(
            cd.c.provider_id == provider_id, cd.c.category == category.value
        )
        if first and last:
            query = query.where(cd.c.day.between(first, last))
        days = list((await uow.session.scalars(query)).all())
        if days:
            lo, hi = min(days), max(days)
            cal = (await calendars.calendars_for(uow.session, [provider], category, lo, hi))[
                (provider_id, category)
            ]
            await ledger.refresh_capacity(uow.session, cal, days)


async def free_days(
    uow: UnitOfWork, provider_id: uuid.UUID, category: Category, first: date, last: date
) -> list[dict[str, object]]:
    provider = await calendars.provider_by_id(uow.session, provider_id)
    if provider is None:
        raise NotFound("provider not found")
    cal = (await calendars.calendars_for(uow.session, [provider], category, first, last))[
        (provider_id, category)
    ]
    cd = capacity_days
    rows = await uow.session.execute(
        sa.select(cd).where(
            cd.c.provider_id == provider_id,
            cd.c.category == category.value,
            cd.c.day.between(first, last),
        )
    )
    used = {r.day: (r.capacity, r.held, r.booked) for r in rows}
    out = []
    for n in range((last - first).days + 1):
        day = first + timedelta(n)
        capacity, held, booked = used.get(day, (cal.gross_units(day), 0, 0))
        out.append(
            {
                "day": day,
                "capacity": capacity,
                "held": held,
                "booked": booked,
                "free": max(0, capacity - held - booked),
            }
        )
    return out


async def _categories(uow: UnitOfWork, provider_id: uuid.UUID) -> list[Category]:
    rows = await uow.session.scalars(
        sa.select(provider_categories.c.category).where(
            provider_categories.c.provider_id == provider_id
        )
    )
    return [Category(c) for c in rows if c in Category.__members__.values()]
