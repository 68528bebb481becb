"""Every order write records its actor (issue 17): an office's own write as the office, an
admin's amendment as the admin, with AdminActed published in the same unit of work; the
office sees both, another office neither. The pure rule: only an admin on another
organisation's object is 'on behalf'."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from services.intake.handlers import amend_order, audit_records
from services.intake.schemas import OrderAmend
from shared.audit.records import audit_record
from shared.contracts.audit import AdminActed
from shared.identity import Principal, Role
from shared.region import clock
from tests.unit.journey.memory_world import MemoryWorld

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def test_only_an_admin_on_anothers_object_acts_on_behalf() -> None:
    office, thing = uuid.uuid4(), uuid.uuid4()
    admin = Principal(uuid.uuid4(), Role.ADMIN)
    assert audit_record(admin, office, "order.amend", "order", thing, NOW).on_behalf
    assert not audit_record(
        Principal(office, Role.OFFICE), office, "x", "order", thing, NOW
    ).on_behalf
    assert not audit_record(admin, admin.org_id, "x", "order", thing, NOW).on_behalf


async def test_an_admins_amendment_is_recorded_and_published() -> None:
    world = MemoryWorld()
    today = clock.today()
    order_id = await world.submit(100, 10, today + timedelta(days=2), today + timedelta(days=20))
    admin = Principal(uuid.uuid4(), Role.ADMIN)
    await amend_order(world.intake, admin, order_id, OrderAmend(quantity=120))

    office = Principal(world.office, Role.OFFICE)
    mine = await audit_records(world.intake, office, 10)
    assert [(r.action, r.actor_id, r.actor_role, r.on_behalf) for r in mine] == [
        ("order.amend", admin.org_id, Role.ADMIN, True),
        ("order.submit", world.office, Role.OFFICE, False),
    ]
    stranger = Principal(uuid.uuid4(), Role.OFFICE)
    assert await audit_records(world.intake, stranger, 10) == []
    (acted,) = [p for p in world.bus.payloads() if isinstance(p, AdminActed)]
    assert (acted.admin_id, acted.owner_id, acted.object_id) == (
        admin.org_id,
        world.office,
        order_id,
    )
