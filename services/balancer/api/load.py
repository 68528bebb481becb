"""Load for admins: planned work against seasonal capacity, per provider or county and week."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from services.balancer.adapters import views
from services.balancer.api.deps import Admin, Infra
from services.balancer.schemas import CountyWeekLoadPublic, ProviderWeekLoad
from shared.region import clock
from shared.region.window import WindowDate
from shared.service.errors import InvalidInput

router = APIRouter(prefix="/v1/load", tags=["load"])
DEFAULT_DAYS = 8 * 7
MAX_DAYS = 26 * 7
From = Annotated[WindowDate | None, Query(alias="from", description="First day (default today)")]
Until = Annotated[WindowDate | None, Query(description="Last day (default eight weeks on)")]


def window(first: date | None, until: date | None) -> tuple[date, date]:
    """The days asked for; by default eight weeks from today (the Lishui date)."""
    start = first or clock.today()
    last = until or start + timedelta(days=DEFAULT_DAYS - 1)
    if last < start:
        raise InvalidInput("until must not be before from", field="query.until")
    if (last - start).days >= MAX_DAYS:
        raise InvalidInput(f"at most {MAX_DAYS} days at once", field="query.until")
    return start, last


@router.get("/providers", response_model=list[ProviderWeekLoad])
async def provider_load(
    who: Admin,
    infra: Infra,
    first: From = None,
    until: Until = None,
    provider_id: uuid.UUID | None = None,
) -> list[ProviderWeekLoad]:
    """Per provider, category and ISO week: planned units against seasonal capacity."""
    start, last = window(first, until)
    async with infra.sessions() as s:
        return await views.provider_load(s, start, last, provider_id)


@router.get("/counties", response_model=list[CountyWeekLoadPublic])
async def county_load(
    who: Admin, infra: Infra, first: From = None, until: Until = None
) -> list[CountyWeekLoadPublic]:
    """Per county and ISO week: where the season bites, at a glance."""
    start, last = window(first, until)
    async with infra.sessions() as s:
        return await views.county_load(s, start, last)
