"""Jobs (progress, delivery, transfer splits) and who may touch what, over HTTP and Kafka."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from shared.contracts.balancer import TransferAccepted
from shared.kafka.topics import TRANSFERS
from shared.region import clock
from tests.integration.matching.conftest import (
    broker,
    of_type,
    order,
    placements_for,
    publish,
    register,
    soon,
    submit,
)
from tests.integration.matching.test_matching_flow import offers_of
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
# Far enough ahead that no season of another test applies, inside the two-year window
# (this test used 2031, more than four years out, before dates were bounded).
FAR = clock.today() + timedelta(days=600)


async def accepted_job(
    http: httpx.AsyncClient,
    bootstrap: str,
    quantity: int = 120,
    category: str = "crochet",
    **over: Any,
) -> dict:
    """One order of ``quantity`` (one lot), its offer accepted by whoever got it. Materials
    were ready two days ago unless ``over`` says otherwise (a delivery today is after them)."""
    terms: dict[str, Any] = {"materials_ready": soon(-2), **over}
    o = order(category=category, quantity=quantity, min_lot=quantity, **terms)
    await submit(bootstrap, o)
    offered = of_type(await offers_of(bootstrap, o.order_id), "JobOffered")[0]["payload"]
    r = await http.post(
        f"/v1/offers/{offered['offer_id']}/accept",
        headers=broker(uuid.UUID(offered["provider_id"])),
    )
    assert r.status_code == 200, r.text
    return r.json()


async def test_progress_and_delivery_publish_and_feed_history(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    await register(http, category="crochet", units=200)
    job = await accepted_job(http, bootstrap)
    me = broker(uuid.UUID(job["provider_id"]))
    r = await http.post(f"/v1/jobs/{job['id']}/progress", json={"units_done": 60}, headers=me)
    assert r.status_code == 200 and r.json()["status"] == "in_production"
    back = await http.post(f"/v1/jobs/{job['id']}/progress", json={"units_done": 10}, headers=me)
    assert back.status_code == 422 and back.json()["detail"][0]["field"] == "units_done"
    wrong = await http.post(
        f"/v1/jobs/{job['id']}/delivery", json={"good_units": 121, "defective_units": 0}, headers=me
    )
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "good_units"
    r = await http.post(
        f"/v1/jobs/{job['id']}/delivery", json={"good_units": 118, "defective_units": 2}, headers=me
    )
    assert r.status_code == 200 and r.json()["status"] == "delivered" and r.json()["late"] is False
    events = await eventually(
        lambda: placements_for(bootstrap, uuid.UUID(job["order_id"])),
        lambda e: bool(of_type(e, "JobDelivered")),
        timeout=30,
    )
    assert [e["type"] for e in events][-2:] == ["JobProgressReported", "JobDelivered"]
    profile = (await http.get(f"/v1/providers/{job['provider_id']}", headers=me)).json()
    assert profile["delivered_jobs"] == 1 and profile["late_jobs"] == 0


async def test_another_broker_cannot_touch_offers_jobs_or_profile(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    await register(http, category="crochet", units=200)
    job = await accepted_job(http, bootstrap)
    stranger = broker(uuid.uuid4())
    assert (await http.get(f"/v1/jobs/{job['id']}", headers=stranger)).status_code == 404
    r = await http.post(f"/v1/jobs/{job['id']}/progress", json={"units_done": 1}, headers=stranger)
    assert r.status_code == 404
    assert (
        await http.get(f"/v1/providers/{job['provider_id']}", headers=stranger)
    ).status_code == 404
    assert (await http.get("/v1/jobs", headers=stranger)).json() == []
    r = await http.post("/v1/providers", headers=stranger, json={})
    assert r.status_code == 403
    assert (await http.get("/v1/jobs")).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"categories": {"bead_work": -1}}, "categories.bead_work"),
        ({"categories": {"rocket_science": 5}}, "categories.rocket_science.[key]"),
        ({"county": "paris"}, "county"),
        ({"mode": "castle"}, "mode"),
        ({"workforce": {"total": 5, "low_income": 9}}, "workforce"),
        ({"extra": True}, "extra"),
    ],
)
async def test_bad_provider_registration_is_422_naming_the_field(
    http: httpx.AsyncClient,
    body: dict,
    field: str,
) -> None:
    good = {
        "name": "W",
        "broker_name": "B",
        "contact": "c",
        "county": "yunhe",
        "township": "t",
        "village": "v",
        "mode": "home",
        "categories": {"bead_work": 5},
        "workforce": {"total": 5},
    }
    r = await http.post("/v1/providers", json={**good, **body}, headers=admin())
    assert r.status_code == 422, r.text
    assert any(d["field"].startswith(field.split(".[")[0]) for d in r.json()["detail"]), r.json()


async def test_transfer_splits_the_job_or_is_refused(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    await register(http, category="crochet", units=200)
    lender = await register(http, category="crochet", units=200, county="liandu")
    job = await accepted_job(http, bootstrap, quantity=150)
    order_id, job_id = uuid.UUID(job["order_id"]), uuid.UUID(job["id"])

    def transfer(units: int) -> TransferAccepted:
        return TransferAccepted(
            transfer_id=uuid.uuid4(),
            job_id=job_id,
            order_id=order_id,
            from_provider_id=uuid.UUID(job["provider_id"]),
            to_provider_id=lender,
            units=units,
        )

    too_many = transfer(1000)
    await publish(bootstrap, TRANSFERS, too_many, str(job_id))
    ok = transfer(50)
    await publish(bootstrap, TRANSFERS, ok, str(job_id))
    await publish(bootstrap, TRANSFERS, ok, str(job_id))  # redelivered: answered once
    events = await eventually(
        lambda: placements_for(bootstrap, order_id),
        lambda e: bool(of_type(e, "JobSplit")),
        timeout=30,
    )
    (refused,) = of_type(events, "JobSplitRefused")
    assert refused["payload"]["transfer_id"] == str(too_many.transfer_id)
    assert "units are left" in refused["payload"]["reason"]
    (split,) = of_type(events, "JobSplit")
    assert split["payload"]["units"] == 50 and split["payload"]["to_provider_id"] == str(lender)
    moved = (
        await http.get(f"/v1/jobs/{split['payload']['new_job_id']}", headers=broker(lender))
    ).json()
    assert moved["units"] == 50 and moved["deadline"] == job["deadline"]
    source = (await http.get(f"/v1/jobs/{job_id}", headers=admin())).json()
    assert source["units"] == 100


async def test_calendar_exception_lowers_free_capacity_and_is_published(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    p = await register(http, category="pearl_embroidery", units=80)
    me = broker(p)
    body = {
        "category": "pearl_embroidery",
        "first_day": str(FAR + timedelta(days=1)),
        "last_day": str(FAR + timedelta(days=10)),
        "percent": 40,
        "reason": "tea picking",
    }
    r = await http.post(f"/v1/providers/{p}/calendar", json=body, headers=me)
    assert r.status_code == 201, r.text
    free = (
        await http.get(
            f"/v1/providers/{p}/free-capacity",
            headers=me,
            params={
                "category": "pearl_embroidery",
                "first_day": str(FAR),
                "last_day": str(FAR + timedelta(days=1)),
            },
        )
    ).json()
    assert [d["capacity"] for d in free] == [80, 32]
    listed = (await http.get(f"/v1/providers/{p}/calendar", headers=me)).json()
    assert [e["percent"] for e in listed] == [40]
    gone = await http.delete(f"/v1/providers/{p}/calendar/{listed[0]['id']}", headers=me)
    assert gone.status_code == 204
    bad = await http.post(f"/v1/providers/{p}/calendar", json={**body, "units": 5}, headers=me)
    assert bad.status_code == 422
