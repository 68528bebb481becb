"""Who wrote what in the balancer (issue 17): loans, opt-ins, transfer answers, seasons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.balancer.api.deps import UoW
from services.balancer.handlers.audit import audit_records
from shared.audit.schemas import AuditRecordPublic
from shared.identity.fastapi_auth import CurrentPrincipal

router = APIRouter(prefix="/v1", tags=["audit"])


@router.get("/audit", response_model=list[AuditRecordPublic])
async def audit(
    who: CurrentPrincipal, uow: UoW, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[AuditRecordPublic]:
    """Who wrote what on your loans, opt-ins and transfer answers, newest first (an admin
    sees all, seasons included)."""
    return [AuditRecordPublic.of(r) for r in await audit_records(uow, who, limit)]
