"""Consignments of materials out to lots, and the brokers' receipts."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.fulfilment.api.deps import Broker, Office, UoW
from services.fulfilment.api.reading import own_consignment
from services.fulfilment.api.views import consignment_public
from services.fulfilment.handlers import consignments as handlers
from services.fulfilment.schemas import ConsignmentCreate, ConsignmentPublic, ReceiptCreate
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.service.errors import ERROR_RESPONSES

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)


@router.post(
    "/consignments", status_code=201, response_model=ConsignmentPublic, tags=["consignments"]
)
async def dispatch(body: ConsignmentCreate, who: Office, uow: UoW) -> ConsignmentPublic:
    """Record materials shipped to one or more of your orders' lots (ConsignmentDispatched)."""
    consignment_id = await handlers.dispatch(uow, who, body)
    return await own_consignment(uow, who, consignment_id)


@router.get("/consignments", response_model=list[ConsignmentPublic], tags=["consignments"])
async def list_consignments(
    who: Office, uow: UoW, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[ConsignmentPublic]:
    """Your office's consignments, newest first (an admin sees all)."""
    async with uow:
        await uow.read_one_snapshot()  # the lines' counts and the lots' receipts agree
        found = await uow.consignments.of_office(None if who.is_admin else who.org_id, limit)
    return [consignment_public(c) for c in found]


@router.get(
    "/consignments/{consignment_id}", response_model=ConsignmentPublic, tags=["consignments"]
)
async def get_consignment(
    consignment_id: uuid.UUID, who: CurrentPrincipal, uow: UoW
) -> ConsignmentPublic:
    """A consignment you sent, or one carrying materials for your lot (only your lines)."""
    return await own_consignment(uow, who, consignment_id)


@router.post(
    "/consignments/{consignment_id}/receipt",
    response_model=ConsignmentPublic,
    tags=["consignments"],
)
async def confirm_receipt(
    consignment_id: uuid.UUID, body: ReceiptCreate, who: Broker, uow: UoW
) -> ConsignmentPublic:
    """Confirm your lot's lines with the quantities counted; a shortage or surplus is kept
    against the line for both sides (ConsignmentReceived)."""
    await handlers.confirm_receipt(uow, who, consignment_id, body)
    return await own_consignment(uow, who, consignment_id)
