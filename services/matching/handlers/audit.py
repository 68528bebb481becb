"""Matching's audit records (issue 17): who wrote what on a broker's offers and jobs, and
who may read it."""

from __future__ import annotations

import uuid

from services.matching.adapters.uow import MatchingUnitOfWork
from shared.audit.recorder import record_write
from shared.audit.records import AuditRecord
from shared.contracts.audit import PlacementAdminActed, ProviderAdminActed
from shared.identity import Principal


async def record_placement_write(
    uow: MatchingUnitOfWork,
    who: Principal | None,
    provider_id: uuid.UUID,
    order_id: uuid.UUID,
    action: str,
    object_type: str,
    object_id: uuid.UUID,
) -> None:
    """Inside the command's unit of work; ``who`` None is the service itself (the matcher
    accepting for an auto-accepting provider), which the job's own events already tell."""
    if who is not None:
        await record_write(
            uow, who, provider_id, action, object_type, object_id, PlacementAdminActed,
            order_id=order_id,
        )  # fmt: skip


async def record_rotation(uow: MatchingUnitOfWork, who: Principal, provider_id: uuid.UUID) -> None:
    """Inside the rotation's unit of work: the record and ProviderAdminActed."""
    await record_provider_write(uow, who, provider_id, "secret.rotate")


async def record_provider_write(
    uow: MatchingUnitOfWork,
    who: Principal,
    provider_id: uuid.UUID,
    action: str,
    object_type: str = "provider",
    object_id: uuid.UUID | None = None,
) -> None:
    """Inside the command's unit of work: a write on a provider's profile, capacity,
    calendar or secret (an admin's on a broker's provider is also ProviderAdminActed)."""
    await record_write(
        uow, who, provider_id, action, object_type, object_id or provider_id, ProviderAdminActed
    )


async def audit_records(uow: MatchingUnitOfWork, who: Principal, limit: int) -> list[AuditRecord]:
    """Records about the caller's own provider; an admin's: all."""
    async with uow:
        return await uow.audit.listed(None if who.is_admin else who.org_id, limit)
