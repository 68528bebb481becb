"""Seasons: an admin names a period and the counties (or villages) it thins out."""

from __future__ import annotations

from fastapi import APIRouter

from services.balancer.adapters import views
from services.balancer.api.deps import Admin, Infra, UoW
from services.balancer.handlers import seasons as handlers
from services.balancer.schemas import SeasonCreate, SeasonPublic
from shared.identity.fastapi_auth import CurrentPrincipal

router = APIRouter(prefix="/v1", tags=["seasons"])


@router.post("/seasons", status_code=201, response_model=SeasonPublic)
async def define_season(body: SeasonCreate, who: Admin, uow: UoW, infra: Infra) -> SeasonPublic:
    """Define a season (admin); publishes SeasonDefined and triggers a rebalance."""
    season_id = await handlers.define_season(uow, who, body)
    async with infra.sessions() as s:
        return next(x for x in await views.seasons(s) if x.id == season_id)


@router.get("/seasons", response_model=list[SeasonPublic])
async def list_seasons(who: CurrentPrincipal, infra: Infra) -> list[SeasonPublic]:
    """Every season, earliest first."""
    async with infra.sessions() as s:
        return await views.seasons(s)
