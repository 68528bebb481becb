"""Lots as both sides see them: the ledger, the broker's reports, the office's inspections."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.fulfilment.api.deps import Broker, Office, Settings, UoW
from services.fulfilment.api.reading import own_consignment
from services.fulfilment.api.views import lot_public
from services.fulfilment.handlers import consignments, inspections, materials
from services.fulfilment.handlers.access import seen_lot
from services.fulfilment.schemas import (
    ConsignmentBackCreate,
    ConsignmentPublic,
    InspectionCreate,
    LotPublic,
    ReconciliationCreate,
)
from shared.identity import Role
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.region import clock
from shared.service.errors import ERROR_RESPONSES

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)


@router.get("/lots", response_model=list[LotPublic], tags=["lots"])
async def list_lots(
    who: CurrentPrincipal,
    uow: UoW,
    settings: Settings,
    order_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[LotPublic]:
    """Your lots (a broker's), your orders' lots (an office's); an admin sees all."""
    mine = None if who.is_admin else who.org_id
    async with uow:
        await uow.read_one_snapshot()  # each lot with its books as of one moment
        found = await uow.lots.listed(
            provider_id=mine if who.role is Role.PROVIDER else None,
            office_id=mine if who.role is Role.OFFICE else None,
            order_id=order_id,
            limit=limit,
        )
        got = [(lot, await uow.orders.get(lot.order_id)) for lot in found]
    return [lot_public(lot, order, settings.loss_allowance_pct) for lot, order in got]


@router.get("/lots/{job_id}", response_model=LotPublic, tags=["lots"])
async def get_lot(
    job_id: uuid.UUID, who: CurrentPrincipal, uow: UoW, settings: Settings
) -> LotPublic:
    """One lot with its ledger, consignments and inspections."""
    return await _lot(uow, who, job_id, settings)


@router.post("/lots/{job_id}/reconciliation", response_model=LotPublic, tags=["lots"])
async def reconcile(
    job_id: uuid.UUID, body: ReconciliationCreate, who: Broker, uow: UoW, settings: Settings
) -> LotPublic:
    """Report, per material line, what was consumed, returned and scrapped (MaterialsReconciled)."""
    await materials.reconcile(uow, who, job_id, body, settings.loss_allowance_pct)
    return await _lot(uow, who, job_id, settings)


@router.post(
    "/lots/{job_id}/consignments-back",
    status_code=201,
    response_model=ConsignmentPublic,
    tags=["consignments"],
)
async def send_back(
    job_id: uuid.UUID, body: ConsignmentBackCreate, who: Broker, uow: UoW
) -> ConsignmentPublic:
    """Send the finished units and the returned materials to the market (ConsignmentDispatched)."""
    consignment_id = await consignments.send_back(uow, who, job_id, body)
    return await own_consignment(uow, who, consignment_id)


@router.post(
    "/lots/{job_id}/inspections", status_code=201, response_model=LotPublic, tags=["inspections"]
)
async def inspect(
    job_id: uuid.UUID, body: InspectionCreate, who: Office, uow: UoW, settings: Settings
) -> LotPublic:
    """Record an inspection: accept, accept with a deduction, or reject units for rework
    (InspectionRecorded, ReworkRequested)."""
    await inspections.inspect(uow, who, job_id, body, clock.today())
    return await _lot(uow, who, job_id, settings)


async def _lot(uow: UoW, who: CurrentPrincipal, job_id: uuid.UUID, settings: Settings) -> LotPublic:
    async with uow:
        await uow.read_one_snapshot()  # the lot, its books and inspections as of one moment
        lot, order = await seen_lot(uow, who, job_id)
        done = await uow.lots.inspections(job_id)
        sent = await uow.consignments.of_lot(job_id)
    return lot_public(lot, order, settings.loss_allowance_pct, done, sent)
