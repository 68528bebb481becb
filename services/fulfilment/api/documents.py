"""The printable documents as PDF: 来料签收单 per lot, 送货单 per consignment back."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from fastapi import APIRouter, Response

from services.fulfilment.api.deps import Settings, UoW
from services.fulfilment.api.reading import own_consignment
from services.fulfilment.api.views import lot_public
from services.fulfilment.documents.delivery_note import delivery_note
from services.fulfilment.documents.receipt import material_receipt
from services.fulfilment.handlers.access import seen_lot
from shared.contracts.fulfilment import Direction
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.service.errors import ERROR_RESPONSES, DomainError, NotFound

router = APIRouter(prefix="/v1", responses=ERROR_RESPONSES)
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "the document"}
}


@router.get(
    "/lots/{job_id}/receipt.pdf", response_class=Response, responses=PDF, tags=["documents"]
)
async def receipt_pdf(
    job_id: uuid.UUID, who: CurrentPrincipal, uow: UoW, settings: Settings
) -> Response:
    """来料签收单: what was sent to the lot and counted, with a QR code to the lot."""
    async with uow:
        await uow.read_one_snapshot()  # a receipt confirmed mid-read prints whole or not
        lot, order = await seen_lot(uow, who, job_id)
        sent = await uow.consignments.of_lot(job_id)
    shown = lot_public(lot, order, settings.loss_allowance_pct, consignments=sent)
    out = [c for c in shown.consignments if c.direction is Direction.OUT]
    pdf = await asyncio.to_thread(material_receipt, shown, out, settings.portal_base_url)
    return _pdf(pdf, f"receipt-{job_id}.pdf")


@router.get(
    "/consignments/{consignment_id}/delivery-note.pdf",
    response_class=Response,
    responses=PDF,
    tags=["documents"],
)
async def delivery_note_pdf(
    consignment_id: uuid.UUID, who: CurrentPrincipal, uow: UoW, settings: Settings
) -> Response:
    """送货单: a lot's finished units and returned materials sent back to the market."""
    back = await own_consignment(uow, who, consignment_id)
    if back.direction is not Direction.BACK:
        raise DomainError("a delivery note is for goods sent back; this consignment went out")
    if len(back.units) != 1:
        raise NotFound("consignment not found")
    [job_id] = back.units
    async with uow:
        await uow.read_one_snapshot()  # the lot and its books as of one moment
        lot, order = await seen_lot(uow, who, job_id)
    pdf = await asyncio.to_thread(
        delivery_note, lot_public(lot, order, settings.loss_allowance_pct), back
    )
    return _pdf(pdf, f"delivery-note-{consignment_id}.pdf")


def _pdf(body: bytes, name: str) -> Response:
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )
