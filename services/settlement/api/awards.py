"""Yearly award runs and each award's approval and payment (admin); loans and relocations."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from services.settlement.api.deps import Admin, Provider, UoW
from services.settlement.api.exports import AWARD_COLUMNS, table_response
from services.settlement.documents.tables import TableFormat
from services.settlement.handlers import awards as handlers
from services.settlement.schemas import (
    AwardApprove,
    AwardRunCreate,
    LoanCheck,
    LoanCreate,
    RelocationCreate,
)
from shared.identity import Role
from shared.identity.fastapi_auth import CurrentPrincipal
from shared.region.counties import County
from shared.service.errors import NotFound

router = APIRouter(prefix="/v1", tags=["awards"])


@router.post("/awards/runs", status_code=201)
async def run_awards(body: AwardRunCreate, who: Admin, uow: UoW) -> dict[str, Any]:
    """Assess a county's year (idempotent; a rerun lists what changed)."""
    return await handlers.run_awards(uow, who, body.county, body.year)


@router.get("/awards")
async def list_awards(
    who: CurrentPrincipal,
    uow: UoW,
    county: County | None = None,
    year: int | None = None,
    format: TableFormat = TableFormat.JSON,
) -> Any:
    """Awards with rule, figures and state; a provider sees its own, an admin all; csv, xlsx."""
    mine = who.org_id if who.role is Role.PROVIDER else None
    found = []
    if who.role is not Role.OFFICE:
        async with uow:
            found = await uow.awards.query(
                county=county.value if county else None, year=year, provider_id=mine
            )
    rows = [_award(a) for a in found]
    if format is TableFormat.JSON:
        return rows
    return table_response(rows, AWARD_COLUMNS, format, "awards")


@router.post("/awards/{award_id}/approve")
async def approve(award_id: uuid.UUID, body: AwardApprove, who: Admin, uow: UoW) -> dict[str, Any]:
    """Approve an assessed award (AwardApproved); case by case needs the decided amount."""
    await handlers.approve(uow, who, award_id, body.amount_fen)
    return await _one(uow, award_id)


@router.post("/awards/{award_id}/pay")
async def pay(award_id: uuid.UUID, who: Admin, uow: UoW) -> dict[str, Any]:
    """Record an approved award as paid (AwardPaid)."""
    await handlers.pay(uow, who, award_id)
    return await _one(uow, award_id)


@router.post("/loans", status_code=201)
async def register_loan(body: LoanCreate, who: Provider, uow: UoW) -> dict[str, Any]:
    """Register a loan for the interest subsidy (an admin checks it)."""
    loan = await handlers.register_loan(uow, who, body.principal_fen, body.start, body.months)
    return _loan(loan)


@router.get("/loans")
async def list_loans(who: CurrentPrincipal, uow: UoW) -> list[dict[str, Any]]:
    """Your loans (an admin sees all)."""
    if who.role is Role.OFFICE:
        return []
    async with uow:
        found = await uow.loans.query(provider_id=None if who.is_admin else who.org_id)
    return [_loan(x) for x in found]


@router.post("/loans/{loan_id}/check")
async def check_loan(loan_id: uuid.UUID, body: LoanCheck, who: Admin, uow: UoW) -> dict[str, Any]:
    """Accept (checked) or reject a registered loan."""
    return _loan(await handlers.check_loan(uow, loan_id, body.accept, who))


@router.post("/relocations", status_code=201)
async def relocate(body: RelocationCreate, who: Admin, uow: UoW) -> dict[str, Any]:
    """Record an enterprise's move to an industrial park or zone (relocation subsidy, once)."""
    await handlers.relocate(uow, body.provider_id, body.year, body.zone)
    return body.model_dump(mode="json")


async def _one(uow: UoW, award_id: uuid.UUID) -> dict[str, Any]:
    async with uow:
        award = await uow.awards.get(award_id)
    if award is None:
        raise NotFound("award not found")
    return _award(award)


def _award(a: Any) -> dict[str, Any]:
    return {
        "award_id": a.award_id, "county": a.county, "year": a.year, "kind": a.kind.value,
        "subject": a.subject, "provider_id": a.provider_id, "rule": a.rule,
        "amount_fen": a.amount_fen, "case_by_case": a.amount_fen is None,
        "explanation": a.explanation, "figures": a.figures, "state": a.state.value,
    }  # fmt: skip


def _loan(x: Any) -> dict[str, Any]:
    return {"loan_id": x.loan_id, "provider_id": x.provider_id, "principal_fen": x.principal_fen,
            "start": x.start, "months": x.months, "state": x.state.value}  # fmt: skip
