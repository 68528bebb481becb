"""Issue 17 on intake's directory: an office's new client is on its audit list with its
id and role, and so is the admin who registered the office (an act on its behalf,
published as AdminActed); an admin's category and a new admin organisation are recorded
as that admin's acts; another office sees none of them. Fails on the old code (directory
writes recorded nothing)."""

from __future__ import annotations

import random
import string
import uuid

import httpx
import pytest

from shared.identity import Role
from tests.integration.intake.conftest import Office, new_office
from tests.integration.intake.test_orders_http import events_for
from tests.support.tokens import bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def audit_of(http: httpx.AsyncClient, headers: dict[str, str]) -> list[dict]:
    r = await http.get("/v1/audit", params={"limit": 1000}, headers=headers)
    assert r.status_code == 200, r.text
    return list(r.json())


async def test_an_offices_new_client_and_its_registration_are_on_its_list(
    http: httpx.AsyncClient, office: Office, bootstrap: str
) -> None:
    mine = await audit_of(http, office.headers)
    assert [(a["action"], a["object_type"]) for a in mine] == [
        ("client.add", "client"),
        ("office.register", "office"),
    ]
    added, registered = mine
    assert added["object_id"] == str(office.client_id)
    assert (added["actor_id"], added["actor_role"]) == (str(office.id), "office")
    assert added["owner_id"] == str(office.id) and added["on_behalf"] is False
    assert registered["actor_role"] == "admin" and registered["on_behalf"] is True
    assert registered["object_id"] == str(office.id)

    events = await eventually(
        lambda: events_for(bootstrap, str(office.id)),
        lambda e: any(x["type"] == "AdminActed" for x in e),
        timeout=30,
    )
    (acted,) = [e["payload"] for e in events if e["type"] == "AdminActed"]
    assert acted["action"] == "office.register" and acted["owner_id"] == str(office.id)

    other = await new_office(http)
    theirs = await audit_of(http, other.headers)
    assert {a["owner_id"] for a in theirs} == {str(other.id)}
    assert not {a["object_id"] for a in theirs} & {a["object_id"] for a in mine}


async def test_an_admins_category_and_new_admin_are_its_own_records(
    http: httpx.AsyncClient, office: Office
) -> None:
    admin_id = uuid.uuid4()
    as_admin = bearer(admin_id, Role.ADMIN)
    code = "audit_" + "".join(random.choices(string.ascii_lowercase, k=10))
    body = {"code": code, "name_en": "Audit weaving", "name_zh": "审计编织"}
    r = await http.post("/v1/categories", json=body, headers=as_admin)
    assert r.status_code == 201, r.text
    new_admin = uuid.uuid4()
    r = await http.post(
        "/v1/admins", json={"id": str(new_admin), "name": f"Fed {code}"}, headers=as_admin
    )
    assert r.status_code == 201, r.text

    everything = await audit_of(http, bearer(uuid.uuid4(), Role.ADMIN))
    acts = [a for a in everything if a["actor_id"] == str(admin_id)]
    assert [(a["action"], a["object_type"], a["actor_role"]) for a in acts] == [
        ("admin.register", "admin", "admin"),
        ("category.define", "category", "admin"),
    ]
    assert acts[0]["object_id"] == str(new_admin)
    assert acts[1]["owner_id"] == str(admin_id) and acts[1]["on_behalf"] is False
    assert not {a["actor_id"] for a in await audit_of(http, office.headers)} & {str(admin_id)}
