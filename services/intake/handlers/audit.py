"""Intake's audit records (issue 17): who wrote what, and who may read it."""

from __future__ import annotations

import uuid

from services.intake.adapters.uow import IntakeUnitOfWork
from shared.audit.recorder import record_write
from shared.audit.records import AuditRecord
from shared.contracts.audit import AdminActed
from shared.identity import Principal


async def record_rotation(
    uow: IntakeUnitOfWork, who: Principal, org_id: uuid.UUID, org_type: str = "office"
) -> None:
    """An admin rotated an office's (or an admin organisation's) secret: that
    organisation's record, and AdminActed.

    The rotation itself commits in ``rotate_secret`` (shared token exchange); the record
    follows in its own transaction."""
    async with uow:
        await record_write(uow, who, org_id, "secret.rotate", org_type, org_id, AdminActed)
        await uow.commit()


async def audit_records(uow: IntakeUnitOfWork, who: Principal, limit: int) -> list[AuditRecord]:
    """Records about the caller's organisation's objects; an admin's: all."""
    async with uow:
        return await uow.audit.listed(None if who.is_admin else who.org_id, limit)
