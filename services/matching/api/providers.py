"""Provider profiles, capacity and calendars (brokers for their own, admins for all)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query

from services.matching import providers as handlers
from services.matching.adapters.tables import calendar_exceptions, provider_categories, providers
from services.matching.api.deps import Admin, owned_provider
from services.matching.domain import Category
from services.matching.schemas import (
    CalendarExceptionCreate,
    CalendarExceptionPublic,
    CapacitySet,
    FreeDay,
    ProviderCreate,
    ProviderCreated,
    ProviderPublic,
    ProviderSecret,
    ProviderUpdate,
)
from shared.contracts.vocabulary import Category as CategoryCode
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.identity.secrets import hash_secret, new_secret
from shared.identity.token_exchange import rotate_secret
from shared.region import clock
from shared.service.deps import Infra, UoW
from shared.service.errors import InvalidInput, NotFound

router = APIRouter(prefix="/v1", tags=["providers"])
OwnedProvider = Annotated[uuid.UUID, Depends(owned_provider)]


@router.post("/providers", status_code=201, response_model=ProviderCreated)
async def register_provider(
    body: ProviderCreate, who: Admin, uow: UoW, infra: Infra
) -> ProviderCreated:
    """Register a processing enterprise (admin); the answer carries its secret, once."""
    secret = new_secret()
    async with uow:
        provider_id = await handlers.register(uow, body, hash_secret(secret))
        await uow.commit()
    return ProviderCreated(**(await _public(infra, provider_id)).model_dump(), secret=secret)


@router.post("/providers/{provider_id}/secret", response_model=ProviderSecret)
async def rotate_provider_secret(
    provider_id: uuid.UUID, who: Admin, infra: Infra
) -> ProviderSecret:
    """Issue a new secret for a provider (admin); the old one stops working."""
    secret = await rotate_secret(infra.sessions, providers, provider_id)
    if secret is None:
        raise NotFound("provider not found")
    return ProviderSecret(id=provider_id, secret=secret)


@router.get("/providers", response_model=list[ProviderPublic])
async def list_providers(
    who: CurrentPrincipal,
    infra: Infra,
    county: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[ProviderPublic]:
    """Providers (a broker sees its own enterprise, an admin all)."""
    query = sa.select(providers.c.id).order_by(providers.c.name).limit(limit)
    if not who.is_admin:
        query = query.where(providers.c.id == who.org_id)
    if county:
        query = query.where(providers.c.county == county)
    async with infra.sessions() as s:
        ids = (await s.scalars(query)).all()
    return [await _public(infra, i) for i in ids]


@router.get("/providers/{provider_id}", response_model=ProviderPublic)
async def get_provider(provider_id: OwnedProvider, infra: Infra) -> ProviderPublic:
    """One provider's profile."""
    return await _public(infra, provider_id)


@router.patch("/providers/{provider_id}", response_model=ProviderPublic)
async def update_provider(
    provider_id: OwnedProvider, body: ProviderUpdate, infra: Infra
) -> ProviderPublic:
    """Change contact or whether offers are taken automatically."""
    changes = body.model_dump(exclude_none=True)
    if changes:
        async with infra.sessions() as s, s.begin():
            await s.execute(
                sa.update(providers).where(providers.c.id == provider_id).values(**changes)
            )
    return await _public(infra, provider_id)


@router.put("/providers/{provider_id}/capacity/{category}", response_model=ProviderPublic)
async def set_capacity(
    provider_id: OwnedProvider, category: CategoryCode, body: CapacitySet, uow: UoW, infra: Infra
) -> ProviderPublic:
    """Set base units per day for a category."""
    async with uow:
        await handlers.set_capacity(uow, provider_id, Category(category.value), body.units_per_day)
        await uow.commit()
    return await _public(infra, provider_id)


@router.get("/providers/{provider_id}/calendar", response_model=list[CalendarExceptionPublic])
async def list_calendar(provider_id: OwnedProvider, infra: Infra) -> list[CalendarExceptionPublic]:
    """Declared exceptions (tea-picking leave, holidays, extra shifts)."""
    t = calendar_exceptions
    async with infra.sessions() as s:
        rows = await s.execute(
            sa.select(t).where(t.c.provider_id == provider_id).order_by(t.c.first_day)
        )
        return [CalendarExceptionPublic(**r._mapping) for r in rows]


@router.post(
    "/providers/{provider_id}/calendar", status_code=201, response_model=CalendarExceptionPublic
)
async def add_calendar_exception(
    provider_id: OwnedProvider, body: CalendarExceptionCreate, uow: UoW
) -> CalendarExceptionPublic:
    """Declare a date range with a percentage of base capacity or absolute units."""
    async with uow:
        exception_id = await handlers.add_exception(uow, provider_id, body)
        await uow.commit()
    return CalendarExceptionPublic(id=exception_id, **body.model_dump(mode="json"))


@router.delete("/providers/{provider_id}/calendar/{exception_id}", status_code=204)
async def remove_calendar_exception(
    provider_id: OwnedProvider, exception_id: uuid.UUID, uow: UoW
) -> None:
    """Withdraw a declared exception."""
    async with uow:
        await handlers.remove_exception(uow, provider_id, exception_id)
        await uow.commit()


@router.get("/providers/{provider_id}/free-capacity", response_model=list[FreeDay])
async def free_capacity(
    provider_id: OwnedProvider,
    category: CategoryCode,
    uow: UoW,
    first_day: date | None = None,
    last_day: date | None = None,
) -> list[FreeDay]:
    """Free units per day: calendar capacity minus holds and accepted work."""
    first = first_day or clock.today()
    last = last_day or first + timedelta(days=27)
    if last < first or (last - first).days > 366:
        raise InvalidInput("last_day must be within a year after first_day", field="query.last_day")
    async with uow:
        return [
            FreeDay(**d)
            for d in await handlers.free_days(
                uow, provider_id, Category(category.value), first, last
            )
        ]


async def _public(infra: Infra, provider_id: uuid.UUID) -> ProviderPublic:
    async with infra.sessions() as s:
        row = (
            await s.execute(sa.select(providers).where(providers.c.id == provider_id))
        ).one_or_none()
        if row is None:
            raise NotFound("provider not found")
        cats = await s.execute(
            sa.select(provider_categories).where(provider_categories.c.provider_id == provider_id)
        )
        return ProviderPublic(
            **row._mapping, categories={c.category: c.units_per_day for c in cats}
        )
