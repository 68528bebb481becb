"""Freight consolidation proposals for an office's lots waiting for materials."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.fulfilment.api.deps import Office, UoW
from services.fulfilment.handlers.consolidation import proposals
from services.fulfilment.schemas import ProposalPublic
from shared.region import clock
from shared.service.errors import ERROR_RESPONSES

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)


@router.get("/consolidation", response_model=list[ProposalPublic], tags=["consignments"])
async def consolidation(
    who: Office, uow: UoW, window_days: Annotated[int, Query(ge=0, le=14)] = 1
) -> list[ProposalPublic]:
    """Lots of the same market and county shipping within ``window_days`` of each other, as
    one consignment each, with the freight saved against one consignment per lot."""
    found = await proposals(uow, who, window_days, clock.today())
    return [
        ProposalPublic(
            market=p.market.value,
            county=p.county.value,
            ship_on=p.ship_on,
            job_ids=[s.job_id for s in p.lots],
            units=sum(s.units for s in p.lots),
            separate_fen=p.separate_fen,
            consolidated_fen=p.consolidated_fen,
            saved_fen=p.saved_fen,
        )
        for p in found
    ]
