"""``GET /v1/audit``'s answer, the same in every service."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

from shared.audit.records import AuditRecord


class AuditRecordPublic(BaseModel):
    id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID
    actor_role: str
    owner_id: uuid.UUID
    action: str
    object_type: str
    object_id: uuid.UUID
    on_behalf: bool  # an admin acted on this organisation's object

    @classmethod
    def of(cls, r: AuditRecord) -> AuditRecordPublic:
        return cls(
            id=r.id,
            at=r.at,
            actor_id=r.actor_id,
            actor_role=r.actor_role.value,
            owner_id=r.owner_id,
            action=r.action,
            object_type=r.object_type,
            object_id=r.object_id,
            on_behalf=r.on_behalf,
        )
