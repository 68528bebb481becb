"""The balancer's audit records (issue 17): who offered or withdrew a loan, opted in or
out, answered a transfer or defined a season, and who may read it.

Only a provider makes its loans, opt-ins and answers (an admin gets 403) and a season is
the defining admin's own, so no admin acts here on another organisation's object: the
balancer has no AdminActed event (``record_write`` raises if one ever would be due).
"""

from __future__ import annotations

import uuid

from services.balancer.adapters.uow import BalancerUnitOfWork
from shared.audit.recorder import record_write
from shared.audit.records import AuditRecord
from shared.identity import Principal


async def record(
    uow: BalancerUnitOfWork, who: Principal, action: str, object_type: str, object_id: uuid.UUID
) -> None:
    """Inside the command's unit of work: the caller's own write on its own object."""
    await record_write(uow, who, who.org_id, action, object_type, object_id)


async def audit_records(uow: BalancerUnitOfWork, who: Principal, limit: int) -> list[AuditRecord]:
    """Records about the caller's organisation's objects; an admin's: all."""
    async with uow:
        return await uow.audit.listed(None if who.is_admin else who.org_id, limit)
