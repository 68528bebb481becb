"""What an office sees of its order after matching's facts, through the real consumer:
deliveries in parts summed, progress never stale, every change in the history with its
cause, a lot cancelled with its order (issue 12 items 5, 7 and 8)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from shared.contracts import matching as m
from shared.events import Payload, new_envelope
from shared.kafka.auth import client_kwargs
from shared.kafka.topics import PLACEMENTS
from tests.integration.intake.conftest import Office, order_body
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def send(bootstrap: str, order_id: str, payloads: list[Payload]) -> list[uuid.UUID]:
    envelopes = [new_envelope(p, key=order_id) for p in payloads]
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_kwargs())
    await producer.start()
    try:
        for env in envelopes:
            await producer.send_and_wait(PLACEMENTS.name, env.to_bytes(), key=env.key.encode())
    finally:
        await producer.stop()
    return [e.event_id for e in envelopes]


def offered(order_id: str, provider: uuid.UUID, units: int) -> m.JobOffered:
    return m.JobOffered(
        offer_id=uuid.uuid4(),
        order_id=uuid.UUID(order_id),
        provider_id=provider,
        category="bead_work",
        units=units,
        start=date(2027, 3, 3),
        end=date(2027, 3, 12),
        unit_fee_fen=35,
        expires_at=datetime.fromisoformat("2027-03-02T00:00:00+00:00"),
    )


def accepted(o: m.JobOffered) -> m.OfferAccepted:
    return m.OfferAccepted(
        offer_id=o.offer_id,
        job_id=uuid.uuid4(),
        order_id=o.order_id,
        provider_id=o.provider_id,
        category=o.category,
        units=o.units,
        start=o.start,
        end=o.end,
        deadline=date(2027, 3, 20),
    )


def delivered(a: m.OfferAccepted, good: int, defective: int) -> m.JobDelivered:
    return m.JobDelivered(
        job_id=a.job_id,
        order_id=a.order_id,
        provider_id=a.provider_id,
        good_units=good,
        defective_units=defective,
        delivered_on=date(2027, 3, 15),
        late=False,
    )


async def test_a_story_of_declines_progress_and_two_deliveries_as_the_office_sees_it(
    http: httpx.AsyncClient, office: Office, bootstrap: str
) -> None:
    body = order_body(office, quantity=2400, min_lot=2400, defect_tolerance_pct="2")
    order = (await http.post("/v1/orders", json=body, headers=office.headers)).json()
    first = offered(order["id"], uuid.uuid4(), 2400)
    declined = m.OfferDeclined(
        offer_id=first.offer_id,
        order_id=first.order_id,
        provider_id=first.provider_id,
        units=2400,
        reason="tea picking",
    )
    second = offered(order["id"], uuid.uuid4(), 2400)
    a = accepted(second)
    progress = m.JobProgressReported(
        job_id=a.job_id,
        order_id=a.order_id,
        provider_id=a.provider_id,
        units_done=1200,
        units_total=2400,
        reported_on=date(2027, 3, 6),
    )
    facts: list[Payload] = [
        first,
        declined,
        second,
        a,
        progress,
        delivered(a, 1164, 36),  # 3% defective against 2%
        delivered(a, 1200, 0),
    ]
    ids = await send(bootstrap, order["id"], facts)

    async def seen() -> dict:
        r = await http.get(f"/v1/orders/{order['id']}", headers=office.headers)
        return r.json()

    done = await eventually(seen, lambda o: o["status"] == "DELIVERED", what="DELIVERED")
    (lot,) = [p for p in done["placements"] if p["state"] == "delivered"]
    assert (lot["units_done"], lot["good_units"], lot["defective_units"]) == (2400, 2364, 36)
    assert lot["over_tolerance"] is True
    causes = [h["cause_event_id"] for h in done["history"]]
    assert all(str(i) in causes for i in ids)  # every fact left its line
    reasons = " | ".join(h["reason"] for h in done["history"])
    assert "declined 2400 units (tea picking)" in reasons and "re-offered" in reasons
    assert "partial: 1200 of 2400" in reasons and "over the order's tolerance" in reasons


async def test_a_cancelled_order_shows_its_lot_ended_with_the_units_kept(
    http: httpx.AsyncClient, office: Office, bootstrap: str
) -> None:
    order = (await http.post("/v1/orders", json=order_body(office), headers=office.headers)).json()
    o = offered(order["id"], uuid.uuid4(), 1200)
    a = accepted(o)
    await send(bootstrap, order["id"], [o, a])

    async def seen() -> dict:
        return (await http.get(f"/v1/orders/{order['id']}", headers=office.headers)).json()

    await eventually(seen, lambda x: x["status"] == "PLACED", what="PLACED")
    r = await http.post(
        f"/v1/orders/{order['id']}/cancel",
        json={"reason": "client withdrew"},
        headers=office.headers,
    )
    assert r.status_code == 200, r.text
    ended = m.JobCancelled(
        job_id=a.job_id,
        order_id=a.order_id,
        provider_id=a.provider_id,
        units_kept=0,
        units_released=1200,
        reason="order cancelled",
    )
    await send(bootstrap, order["id"], [ended])
    final = await eventually(
        seen, lambda x: x["placements"][0]["state"] == "cancelled", what="lot cancelled"
    )
    assert final["status"] == "CANCELLED" and final["placements"][0]["units"] == 0
    # Find the line by its cause: a real matching in the same session may add its own
    # (an offer withdrawn) after it.
    (line,) = [h for h in final["history"] if h["cause_type"] == "JobCancelled"]
    assert "1200 units released" in line["reason"]
