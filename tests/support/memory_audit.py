"""``uow.audit`` in memory (shared/audit), for the intake, matching and balancer fakes."""

from __future__ import annotations

import uuid
from typing import Protocol

from shared.audit.records import AuditRecord
from shared.audit.repository import AuditRepository


class HasAudit(Protocol):
    audit: list[AuditRecord]


class MemoryAudit(AuditRepository):
    def __init__(self, state: HasAudit) -> None:
        self.s = state  # read through the state: a rollback replaces its list

    async def add(self, record: AuditRecord) -> None:
        self.s.audit.append(record)

    async def listed(self, owner_id: uuid.UUID | None, limit: int) -> list[AuditRecord]:
        mine = [r for r in reversed(self.s.audit) if owner_id in (None, r.owner_id)]
        return mine[:limit]
