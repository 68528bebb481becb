"""What operators and organisations may see of matching's own bookkeeping (issue 17): the
orders the matcher parked (``domain/guard.py``) and the audit records."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from services.matching.api.deps import Admin, MatchingUoW
from services.matching.handlers.audit import audit_records
from shared.audit.schemas import AuditRecordPublic
from shared.identity.fastapi_auth import CurrentPrincipal

router = APIRouter(prefix="/v1", tags=["oversight"])


class ParkedOrder(BaseModel):
    order_id: uuid.UUID
    reason: str


@router.get("/matcher/parked", response_model=list[ParkedOrder])
async def parked_orders(
    _: Admin, uow: MatchingUoW, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[ParkedOrder]:
    """Orders the matcher set aside and why (admin): a stored row it could not plan.
    An amendment with sound terms puts one back in the queue."""
    async with uow:
        found = await uow.queue.parked(limit)
    return [ParkedOrder(order_id=i, reason=r) for i, r in found]


@router.get("/audit", response_model=list[AuditRecordPublic])
async def audit(
    who: CurrentPrincipal, uow: MatchingUoW, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[AuditRecordPublic]:
    """Who wrote what on your offers, jobs and secret, newest first, with the admins' acts
    for you (an admin sees all)."""
    return [AuditRecordPublic.of(r) for r in await audit_records(uow, who, limit)]
