"""Issue 17 on matching's directory: a broker's calendar change (added, then withdrawn) and
capacity change are on its own audit list with its id and role; the admin who registered
the provider is on it too, as an act on the broker's behalf (ProviderAdminActed); another
broker sees none of it. Fails on the old code (directory writes recorded nothing)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest

from shared.identity import Role
from shared.region import clock
from tests.integration.matching.conftest import broker, register
from tests.support.tokens import bearer

pytestmark = pytest.mark.integration


async def audit_of(http: httpx.AsyncClient, headers: dict[str, str]) -> list[dict]:
    r = await http.get("/v1/audit", params={"limit": 1000}, headers=headers)
    assert r.status_code == 200, r.text
    return list(r.json())


async def test_a_brokers_calendar_and_capacity_changes_are_on_its_list(
    http: httpx.AsyncClient, retire: list[tuple[uuid.UUID, str]]
) -> None:
    provider = await register(http, category="garment_sewing", units=5)
    retire.append((provider, "garment_sewing"))
    first = clock.today() + timedelta(days=3)
    leave = {"first_day": str(first), "last_day": str(first + timedelta(days=4)),
             "percent": 40, "reason": "tea picking"}  # fmt: skip
    r = await http.post(f"/v1/providers/{provider}/calendar", json=leave, headers=broker(provider))
    assert r.status_code == 201, r.text
    exception_id = r.json()["id"]
    r = await http.delete(
        f"/v1/providers/{provider}/calendar/{exception_id}", headers=broker(provider)
    )
    assert r.status_code == 204, r.text
    r = await http.put(
        f"/v1/providers/{provider}/capacity/garment_sewing",
        json={"units_per_day": 4},
        headers=broker(provider),
    )
    assert r.status_code == 200, r.text

    mine = await audit_of(http, broker(provider))
    assert [(a["action"], a["object_id"]) for a in mine] == [
        ("capacity.set", str(provider)),
        ("calendar.remove", exception_id),
        ("calendar.add", exception_id),
        ("provider.register", str(provider)),
    ]
    *own, registered = mine
    for a in own:
        assert (a["actor_id"], a["actor_role"], a["on_behalf"]) == (
            str(provider),
            "provider",
            False,
        )
    assert registered["actor_role"] == "admin" and registered["on_behalf"] is True
    assert await audit_of(http, bearer(uuid.uuid4(), Role.PROVIDER)) == []
