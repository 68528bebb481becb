"""Transfers: proposals to move units of a late job to a lender, answered by the receiver."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from services.balancer.adapters import views
from services.balancer.api.deps import Infra, Provider, ProviderOrAdmin, UoW
from services.balancer.domain.transfers.transfer import TransferState
from services.balancer.handlers import transfers as answers
from services.balancer.schemas import TransferDecline, TransferPublic
from shared.region import clock

router = APIRouter(prefix="/v1", tags=["transfers"])


@router.get("/transfers", response_model=list[TransferPublic])
async def list_transfers(
    who: ProviderOrAdmin,
    infra: Infra,
    state: Annotated[TransferState | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[TransferPublic]:
    """Transfers to or from you, newest first (an admin sees all)."""
    async with infra.sessions() as s:
        return await views.transfers(s, who, state, limit)


@router.get("/transfers/{transfer_id}", response_model=TransferPublic)
async def get_transfer(
    transfer_id: uuid.UUID, who: ProviderOrAdmin, infra: Infra
) -> TransferPublic:
    """One transfer you send or receive."""
    async with infra.sessions() as s:
        return await views.transfer(s, who, transfer_id)


@router.post("/transfers/{transfer_id}/accept", response_model=TransferPublic)
async def accept_transfer(
    transfer_id: uuid.UUID, who: Provider, uow: UoW, infra: Infra
) -> TransferPublic:
    """Accept a proposed transfer as its receiver (TransferAccepted asks matching to split)."""
    await answers.answer_transfer(uow, who, transfer_id, True, "", clock.now())
    async with infra.sessions() as s:
        return await views.transfer(s, who, transfer_id)


@router.post("/transfers/{transfer_id}/decline", response_model=TransferPublic)
async def decline_transfer(
    transfer_id: uuid.UUID, body: TransferDecline, who: Provider, uow: UoW, infra: Infra
) -> TransferPublic:
    """Decline a proposed transfer as its receiver; the loan's units are released."""
    await answers.answer_transfer(uow, who, transfer_id, False, body.reason, clock.now())
    async with infra.sessions() as s:
        return await views.transfer(s, who, transfer_id)
