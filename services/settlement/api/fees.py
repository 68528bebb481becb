"""Receivables, payments, aging and monthly statements."""

from __future__ import annotations

import asyncio
import uuid
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Query, Response

from services.settlement.api.deps import Admin, OfficeOrAdmin, Settings, UoW
from services.settlement.api.exports import (
    AGING_COLUMNS,
    RECEIVABLE_COLUMNS,
    STATEMENT_COLUMNS,
    table_response,
)
from services.settlement.documents.statement_pdf import statement_pdf
from services.settlement.documents.tables import TableFormat
from services.settlement.domain.fees.statement import MonthlyStatement
from services.settlement.handlers import payments, queries
from services.settlement.schemas import PaymentCreate, PaymentRecorded, ReceivablePublic
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.region import clock
from shared.region.counties import County
from shared.service.errors import NotFound

router = APIRouter(prefix="/v1", tags=["fees"])


class StatementFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


@router.get("/receivables", response_model=list[ReceivablePublic])
async def list_receivables(
    who: CurrentPrincipal, uow: UoW, format: TableFormat = TableFormat.JSON
) -> Any:
    """An office's clients' debts, a provider's fees owed to it, or all (admin); csv or xlsx."""
    today = clock.today()
    rows = [queries.receivable_row(r, today) for r in await queries.receivables(uow, who)]
    if format is TableFormat.JSON:
        return rows
    return table_response(rows, RECEIVABLE_COLUMNS, format, "receivables")


@router.post("/receivables/{delivery_id}/payments", status_code=201, response_model=PaymentRecorded)
async def record_payment(
    delivery_id: uuid.UUID, body: PaymentCreate, who: OfficeOrAdmin, uow: UoW
) -> dict[str, Any]:
    """Record a client's payment on one delivery (partial allowed, never more than owed)."""
    payment_id = await payments.record_payment(uow, who, delivery_id, body.amount_fen, body.paid_on)
    r = next(x for x in await queries.receivables(uow, who) if x.delivery_id == delivery_id)
    return {"payment_id": payment_id, "delivery_id": delivery_id, "paid_fen": r.paid_fen,
            "outstanding_fen": r.outstanding_fen, "state": r.state.value}  # fmt: skip


@router.get("/aging")
async def aging(who: OfficeOrAdmin, uow: UoW, format: TableFormat = TableFormat.JSON) -> Any:
    """Unpaid fen per office and client: not yet due, 0-30, 31-60, over 60 days; csv or xlsx."""
    rows = queries.aging(await queries.receivables(uow, who), clock.today())
    if format is TableFormat.JSON:
        return rows
    return table_response(rows, AGING_COLUMNS, format, "aging")


@router.get("/offices/{office_id}/receivables")
async def office_receivables(
    office_id: uuid.UUID, who: OfficeOrAdmin, uow: UoW
) -> list[dict[str, Any]]:
    """An office's receivables by client: fees, paid, outstanding."""
    if not who.owns(office_id):
        raise NotFound("office not found")
    rs = [r for r in await queries.receivables(uow, who) if r.office_id == office_id]
    return queries.by_client(rs)


@router.get("/providers/{provider_id}/statements/{month}", response_model=MonthlyStatement)
async def statement(
    provider_id: uuid.UUID,
    month: str,
    who: CurrentPrincipal,
    uow: UoW,
    settings: Settings,
    format: StatementFormat = StatementFormat.JSON,
) -> Any:
    """A processing enterprise's monthly statement (month like 2026-11): json, csv, xlsx, or
    pdf (printable, in Chinese)."""
    s = await queries.statement(uow, who, provider_id, month)
    if format is StatementFormat.JSON:
        return s
    if format is StatementFormat.PDF:
        e = await queries.enterprise(uow, provider_id)
        # fpdf subsets the CJK font for every PDF (seconds under load): off the event loop,
        # so the service's other requests go on meanwhile (as fulfilment's documents do)
        body = await asyncio.to_thread(statement_pdf, s, e.name, e.county.value, settings.cjk_font)
        disposition = f'attachment; filename="statement-{month}.pdf"'
        return Response(
            body, media_type="application/pdf", headers={"Content-Disposition": disposition}
        )
    rows = [line.model_dump() for line in s.lines]
    return table_response(rows, STATEMENT_COLUMNS, TableFormat(format.value), f"statement-{month}")


@router.get("/impact", tags=["impact"])
async def impact(
    who: Admin, uow: UoW, year: int = Query(ge=2000, le=2100), county: County | None = None
) -> dict[str, Any]:
    """Who the money reached per county and month, beside the case's 2010 figures (admin)."""
    return await queries.impact(uow, year, county.value if county else None)


@router.get("/providers/{provider_id}/award-meter", tags=["policies"])
async def award_meter(
    provider_id: uuid.UUID,
    who: CurrentPrincipal,
    uow: UoW,
    year: int | None = Query(default=None, ge=2000, le=2100),
) -> dict[str, Any]:
    """Your year so far (fees of deliveries this Lishui year, workforce, table) through the
    county's policy: tier, award and what the next tier still needs."""
    return await queries.award_meter(uow, who, provider_id, year or clock.today().year)
