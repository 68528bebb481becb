"""Intake over HTTP against real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import orjson
import pytest
from aiokafka import AIOKafkaProducer

from shared.contracts import matching as m
from shared.events import new_envelope
from shared.identity import Role
from shared.kafka.auth import client_kwargs
from shared.kafka.topics import ORDERS, PLACEMENTS
from tests.integration.intake.conftest import Office, new_office, order_body
from tests.support.kafka_io import read_all
from tests.support.tokens import bearer
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def events_for(bootstrap: str, order_id: str) -> list[dict]:
    records = await read_all(bootstrap, ORDERS.name)
    return [orjson.loads(r.value) for r in records if r.key == order_id.encode()]


async def test_created_order_appears_as_order_submitted_on_kafka(
    http: httpx.AsyncClient, office: Office, bootstrap: str
) -> None:
    r = await http.post("/v1/orders", json=order_body(office), headers=office.headers)
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["status"] == "SUBMITTED" and order["unit_fee_cny"] == "0.35"
    events = await eventually(lambda: events_for(bootstrap, order["id"]), timeout=30, what="event")
    (event,) = events
    assert event["type"] == "OrderSubmitted" and event["version"] == 1
    assert event["payload"]["unit_fee_fen"] == 35 and event["payload"]["quantity"] == 1200


async def test_matching_events_move_the_status_with_their_cause(
    http: httpx.AsyncClient, office: Office, bootstrap: str
) -> None:
    order = (await http.post("/v1/orders", json=order_body(office), headers=office.headers)).json()
    offered = m.JobOffered(
        offer_id=uuid.uuid4(),
        order_id=order["id"],
        provider_id=uuid.uuid4(),
        category="bead_work",
        units=1200,
        start="2027-03-03",
        end="2027-03-12",
        unit_fee_fen=35,
        expires_at="2027-03-02T00:00:00Z",
    )
    accepted = m.OfferAccepted(
        offer_id=offered.offer_id,
        job_id=uuid.uuid4(),
        order_id=offered.order_id,
        provider_id=offered.provider_id,
        category="bead_work",
        units=1200,
        start=offered.start,
        end=offered.end,
        deadline="2027-03-20",
    )
    envelopes = [new_envelope(p, key=order["id"]) for p in (offered, accepted)]
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_kwargs())
    await producer.start()
    try:
        for env in envelopes:
            await producer.send_and_wait(PLACEMENTS.name, env.to_bytes(), key=env.key.encode())
    finally:
        await producer.stop()

    async def status() -> dict:
        return (await http.get(f"/v1/orders/{order['id']}", headers=office.headers)).json()

    placed = await eventually(status, lambda o: o["status"] == "PLACED", timeout=30, what="PLACED")
    # The real matcher of the test stack may act on this order too (an offer of its own,
    # or "unmatched" before these events arrive), so only the status moves these events
    # caused are checked, and the placement of this offer.
    moves = [h for h in placed["history"] if h["from_status"] != h["to_status"]]
    assert moves[0]["to_status"] == "SUBMITTED"
    ours = {str(e.event_id) for e in envelopes}
    assert [h["to_status"] for h in moves if h["cause_event_id"] in ours] == [
        "MATCHING",
        "PLACED",
    ]
    assert moves[-1]["cause_event_id"] == str(envelopes[1].event_id)
    (mine,) = [p for p in placed["placements"] if p["offer_id"] == str(offered.offer_id)]
    assert mine["units"] == 1200


async def test_twenty_concurrent_identical_requests_create_one_order(
    http: httpx.AsyncClient, office: Office
) -> None:
    headers = {**office.headers, "Idempotency-Key": f"retry-{uuid.uuid4()}"}
    body = order_body(office)
    responses = await asyncio.gather(
        *(http.post("/v1/orders", json=body, headers=headers) for _ in range(20))
    )
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] * 19 + [201], [r.text for r in responses if r.status_code >= 300]
    assert len({r.json()["id"] for r in responses}) == 1
    listed = (await http.get("/v1/orders", headers=office.headers)).json()["items"]
    assert len(listed) == 1


async def test_same_key_with_another_body_is_refused(
    http: httpx.AsyncClient, office: Office
) -> None:
    headers = {**office.headers, "Idempotency-Key": "k-1"}
    assert (
        await http.post("/v1/orders", json=order_body(office), headers=headers)
    ).status_code == 201
    r = await http.post("/v1/orders", json=order_body(office, quantity=5), headers=headers)
    assert r.status_code == 422 and "Idempotency-Key" in r.text


async def test_another_office_cannot_see_or_change_the_order(
    http: httpx.AsyncClient, office: Office
) -> None:
    other = await new_office(http)
    order_id = (
        await http.post("/v1/orders", json=order_body(office), headers=office.headers)
    ).json()["id"]
    assert (await http.get(f"/v1/orders/{order_id}", headers=other.headers)).status_code == 404
    r = await http.post(
        f"/v1/orders/{order_id}/cancel", json={"reason": "x"}, headers=other.headers
    )
    assert r.status_code == 404
    r = await http.patch(f"/v1/orders/{order_id}", json={"quantity": 5}, headers=other.headers)
    assert r.status_code == 404
    assert (await http.get("/v1/orders", headers=other.headers)).json()["items"] == []
    # an office cannot order for another office's client either
    r = await http.post("/v1/orders", json=order_body(office), headers=other.headers)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "client_id"
    admin_view = await http.get(f"/v1/orders/{order_id}", headers=bearer(uuid.uuid4(), Role.ADMIN))
    assert admin_view.status_code == 200


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": -3}, "quantity"),
        ({"deadline": "2027-03-01"}, "deadline"),
        ({"unit_fee_cny": "0"}, "unit_fee_cny"),
        ({"unit_fee_cny": "0.355"}, "unit_fee_cny"),
        ({"category": "space_rockets"}, "category"),
        ({"origin_market": "paris"}, "origin_market"),
        ({"description": "x" * 5000}, "description"),
        ({"surprise": 1}, "surprise"),
        (
            {"materials": [{"item": "beads", "quantity": "-1", "unit": "kg"}]},
            "materials.0.quantity",
        ),
        ({"quantity": "lots"}, "quantity"),
    ],
)
async def test_bad_input_is_422_naming_field_and_writes_nothing(
    http: httpx.AsyncClient, office: Office, over: dict[str, object], field: str
) -> None:
    r = await http.post("/v1/orders", json=order_body(office, **over), headers=office.headers)
    assert r.status_code == 422, r.text
    assert field in [d["field"] for d in r.json()["detail"]], r.json()
    assert (await http.get("/v1/orders", headers=office.headers)).json()["items"] == []


@pytest.mark.parametrize("raw", [b"{", b"[]", b"null", b'{"quantity": 1e400}', "内容".encode()])
async def test_malformed_json_is_a_4xx_never_500(
    http: httpx.AsyncClient, office: Office, raw: bytes
) -> None:
    r = await http.post(
        "/v1/orders", content=raw, headers={**office.headers, "Content-Type": "application/json"}
    )
    assert 400 <= r.status_code < 500


async def test_tokens_are_required_and_roles_enforced(
    http: httpx.AsyncClient, office: Office
) -> None:
    assert (await http.get("/v1/orders")).status_code == 401
    tampered = {"Authorization": office.headers["Authorization"][:-3] + "abc"}
    assert (await http.get("/v1/orders", headers=tampered)).status_code == 401
    provider = bearer(uuid.uuid4(), Role.PROVIDER)
    assert (
        await http.post("/v1/orders", json=order_body(office), headers=provider)
    ).status_code == 403


async def test_cancel_and_amend_publish_events(
    http: httpx.AsyncClient, office: Office, bootstrap: str
) -> None:
    order_id = (
        await http.post("/v1/orders", json=order_body(office), headers=office.headers)
    ).json()["id"]
    r = await http.patch(
        f"/v1/orders/{order_id}",
        json={"quantity": 1500, "deadline": "2027-03-25"},
        headers=office.headers,
    )
    assert r.status_code == 200 and r.json()["quantity"] == 1500
    r = await http.post(
        f"/v1/orders/{order_id}/cancel", json={"reason": "client withdrew"}, headers=office.headers
    )
    assert r.status_code == 200 and r.json()["status"] == "CANCELLED"
    again = await http.post(
        f"/v1/orders/{order_id}/cancel", json={"reason": "again"}, headers=office.headers
    )
    assert again.status_code == 409
    events = await eventually(
        lambda: events_for(bootstrap, order_id), lambda e: len(e) == 3, timeout=30
    )
    assert [e["type"] for e in events] == ["OrderSubmitted", "OrderAmended", "OrderCancelled"]
    assert events[1]["payload"]["previous_quantity"] == 1200


async def test_cursor_pages_cover_every_order_once(http: httpx.AsyncClient, office: Office) -> None:
    created = {
        (
            await http.post(
                "/v1/orders",
                json=order_body(office, quantity=100 + i, min_lot=1),
                headers=office.headers,
            )
        ).json()["id"]
        for i in range(5)
    }
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await http.get("/v1/orders", params=params, headers=office.headers)).json()
        seen += [o["id"] for o in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 5 and set(seen) == created
    bad = await http.get("/v1/orders", params={"cursor": "garbage"}, headers=office.headers)
    assert bad.status_code == 422
