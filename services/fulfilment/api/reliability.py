"""A provider's on-time and quality figures from its inspected lots."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from services.fulfilment.api.deps import UoW
from services.fulfilment.domain.reliability import figures
from services.fulfilment.schemas import FigurePublic, ReliabilityPublic
from shared.identity import Role
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.service.errors import ERROR_RESPONSES, NotFound

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)


@router.get(
    "/providers/{provider_id}/reliability", response_model=ReliabilityPublic, tags=["providers"]
)
async def reliability(provider_id: uuid.UUID, who: CurrentPrincipal, uow: UoW) -> ReliabilityPublic:
    """On time and quality (lots not sent back for rework), each smoothed toward the market
    and shown with the number of lots it rests on. Offices and admins see any provider;
    a broker only its own."""
    if who.role is Role.PROVIDER and who.org_id != provider_id:
        raise NotFound("provider not found")
    async with uow:
        await uow.read_one_snapshot()  # the provider's lots counted in the market's too
        own, market = await uow.lots.record(provider_id), await uow.lots.record(None)
    on_time, quality = figures(own, market)
    return ReliabilityPublic(
        provider_id=provider_id,
        on_time=FigurePublic(**vars(on_time)),
        quality=FigurePublic(**vars(quality)),
    )
