"""An audit record: one write, who made it, and whose object it touched. Pure."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from shared.identity import Principal, Role


@dataclass(frozen=True)
class AuditRecord:
    id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID  # the organisation that acted (an admin's own id for an admin)
    actor_role: Role
    owner_id: uuid.UUID  # the organisation whose object it is
    action: str  # e.g. "order.amend", "offer.accept", "secret.rotate"
    object_type: str
    object_id: uuid.UUID

    @property
    def on_behalf(self) -> bool:
        """An admin acted on another organisation's object: an event of its own."""
        return self.actor_role is Role.ADMIN and self.actor_id != self.owner_id


def audit_record(
    who: Principal,
    owner_id: uuid.UUID,
    action: str,
    object_type: str,
    object_id: uuid.UUID,
    at: datetime,
) -> AuditRecord:
    return AuditRecord(
        uuid.uuid4(), at, who.org_id, who.role, owner_id, action, object_type, object_id
    )
