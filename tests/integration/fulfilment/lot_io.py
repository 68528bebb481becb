"""What the fulfilment tests share: a provider that takes their orders, an order with
supplied materials, its offer accepted, and its lot as fulfilment shows it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import httpx

from shared.region import clock
from tests.integration.intake.conftest import Office, new_office, order_body
from tests.integration.matching.conftest import broker, register
from tests.support.tokens import admin
from tests.support.waiting import eventually

CATEGORY = "knitting"  # 2 % process loss by default


@asynccontextmanager
async def a_provider(mt: httpx.AsyncClient) -> AsyncIterator[uuid.UUID]:
    """A provider of 150 units a day in ``CATEGORY``; its capacity is taken back after, as
    it would take later tests' orders."""
    provider = await register(mt, category=CATEGORY, units=150)
    try:
        yield provider
    finally:
        r = await mt.put(
            f"/v1/providers/{provider}/capacity/{CATEGORY}",
            json={"units_per_day": 0},
            headers=admin(),
        )
        assert r.status_code == 200, r.text


async def order_with_materials(
    ik: httpx.AsyncClient, materials: list[dict[str, str]], **over: object
) -> tuple[Office, str]:
    """A new office's order of 300 units in one lot, due in 15 days: (office, order id)."""
    today = clock.today()
    office = await new_office(ik)
    body = order_body(
        office,
        category=CATEGORY,
        quantity=300,
        min_lot=300,
        materials_ready=str(today),
        deadline=str(today + timedelta(days=15)),
        materials=materials,
        **over,
    )
    r = await ik.post("/v1/orders", json=body, headers=office.headers)
    assert r.status_code == 201, r.text
    return office, r.json()["id"]


async def accept_the_offer(mt: httpx.AsyncClient, order_id: str) -> str:
    """The order's one open offer, accepted by its provider: the job's id."""

    async def offers() -> list[dict[str, Any]]:
        r = await mt.get("/v1/offers", params={"order_id": order_id}, headers=admin())
        return [o for o in r.json() if o["status"] == "open"]

    [offer] = await eventually(offers, lambda o: len(o) == 1, what="one offer")
    r = await mt.post(
        f"/v1/offers/{offer['id']}/accept", headers=broker(uuid.UUID(offer["provider_id"]))
    )
    assert r.status_code == 200, r.text
    return str(r.json()["id"])


async def lot(ff: httpx.AsyncClient, job: str, headers: dict[str, str], ok: Any) -> Any:
    """The lot as fulfilment shows it, once ``ok`` says it is as awaited."""

    async def shown() -> Any:
        r = await ff.get(f"/v1/lots/{job}", headers=headers)
        return r.json() if r.status_code == 200 else None

    return await eventually(shown, lambda lot: lot is not None and ok(lot), what="the lot")
