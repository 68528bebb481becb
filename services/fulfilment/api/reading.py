"""Reads the routes share: what a caller may see of a consignment."""

from __future__ import annotations

import uuid

from services.fulfilment.adapters.uow import FulfilmentUnitOfWork
from services.fulfilment.api.views import consignment_public
from services.fulfilment.handlers.access import broker_of
from services.fulfilment.schemas import ConsignmentPublic
from shared.identity import Principal, Role
from shared.service.errors import NotFound


async def own_consignment(
    uow: FulfilmentUnitOfWork, who: Principal, consignment_id: uuid.UUID
) -> ConsignmentPublic:
    """The office that sent it sees it all; a broker only its own lots' part of it."""
    async with uow:
        await uow.read_one_snapshot()  # the lines' counts and the lots' receipts agree
        c = await uow.consignments.get(consignment_id)
        if c is None:
            raise NotFound("consignment not found")
        if who.is_admin or (who.owns(c.office_id) and who.role is not Role.PROVIDER):
            return consignment_public(c)
        mine = set()
        for job_id in c.orders:
            lot = await uow.lots.get(job_id)
            if lot is not None and broker_of(who, lot):
                mine.add(job_id)
    if not mine:
        raise NotFound("consignment not found")
    public = consignment_public(c)
    public.lines = [line for line in public.lines if line.job_id in mine]
    public.units = {j: u for j, u in public.units.items() if j in mine}
    public.received_on = {j: d for j, d in public.received_on.items() if j in mine}
    return public
