"""Provider profiles, capacity and calendars (brokers for their own, admins for all)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from services.matching import providers as handlers
from services.matching.api.deps import Admin, MatchingUoW, owned_provider
from services.matching.domain import DeclaredException, Provider
from services.matching.handlers.audit import record_provider_write, record_rotation
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
from shared.contracts.matching import Workforce
from shared.contracts.vocabulary import CategoryCode
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.identity.revocation import generation_of
from shared.identity.secrets import new_secret_hash
from shared.region import clock
from shared.region.window import MAX_RANGE_DAYS, WindowDate
from shared.service.errors import InvalidInput

router = APIRouter(prefix="/v1", tags=["providers"])
OwnedProvider = Annotated[uuid.UUID, Depends(owned_provider)]


@router.post("/providers", status_code=201, response_model=ProviderCreated)
async def register_provider(body: ProviderCreate, who: Admin, uow: MatchingUoW) -> ProviderCreated:
    """Register a processing enterprise (admin); the answer carries its secret, once."""
    secret, hashed = await new_secret_hash()
    async with uow:
        provider_id = await handlers.register(uow, body, hashed)
        await record_provider_write(uow, who, provider_id, "provider.register")
        await uow.commit()
    return ProviderCreated(**(await _public(uow, provider_id)).model_dump(), secret=secret)


@router.post("/providers/{provider_id}/secret", response_model=ProviderSecret)
async def rotate_provider_secret(
    provider_id: uuid.UUID, who: Admin, uow: MatchingUoW, request: Request
) -> ProviderSecret:
    """Issue a new secret for a provider (admin); the old one and its tokens stop working."""
    secret, hashed = await new_secret_hash()
    async with uow:
        await handlers.rotate_secret(uow, provider_id, hashed)
        await record_rotation(uow, who, provider_id)
        await uow.commit()
    await request.app.state.generations.publish(provider_id, generation_of(hashed))
    return ProviderSecret(id=provider_id, secret=secret)


@router.get("/providers", response_model=list[ProviderPublic])
async def list_providers(
    who: CurrentPrincipal,
    uow: MatchingUoW,
    county: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[ProviderPublic]:
    """Providers (a broker sees its own enterprise, an admin all)."""
    only = None if who.is_admin else who.org_id
    async with uow:
        found = await uow.providers.listed(county=county, only=only, limit=limit)
    return [public(p) for p in found]


@router.get("/providers/{provider_id}", response_model=ProviderPublic)
async def get_provider(provider_id: OwnedProvider, uow: MatchingUoW) -> ProviderPublic:
    """One provider's profile."""
    return await _public(uow, provider_id)


@router.patch("/providers/{provider_id}", response_model=ProviderPublic)
async def update_provider(
    provider_id: OwnedProvider, body: ProviderUpdate, who: CurrentPrincipal, uow: MatchingUoW
) -> ProviderPublic:
    """Change contact or whether offers are taken automatically."""
    async with uow:
        await handlers.update_profile(
            uow, provider_id, auto_accept=body.auto_accept, contact=body.contact
        )
        await record_provider_write(uow, who, provider_id, "provider.update")
        await uow.commit()
    return await _public(uow, provider_id)


@router.put("/providers/{provider_id}/capacity/{category}", response_model=ProviderPublic)
async def set_capacity(
    provider_id: OwnedProvider,
    category: CategoryCode,
    body: CapacitySet,
    who: CurrentPrincipal,
    uow: MatchingUoW,
) -> ProviderPublic:
    """Set base units per day for a category the catalogue defines."""
    async with uow:
        await handlers.set_capacity(uow, provider_id, category, body.units_per_day)
        await record_provider_write(uow, who, provider_id, "capacity.set")
        await uow.commit()
    return await _public(uow, provider_id)


@router.get("/providers/{provider_id}/calendar", response_model=list[CalendarExceptionPublic])
async def list_calendar(
    provider_id: OwnedProvider, uow: MatchingUoW
) -> list[CalendarExceptionPublic]:
    """Declared exceptions (tea-picking leave, holidays, extra shifts)."""
    async with uow:
        return [_exception(e) for e in await uow.calendars.exceptions_of(provider_id)]


@router.post(
    "/providers/{provider_id}/calendar", status_code=201, response_model=CalendarExceptionPublic
)
async def add_calendar_exception(
    provider_id: OwnedProvider,
    body: CalendarExceptionCreate,
    who: CurrentPrincipal,
    uow: MatchingUoW,
) -> CalendarExceptionPublic:
    """Declare a date range with a percentage of base capacity or absolute units."""
    async with uow:
        exception_id = await handlers.add_exception(uow, provider_id, body)
        await record_provider_write(
            uow, who, provider_id, "calendar.add", "calendar_exception", exception_id
        )
        await uow.commit()
    return CalendarExceptionPublic(id=exception_id, **body.model_dump(mode="json"))


@router.delete("/providers/{provider_id}/calendar/{exception_id}", status_code=204)
async def remove_calendar_exception(
    provider_id: OwnedProvider, exception_id: uuid.UUID, who: CurrentPrincipal, uow: MatchingUoW
) -> None:
    """Withdraw a declared exception."""
    async with uow:
        await handlers.remove_exception(uow, provider_id, exception_id)
        await record_provider_write(
            uow, who, provider_id, "calendar.remove", "calendar_exception", exception_id
        )
        await uow.commit()


@router.get("/providers/{provider_id}/free-capacity", response_model=list[FreeDay])
async def free_capacity(
    provider_id: OwnedProvider,
    category: CategoryCode,
    uow: MatchingUoW,
    first_day: WindowDate | None = None,
    last_day: WindowDate | None = None,
) -> list[FreeDay]:
    """Free units per day: calendar capacity (seasons of its county and village group,
    its exceptions) minus holds and accepted work."""
    first, last = free_capacity_window(first_day, last_day)
    async with uow:
        await uow.read_one_snapshot()  # every day's capacity as of one moment
        return [
            FreeDay(**d) for d in await handlers.free_days(uow, provider_id, category, first, last)
        ]


def free_capacity_window(first_day: date | None, last_day: date | None) -> tuple[date, date]:
    """The days asked for; by default four weeks from today (the Lishui date)."""
    first = first_day or clock.today()
    last = last_day or first + timedelta(days=27)
    if last < first or (last - first).days >= MAX_RANGE_DAYS:
        raise InvalidInput("last_day must be within a year after first_day", field="query.last_day")
    return first, last


async def _public(uow: MatchingUoW, provider_id: uuid.UUID) -> ProviderPublic:
    async with uow:
        return public(await handlers.profile(uow, provider_id))


def public(p: Provider) -> ProviderPublic:
    return ProviderPublic(
        id=p.id,
        name=p.name,
        broker_name=p.broker_name,
        contact=p.contact,
        county=p.county.value,
        township=p.township,
        village=p.village,
        mode=p.mode.value,
        categories=dict(p.categories),
        workforce=Workforce(**vars(p.workforce)),
        auto_accept=p.auto_accept,
        delivered_jobs=p.history.delivered_jobs,
        late_jobs=p.history.late_jobs,
    )


def _exception(e: DeclaredException) -> CalendarExceptionPublic:
    return CalendarExceptionPublic(
        id=e.id,
        category=e.category,
        first_day=e.rule.days.first,
        last_day=e.rule.days.last,
        percent=e.rule.percent,
        units=e.rule.units,
        reason=e.reason,
    )
