"""Who did what (issue 17, finding 6): every order write records its actor; an admin's
act on an office's order is visible to that office, with the admin's id and role, and
published as AdminActed; another office sees none of it. Fails on the old code (no
``GET /v1/audit``, no record, no event)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from shared.identity import Role
from tests.integration.intake.conftest import Office, new_office, order_body
from tests.integration.intake.test_orders_http import events_for
from tests.support.tokens import bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def audit_of(http: httpx.AsyncClient, headers: dict[str, str]) -> list[dict]:
    r = await http.get("/v1/audit", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


async def test_an_admins_amendment_is_on_the_offices_audit_list(
    http: httpx.AsyncClient, office: Office, bootstrap: str
) -> None:
    r = await http.post("/v1/orders", json=order_body(office), headers=office.headers)
    assert r.status_code == 201, r.text
    order_id = r.json()["id"]
    admin_id = uuid.uuid4()
    r = await http.patch(
        f"/v1/orders/{order_id}",
        json={"quantity": 1300},
        headers=bearer(admin_id, Role.ADMIN),
    )
    assert r.status_code == 200, r.text

    mine = [a for a in await audit_of(http, office.headers) if a["object_id"] == order_id]
    assert [(a["action"], a["actor_role"], a["actor_id"], a["on_behalf"]) for a in mine] == [
        ("order.amend", "admin", str(admin_id), True),
        ("order.submit", "office", str(office.id), False),
    ]
    assert {a["owner_id"] for a in mine} == {str(office.id)}

    other = await new_office(http)
    assert [a for a in await audit_of(http, other.headers) if a["object_id"] == order_id] == []
    everyone = await audit_of(http, bearer(uuid.uuid4(), Role.ADMIN))
    assert {a["action"] for a in everyone if a["object_id"] == order_id} == {
        "order.submit",
        "order.amend",
    }

    events = await eventually(
        lambda: events_for(bootstrap, order_id),
        lambda e: any(x["type"] == "AdminActed" for x in e),
        timeout=30,
    )
    (acted,) = [e["payload"] for e in events if e["type"] == "AdminActed"]
    assert acted["admin_id"] == str(admin_id) and acted["owner_id"] == str(office.id)
    assert acted["action"] == "order.amend" and acted["admin_role"] == "admin"


async def test_an_admin_rotating_an_offices_secret_is_on_its_list(
    http: httpx.AsyncClient, office: Office
) -> None:
    admin_id = uuid.uuid4()
    r = await http.post(f"/v1/offices/{office.id}/secret", headers=bearer(admin_id, Role.ADMIN))
    assert r.status_code == 200, r.text
    mine = await audit_of(http, office.headers)
    rotated, registered = [a for a in mine if a["object_type"] == "office"]
    assert (rotated["action"], rotated["actor_id"]) == ("secret.rotate", str(admin_id))
    assert registered["action"] == "office.register"
