"""One order's whole journey through the real intake and matching processes."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.integration.intake.conftest import new_office, order_body
from tests.integration.matching.conftest import broker, placements_for, register, soon
from tests.support.services import RunningService
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def test_order_goes_from_submitted_to_placed_to_delivered(
    intake: RunningService, matching: RunningService, bootstrap: str
) -> None:
    async with (
        httpx.AsyncClient(base_url=intake.url, timeout=30) as intake_http,
        httpx.AsyncClient(base_url=matching.url, timeout=30) as matching_http,
    ):
        await register(matching_http, category="knitting", units=150, county="jinyun")
        office = await new_office(intake_http)
        body = order_body(
            office,
            category="knitting",
            quantity=600,
            min_lot=100,
            materials_ready=str(soon(0)),  # deliveries are dated today: on or after it
            deadline=str(soon(15)),
        )
        created = await intake_http.post("/v1/orders", json=body, headers=office.headers)
        assert created.status_code == 201, created.text
        order_id = created.json()["id"]

        async def intake_order() -> dict[str, Any]:
            r = await intake_http.get(f"/v1/orders/{order_id}", headers=office.headers)
            return r.json()

        async def open_offers() -> list[dict[str, Any]]:
            r = await matching_http.get(
                "/v1/offers", params={"order_id": order_id}, headers=admin()
            )
            return r.json()

        offers = await eventually(
            open_offers, lambda o: sum(x["units"] for x in o) == 600, timeout=30
        )
        jobs = []
        for offer in offers:
            r = await matching_http.post(
                f"/v1/offers/{offer['id']}/accept", headers=broker(uuid.UUID(offer["provider_id"]))
            )
            assert r.status_code == 200, r.text
            jobs.append(r.json())
        placed = await eventually(intake_order, lambda o: o["status"] == "PLACED", timeout=30)
        assert placed["placed_units"] == 600

        for job in jobs:
            r = await matching_http.post(
                f"/v1/jobs/{job['id']}/delivery",
                json={"good_units": job["units"], "defective_units": 0},
                headers=broker(uuid.UUID(job["provider_id"])),
            )
            assert r.status_code == 200, r.text
        delivered = await eventually(intake_order, lambda o: o["status"] == "DELIVERED", timeout=30)

    steps = [h["to_status"] for h in delivered["history"]]
    assert steps[0] == "SUBMITTED" and steps[-3:] == ["PLACED", "IN_PRODUCTION", "DELIVERED"]
    events = [e["type"] for e in await placements_for(bootstrap, uuid.UUID(order_id))]
    n = len(offers)
    assert events == ["JobOffered"] * n + ["OfferAccepted"] * n + ["JobDelivered"] * n
