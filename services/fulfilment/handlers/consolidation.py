"""Propose consolidated consignments out for the lots still waiting for their materials."""

from __future__ import annotations

from datetime import date

from services.fulfilment.adapters.uow import FulfilmentUnitOfWork
from services.fulfilment.domain.consolidation import Proposal, Shipment, propose
from shared.identity import Principal
from shared.region import County, Market


async def proposals(
    uow: FulfilmentUnitOfWork, who: Principal, window_days: int, today: date
) -> list[Proposal]:
    async with uow:
        waiting = await uow.lots.awaiting_materials(None if who.is_admin else who.org_id)
    shipments = [
        Shipment(
            w.job_id,
            Market(w.market),
            County(w.county),
            max(w.materials_ready or today, today),  # nothing ships in the past
            w.units,
        )
        for w in waiting
    ]
    return propose(shipments, window_days)
