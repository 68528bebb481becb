"""Orders on Kafka become offers for the right providers; accept, decline and expiry."""

from __future__ import annotations

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from tests.integration.matching.conftest import (
    broker,
    of_type,
    order,
    placements_for,
    register,
    submit,
)
from tests.support.stack import admin_url
from tests.support.tokens import admin
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def offers_of(bootstrap: str, order_id, n: int = 1):
    return await eventually(
        lambda: placements_for(bootstrap, order_id),
        lambda evs: len(of_type(evs, "JobOffered", "OrderUnmatched")) >= n,
        timeout=30,
        what="offers",
    )


async def test_order_is_offered_to_providers_of_its_category_only(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    await register(http, category="crochet", units=1000)
    beads = await register(http, category="bead_work", units=40)
    o = order(category="crochet", quantity=300)
    await submit(bootstrap, o)
    events = await offers_of(bootstrap, o.order_id)
    offered = [e["payload"] for e in of_type(events, "JobOffered")]
    assert sum(p["units"] for p in offered) == 300
    for p in offered:
        profile = (await http.get(f"/v1/providers/{p['provider_id']}", headers=admin())).json()
        assert "crochet" in profile["categories"]
        free = (
            await http.get(
                f"/v1/providers/{p['provider_id']}/free-capacity",
                params={"category": "crochet"},
                headers=admin(),
            )
        ).json()
        assert sum(d["held"] for d in free) >= p["units"]
    assert str(beads) not in {p["provider_id"] for p in offered}


async def test_accept_books_capacity_and_publishes_acceptance(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    p = await register(http, category="knitting", units=500)
    o = order(category="knitting", quantity=200)
    await submit(bootstrap, o)
    offered = of_type(await offers_of(bootstrap, o.order_id), "JobOffered")[0]["payload"]
    r = await http.post(f"/v1/offers/{offered['offer_id']}/accept", headers=broker(p))
    assert r.status_code == 200, r.text
    job = r.json()
    assert job["units"] == 200 and job["status"] == "accepted"
    events = await eventually(
        lambda: placements_for(bootstrap, o.order_id),
        lambda e: bool(of_type(e, "OfferAccepted")),
        timeout=30,
    )
    assert of_type(events, "OfferAccepted")[0]["payload"]["job_id"] == job["id"]
    again = await http.post(f"/v1/offers/{offered['offer_id']}/accept", headers=broker(p))
    assert again.status_code == 409
    free = (
        await http.get(
            f"/v1/providers/{p}/free-capacity", params={"category": "knitting"}, headers=broker(p)
        )
    ).json()
    assert sum(d["booked"] for d in free) == 200 and sum(d["held"] for d in free) == 0


async def test_decline_rematches_the_units_without_that_provider(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    first = await register(http, category="welding_assembly", units=300, low_income=30)
    second = await register(http, category="welding_assembly", units=300, low_income=0)
    o = order(category="welding_assembly", quantity=250, min_lot=250)
    await submit(bootstrap, o)
    offered = of_type(await offers_of(bootstrap, o.order_id), "JobOffered")[0]["payload"]
    taker = first if offered["provider_id"] == str(first) else second
    other = second if taker == first else first
    r = await http.post(
        f"/v1/offers/{offered['offer_id']}/decline",
        json={"reason": "tea picking"},
        headers=broker(taker),
    )
    assert r.status_code == 204
    events = await offers_of(bootstrap, o.order_id, n=2)
    assert [e["type"] for e in events] == ["JobOffered", "OfferDeclined", "JobOffered"]
    assert events[2]["payload"]["provider_id"] == str(other)


async def test_expired_offer_releases_hold_and_rematches(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    only = await register(http, category="garment_sewing", units=100)
    o = order(category="garment_sewing", quantity=100, min_lot=100)
    await submit(bootstrap, o)
    offered = of_type(await offers_of(bootstrap, o.order_id), "JobOffered")[0]["payload"]
    engine = create_async_engine(admin_url())
    async with engine.begin() as conn:  # time passes: the broker never answered
        await conn.execute(
            sa.text(
                "UPDATE matching.offers SET expires_at = now() - interval '1 second' WHERE id = :id"
            ),
            {"id": offered["offer_id"]},
        )
    await engine.dispose()
    events = await offers_of(bootstrap, o.order_id, n=2)
    assert [e["type"] for e in events] == ["JobOffered", "OfferExpired", "OrderUnmatched"]
    assert (
        "capacity" in events[2]["payload"]["reason"] or "provider" in events[2]["payload"]["reason"]
    )
    free = (
        await http.get(
            f"/v1/providers/{only}/free-capacity",
            params={"category": "garment_sewing"},
            headers=broker(only),
        )
    ).json()
    assert sum(d["held"] for d in free) == 0


async def test_short_capacity_is_unmatched_with_shortfall_and_reason(
    http: httpx.AsyncClient, bootstrap: str
) -> None:
    await register(http, category="pearl_embroidery", units=10)
    big = order(category="pearl_embroidery", quantity=100_000)
    await submit(bootstrap, big)
    events = await offers_of(bootstrap, big.order_id, n=2)
    unmatched = of_type(events, "OrderUnmatched")[0]["payload"]
    offered = sum(e["payload"]["units"] for e in of_type(events, "JobOffered"))
    assert offered > 0
    assert unmatched["shortfall_units"] == 100_000 - offered
    assert unmatched["reason"] == "not enough capacity before the deadline"


async def test_category_nobody_makes_is_unmatched(bootstrap: str) -> None:
    o = order(category="lantern_painting", quantity=10)
    await submit(bootstrap, o)
    (event,) = of_type(await offers_of(bootstrap, o.order_id), "OrderUnmatched")
    assert event["payload"] == {
        "order_id": str(o.order_id),
        "shortfall_units": 10,
        "reason": "no provider for the category",
    }
