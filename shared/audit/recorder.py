"""Record a write's actor inside the handler's transaction (``uow.audit``), and publish the
admin's act on another organisation's object through the same outbox."""

from __future__ import annotations

import uuid
from typing import Protocol

from shared.audit.records import AuditRecord, audit_record
from shared.contracts.audit import AdminAct
from shared.events import Payload
from shared.identity import Principal
from shared.region import clock


class AuditSink(Protocol):
    async def add(self, record: AuditRecord) -> None: ...


class AuditedUnitOfWork(Protocol):
    @property
    def audit(self) -> AuditSink: ...

    def publish(self, payload: Payload) -> object: ...


async def record_write(
    uow: AuditedUnitOfWork,
    who: Principal,
    owner_id: uuid.UUID,
    action: str,
    object_type: str,
    object_id: uuid.UUID,
    acted: type[AdminAct] | None = None,
    **extra: object,
) -> AuditRecord:
    """The record, stored; when an admin acted on another organisation's object, also
    ``acted`` (the service's own AdminActed contract, with ``extra`` fields) published.

    ``acted`` None: a write no admin makes for another organisation (the balancer's
    loans, answers and seasons); such an act would be a bug, so it raises."""
    record = audit_record(who, owner_id, action, object_type, object_id, clock.now())
    if record.on_behalf and acted is None:
        raise RuntimeError(f"{action} by an admin for another organisation has no event")
    await uow.audit.add(record)
    if record.on_behalf and acted is not None:
        uow.publish(
            acted(
                record_id=record.id,
                admin_id=record.actor_id,
                admin_role=record.actor_role.value,
                owner_id=record.owner_id,
                action=record.action,
                object_type=record.object_type,
                object_id=record.object_id,
                at=record.at,
                **extra,
            )
        )
    return record
