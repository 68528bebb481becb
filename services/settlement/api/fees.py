"""Receivables, payments, aging and monthly statements."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Query

from services.settlement.api.deps import Admin, OfficeOrAdmin, UoW
from services.settlement.domain.fees.statement import MonthlyStatement
from services.settlement.handlers import payments, queries
from services.settlement.schemas import PaymentCreate, PaymentRecorded, ReceivablePublic
from shared.identity import Role
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.region import clock
from shared.region.counties import County
from shared.service.errors import NotFound

router = APIRouter(prefix="/v1", tags=["fees"])


@router.get("/receivables", response_model=list[ReceivablePublic])
async def list_receivables(who: CurrentPrincipal, uow: UoW) -> list[dict[str, Any]]:
    """An office's clients' debts, a provider's fees owed to it, or all (admin)."""
    today = clock.today()
    return [queries.receivable_row(r, today) for r in await queries.receivables(uow, who)]


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
async def aging(who: OfficeOrAdmin, uow: UoW) -> list[dict[str, Any]]:
    """Unpaid fen per office and client: not yet due, 0-30, 31-60, over 60 days."""
    return queries.aging(await queries.receivables(uow, who), clock.today())


@router.get("/offices/{office_id}/receivables")
async def office_receivables(
    office_id: uuid.UUID, who: OfficeOrAdmin, uow: UoW
) -> list[dict[str, Any]]:
    """An office's receivables by client: fees, paid, outstanding."""
    if not who.owns(office_id) or (who.is_admin is False and who.role is not Role.OFFICE):
        raise NotFound("office not found")
    rs = [r for r in await queries.receivables(uow, who) if r.office_id == office_id]
    return queries.by_client(rs)


@router.get("/providers/{provider_id}/statements/{month}", response_model=MonthlyStatement)
async def statement(
    provider_id: uuid.UUID, month: str, who: CurrentPrincipal, uow: UoW
) -> MonthlyStatement:
    """A processing enterprise's monthly statement (month like 2026-11)."""
    return await queries.statement(uow, who, provider_id, month)


@router.get("/impact", tags=["impact"])
async def impact(
    who: Admin, uow: UoW, year: int = Query(ge=2000, le=2100), county: County | None = None
) -> dict[str, Any]:
    """Who the money reached per county and month, beside the case's 2010 figures (admin)."""
    return await queries.impact(uow, year, county.value if county else None)
