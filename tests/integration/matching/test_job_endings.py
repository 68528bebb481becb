"""Issue 12 (items 2, 7, 10) on the real stack: a cancelled order's jobs, deliveries in
several shipments with their date and tolerance rules, and the status filters."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from shared.contracts.orders import OrderAmended, OrderCancelled
from shared.kafka.topics import ORDERS
from tests.integration.matching.conftest import (
    broker,
    of_type,
    placements_for,
    publish,
    register,
    soon,
)
from tests.integration.matching.test_jobs_and_access import accepted_job
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
Cast = list[tuple[uuid.UUID, str]]
CATEGORY = "garment_sewing"


async def job_of(http: httpx.AsyncClient, bootstrap: str, quantity: int, **over: Any) -> dict:
    return await accepted_job(
        http, bootstrap, quantity, CATEGORY, materials_ready=soon(-3), deadline=soon(20), **over
    )


async def booked(http: httpx.AsyncClient, provider_id: str) -> int:
    r = await http.get(
        f"/v1/providers/{provider_id}/free-capacity",
        params={"category": CATEGORY, "first_day": str(soon(-5)), "last_day": str(soon(25))},
        headers=admin(),
    )
    assert r.status_code == 200, r.text
    return sum(d["booked"] for d in r.json())


async def cancel(bootstrap: str, order_id: str) -> list[dict]:
    oid = uuid.UUID(order_id)
    await publish(bootstrap, ORDERS, OrderCancelled(order_id=oid, reason="client gone"), order_id)
    events = await eventually(
        lambda: placements_for(bootstrap, oid),
        lambda e: bool(of_type(e, "JobCancelled")),
        timeout=30,
        what="JobCancelled",
    )
    return [e["payload"] for e in of_type(events, "JobCancelled")]


async def test_cancelled_order_cancels_its_jobs_keeps_what_is_made_and_refuses_more(
    http: httpx.AsyncClient, bootstrap: str, retire: Cast
) -> None:
    """Fails on the old code: the job stayed accepted and no JobCancelled came."""
    retire.append((await register(http, category=CATEGORY, units=300), CATEGORY))
    idle = await job_of(http, bootstrap, 120)
    busy = await job_of(http, bootstrap, 120)
    me_busy = broker(uuid.UUID(busy["provider_id"]))
    r = await http.post(f"/v1/jobs/{busy['id']}/progress", json={"units_done": 30}, headers=me_busy)
    assert r.status_code == 200, r.text
    before = await booked(http, idle["provider_id"])

    (told,) = await cancel(bootstrap, idle["order_id"])
    assert (told["units_kept"], told["units_released"]) == (0, 120)
    assert await booked(http, idle["provider_id"]) == before - 120
    (told,) = await cancel(bootstrap, busy["order_id"])
    assert (told["units_kept"], told["units_released"]) == (30, 90)

    for job in (idle, busy):
        me = broker(uuid.UUID(job["provider_id"]))
        seen = (await http.get(f"/v1/jobs/{job['id']}", headers=me)).json()
        assert seen["status"] == "cancelled" and seen["cancel_reason"] == "the order was cancelled"
        r = await http.post(f"/v1/jobs/{job['id']}/progress", json={"units_done": 60}, headers=me)
        assert r.status_code == 409 and "the order was cancelled" in r.json()["detail"]
        r = await http.post(
            f"/v1/jobs/{job['id']}/delivery",
            json={"good_units": 30, "defective_units": 0},
            headers=me,
        )
        assert r.status_code == 409 and "the order was cancelled" in r.json()["detail"]
    kept = (await http.get(f"/v1/jobs/{busy['id']}", headers=me_busy)).json()
    assert kept["units_kept"] == 30


async def test_deliveries_in_several_shipments_with_date_and_tolerance_rules(
    http: httpx.AsyncClient, bootstrap: str, retire: Cast
) -> None:
    """Fails on the old code: a short delivery was a 422, a second one a 409, a delivery
    before the materials were ready was taken, and 3% defective against 2% passed unflagged."""
    retire.append((await register(http, category=CATEGORY, units=300), CATEGORY))
    job = await job_of(http, bootstrap, 200, defect_tolerance_pct="2")
    me = broker(uuid.UUID(job["provider_id"]))
    url = f"/v1/jobs/{job['id']}/delivery"

    early = await http.post(
        url,
        json={"good_units": 10, "defective_units": 0, "delivered_on": str(soon(-4))},
        headers=me,
    )
    assert early.status_code == 422 and early.json()["detail"][0]["field"] == "delivered_on"
    assert "materials were ready" in early.json()["detail"][0]["reason"]
    future = await http.post(
        url, json={"good_units": 10, "defective_units": 0, "delivered_on": str(soon(3))}, headers=me
    )
    assert future.status_code == 422 and "future" in future.json()["detail"][0]["reason"]

    short = await http.post(url, json={"good_units": 97, "defective_units": 3}, headers=me)
    assert short.status_code == 200, short.text
    body = short.json()
    assert body["status"] == "partly_delivered" and body["units_delivered"] == 100
    assert body["over_tolerance"] is True and body["deliveries"][0]["over_tolerance"] is True

    beyond = await http.post(url, json={"good_units": 101, "defective_units": 0}, headers=me)
    assert beyond.status_code == 422 and "100 units" in beyond.json()["detail"][0]["reason"]
    rest = await http.post(url, json={"good_units": 100, "defective_units": 0}, headers=me)
    assert rest.status_code == 200, rest.text
    done = rest.json()
    assert done["status"] == "delivered" and (done["good_units"], done["defective_units"]) == (
        197,
        3,
    )
    assert [d["over_tolerance"] for d in done["deliveries"]] == [True, False]
    again = await http.post(url, json={"good_units": 1, "defective_units": 0}, headers=me)
    assert again.status_code == 409

    events = await eventually(
        lambda: placements_for(bootstrap, uuid.UUID(job["order_id"])),
        lambda e: len(of_type(e, "JobDelivered")) == 2,
        timeout=30,
    )
    first, last = of_type(events, "JobDelivered")
    assert first["version"] == 2 and first["payload"]["final"] is False
    assert first["payload"]["over_tolerance"] is True
    assert last["payload"]["final"] is True and last["payload"]["total_good_units"] == 197
    profile = (await http.get(f"/v1/providers/{job['provider_id']}", headers=me)).json()
    assert profile["delivered_jobs"] >= 1


@pytest.mark.parametrize(
    ("path", "one_allowed"), [("/v1/offers", "'withdrawn'"), ("/v1/jobs", "'partly_delivered'")]
)
async def test_unknown_status_filter_is_a_422_listing_the_allowed(
    http: httpx.AsyncClient, path: str, one_allowed: str
) -> None:
    """Fails on the old code: ?status=all answered 200 []."""
    r = await http.get(path, params={"status": "all"}, headers=admin())
    assert r.status_code == 422, r.text
    (problem,) = r.json()["detail"]
    assert problem["field"].endswith("status") and one_allowed in problem["reason"], problem
    assert (await http.get(path, params={"status": ""}, headers=admin())).status_code == 200
    assert (await http.get(path, params={"status": "accepted"}, headers=admin())).status_code == 200


async def test_an_amended_deadline_reaches_the_live_job(
    http: httpx.AsyncClient, bootstrap: str, retire: Cast
) -> None:
    """Fails on the old code: the accepted job kept the deadline it was accepted with."""
    retire.append((await register(http, category="crochet", units=200), "crochet"))
    job = await accepted_job(http, bootstrap, 100, deadline=soon(20))
    amended = OrderAmended(
        order_id=uuid.UUID(job["order_id"]),
        quantity=100,
        deadline=soon(40),
        previous_quantity=100,
        previous_deadline=soon(20),
    )
    await publish(bootstrap, ORDERS, amended, job["order_id"])

    async def deadline() -> str:
        return (await http.get(f"/v1/jobs/{job['id']}", headers=admin())).json()["deadline"]

    await eventually(
        deadline, lambda d: d == soon(40).isoformat(), timeout=30, what="the new deadline"
    )
