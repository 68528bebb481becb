"""Capacity loans and receiver opt-ins: what a factory offers to take on for others."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from services.balancer.adapters import views
from services.balancer.api.deps import Infra, Provider, ProviderOrAdmin, UoW
from services.balancer.handlers import loans as handlers
from services.balancer.schemas import LoanCreate, LoanPublic, OptInCreate, OptInPublic
from shared.region import clock
from shared.service.errors import NotFound

router = APIRouter(prefix="/v1")


@router.post("/loans", status_code=201, response_model=LoanPublic, tags=["loans"])
async def offer_loan(body: LoanCreate, who: Provider, uow: UoW, infra: Infra) -> LoanPublic:
    """Offer spare units per day in one category for a date range (CapacityLoanOffered)."""
    loan_id = await handlers.offer_loan(uow, who, body, clock.today())
    return await _own_loan(infra, who, loan_id)


@router.get("/loans", response_model=list[LoanPublic], tags=["loans"])
async def list_loans(who: ProviderOrAdmin, infra: Infra) -> list[LoanPublic]:
    """Your loans with what transfers reserved on them (an admin sees all)."""
    async with infra.sessions() as s:
        return await views.loans(s, who)


@router.post("/loans/{loan_id}/withdraw", response_model=LoanPublic, tags=["loans"])
async def withdraw_loan(loan_id: uuid.UUID, who: Provider, uow: UoW, infra: Infra) -> LoanPublic:
    """Withdraw a loan no open transfer holds (CapacityLoanWithdrawn)."""
    await handlers.withdraw_loan(uow, who, loan_id)
    return await _own_loan(infra, who, loan_id)


@router.post("/receivers", status_code=201, response_model=OptInPublic, tags=["receivers"])
async def opt_in(body: OptInCreate, who: Provider, uow: UoW, infra: Infra) -> OptInPublic:
    """Opt in to receive work in one category: your spare after your own jobs is lendable."""
    opt_in_id = await handlers.opt_in(uow, who, body)
    async with infra.sessions() as s:
        return next(o for o in await views.opt_ins(s, who) if o.id == opt_in_id)


@router.get("/receivers", response_model=list[OptInPublic], tags=["receivers"])
async def list_opt_ins(who: ProviderOrAdmin, infra: Infra) -> list[OptInPublic]:
    """Your opt-ins (an admin sees all)."""
    async with infra.sessions() as s:
        return await views.opt_ins(s, who)


@router.delete("/receivers/{opt_in_id}", status_code=204, tags=["receivers"])
async def opt_out(opt_in_id: uuid.UUID, who: Provider, uow: UoW) -> Response:
    """Stop receiving work under this opt-in (transfers already proposed stay)."""
    await handlers.opt_out(uow, who, opt_in_id)
    return Response(status_code=204)


async def _own_loan(infra: Infra, who: Provider, loan_id: uuid.UUID) -> LoanPublic:
    async with infra.sessions() as s:
        for loan in await views.loans(s, who):
            if loan.id == loan_id:
                return loan
    raise NotFound("loan not found")
