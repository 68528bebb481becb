"""``uow.audit``: audit records in the service's own schema (the only SQL of the audit)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from shared.audit.records import AuditRecord
from shared.identity import Role


class AuditRepository:
    def __init__(self, session: AsyncSession, table: sa.Table) -> None:
        self._s, self._t = session, table

    async def add(self, record: AuditRecord) -> None:
        await self._s.execute(
            sa.insert(self._t).values(
                id=record.id,
                at=record.at,
                actor_id=record.actor_id,
                actor_role=record.actor_role.value,
                owner_id=record.owner_id,
                action=record.action,
                object_type=record.object_type,
                object_id=record.object_id,
            )
        )

    async def listed(self, owner_id: uuid.UUID | None, limit: int) -> list[AuditRecord]:
        """Newest first; the records about ``owner_id``'s objects, or all (None)."""
        t = self._t
        query = sa.select(t).order_by(t.c.at.desc(), t.c.id).limit(limit)
        if owner_id is not None:
            query = query.where(t.c.owner_id == owner_id)
        return [
            AuditRecord(
                r.id,
                r.at,
                r.actor_id,
                Role(r.actor_role),
                r.owner_id,
                r.action,
                r.object_type,
                r.object_id,
            )
            for r in await self._s.execute(query)
        ]
