"""Issue 17 on the real matching process: an admin accepting a broker's offer is on the
broker's audit list and published as PlacementAdminActed (another broker sees nothing of
it); a broker's own write records the broker; an order row stored past intake's bounds
(inserted straight into the database) is parked with its reason while the orders around
it are offered. Fails on the old code (no /v1/audit, no parked state)."""

from __future__ import annotations

import uuid
from datetime import date

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from services.matching.domain.guard import ParkReason
from shared.identity import Role
from tests.integration.matching.conftest import (
    broker,
    of_type,
    order,
    placements_for,
    register,
    submit,
)
from tests.integration.matching.test_matching_flow import offers_of
from tests.support.stack import role_url
from tests.support.tokens import admin, bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def audit_of(http: httpx.AsyncClient, headers: dict[str, str]) -> list[dict]:
    r = await http.get("/v1/audit", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


async def test_an_admin_accepting_for_a_broker_is_on_the_brokers_list(
    http: httpx.AsyncClient, bootstrap: str, retire: list[tuple[uuid.UUID, str]]
) -> None:
    retire.append((await register(http, category="garment_sewing", units=100), "garment_sewing"))
    first = order(category="garment_sewing", quantity=40, min_lot=40)
    second = order(category="garment_sewing", quantity=40, min_lot=40)
    for o in (first, second):
        await submit(bootstrap, o)
    offered = [
        of_type(await offers_of(bootstrap, o.order_id), "JobOffered")[0]["payload"]
        for o in (first, second)
    ]
    provider, other = (uuid.UUID(o["provider_id"]) for o in offered)
    admin_id = uuid.uuid4()
    r = await http.post(
        f"/v1/offers/{offered[0]['offer_id']}/accept", headers=bearer(admin_id, Role.ADMIN)
    )
    assert r.status_code == 200, r.text
    r = await http.post(f"/v1/offers/{offered[1]['offer_id']}/accept", headers=broker(other))
    assert r.status_code == 200, r.text

    mine = await audit_of(http, broker(provider))
    seen = {a["object_id"]: (a["action"], a["actor_id"], a["actor_role"]) for a in mine}
    assert seen[offered[0]["offer_id"]] == ("offer.accept", str(admin_id), "admin")
    theirs = await audit_of(http, broker(other))
    seen = {a["object_id"]: (a["action"], a["actor_id"], a["actor_role"]) for a in theirs}
    assert seen[offered[1]["offer_id"]] == ("offer.accept", str(other), "provider")
    assert await audit_of(http, broker(uuid.uuid4())) == []

    events = await eventually(
        lambda: placements_for(bootstrap, first.order_id),
        lambda e: bool(of_type(e, "PlacementAdminActed")),
        timeout=30,
    )
    (acted,) = [e["payload"] for e in of_type(events, "PlacementAdminActed")]
    assert acted["admin_id"] == str(admin_id) and acted["owner_id"] == str(provider)


async def test_a_stored_9999_order_is_parked_and_the_next_order_is_offered(
    http: httpx.AsyncClient, bootstrap: str, retire: list[tuple[uuid.UUID, str]]
) -> None:
    retire.append(
        (await register(http, category="pearl_embroidery", units=100), "pearl_embroidery")
    )
    bad = order(category="pearl_embroidery", quantity=30, min_lot=30)
    await submit(bootstrap, bad)
    await offers_of(bootstrap, bad.order_id)  # stored and placed once
    engine = create_async_engine(
        role_url("matching"), connect_args={"server_settings": {"search_path": "matching"}}
    )
    try:
        async with engine.begin() as conn:  # past intake's bounds, as an old row would be
            await conn.execute(
                sa.text("UPDATE orders SET deadline = :d, state = 'pending' WHERE id = :id"),
                {"d": date(9999, 12, 30), "id": bad.order_id},
            )
    finally:
        await engine.dispose()
    good = order(category="pearl_embroidery", quantity=30, min_lot=30)
    await submit(bootstrap, good)
    assert of_type(await offers_of(bootstrap, good.order_id), "JobOffered")
    parked = await eventually(
        lambda: _parked(http),
        lambda found: str(bad.order_id) in found,
        timeout=30,
        what="the parked order",
    )
    assert parked[str(bad.order_id)] == ParkReason.DATES.value


async def _parked(http: httpx.AsyncClient) -> dict[str, str]:
    r = await http.get("/v1/matcher/parked", headers=admin())
    assert r.status_code == 200, r.text
    return {p["order_id"]: p["reason"] for p in r.json()}
