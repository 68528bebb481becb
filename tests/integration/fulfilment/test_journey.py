"""The supplied materials' journey on the real stack: intake, matching and fulfilment
processes, PostgreSQL and Kafka.

An office orders; the broker accepts; the office ships the materials; the broker counts
a shortage; delivers, reports using more thread than the category allows; the office
rejects part of the lot for rework, then accepts the rework; intake's order is
DELIVERED only then. Every event delivered again, newest first, changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from decimal import Decimal as D
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer
from sqlalchemy.ext.asyncio import create_async_engine

from shared.kafka.auth import client_kwargs
from shared.kafka.topics import FULFILMENT, ORDERS, PLACEMENTS
from shared.region import clock
from tests.integration.fulfilment.lot_io import (
    a_provider,
    accept_the_offer,
    order_with_materials,
)
from tests.integration.fulfilment.lot_io import lot as lot_of
from tests.integration.matching.conftest import broker
from tests.support.kafka_io import group_caught_up, read_all
from tests.support.services import RunningService
from tests.support.stack import admin_url
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
BEADS, THREAD = "glass beads 4mm", "nylon thread"


async def test_materials_inspection_and_rework_decide_when_the_order_is_delivered(
    intake: RunningService, matching: RunningService, fulfilment: RunningService, bootstrap: str
) -> None:
    async with (
        httpx.AsyncClient(base_url=intake.url, timeout=30) as ik,
        httpx.AsyncClient(base_url=matching.url, timeout=30) as mt,
        httpx.AsyncClient(base_url=fulfilment.url, timeout=30) as ff,
        a_provider(mt) as provider,
    ):
        await _journey(ik, mt, ff, provider, bootstrap)


async def _journey(
    ik: httpx.AsyncClient,
    mt: httpx.AsyncClient,
    ff: httpx.AsyncClient,
    provider: uuid.UUID,
    bootstrap: str,
) -> None:
    today = clock.today()
    materials = [
        {"item": BEADS, "quantity": "6", "unit": "kg"},
        {"item": THREAD, "quantity": "100", "unit": "m"},
    ]
    office, order_id = await order_with_materials(ik, materials, defect_tolerance_pct="2")
    job = await accept_the_offer(mt, order_id)
    them = broker(provider)

    # the lot reaches fulfilment owed its share: the whole order's materials
    lot = await lot_of(ff, job, office.headers, lambda lot: len(lot["materials"]) == 2)
    assert {m["item"]: D(m["owed"]) for m in lot["materials"]} == {BEADS: 6, THREAD: 100}
    assert (await ff.get(f"/v1/lots/{job}", headers=broker(uuid.uuid4()))).status_code == 404

    # one lot waiting in its county: nothing to consolidate it with
    r = await ff.get("/v1/consolidation", params={"window_days": 2}, headers=office.headers)
    assert r.status_code == 200 and all(job not in p["job_ids"] for p in r.json()), r.text
    # the office ships; the broker counts 200 g of beads short
    sent = {
        "lines": [
            {"job_id": job, "item": BEADS, "quantity": "6"},
            {"job_id": job, "item": THREAD, "quantity": "110"},
        ],
        "carrier": "丽水顺达物流",
        "shipped_on": str(today),
    }
    r = await ff.post("/v1/consignments", json=sent, headers=office.headers)
    assert r.status_code == 201, r.text
    consignment = r.json()["id"]
    bad = {**sent, "lines": [{"job_id": job, "item": "sequins", "quantity": "1"}]}
    r = await ff.post("/v1/consignments", json=bad, headers=office.headers)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "lines.0.item", r.text
    counts = {
        "job_id": job,
        "received_on": str(today),
        "lines": [{"item": BEADS, "counted": "5.8"}, {"item": THREAD, "counted": "110"}],
    }
    r = await ff.post(f"/v1/consignments/{consignment}/receipt", json=counts, headers=them)
    assert r.status_code == 200, r.text
    for who in (office.headers, them):  # both sides see the shortage against the line
        shown = (await ff.get(f"/v1/consignments/{consignment}", headers=who)).json()
        assert {ln["item"]: D(ln["difference"]) for ln in shown["lines"]} == {
            BEADS: D("-0.2"),
            THREAD: 0,
        }
    r = await ff.post(f"/v1/consignments/{consignment}/receipt", json=counts, headers=them)
    assert r.status_code == 409, "a lot confirms its part once"

    # production and delivery in matching: intake waits for the inspection
    r = await mt.post(f"/v1/jobs/{job}/progress", json={"units_done": 150}, headers=them)
    assert r.status_code == 200, r.text
    r = await mt.post(
        f"/v1/jobs/{job}/delivery", json={"good_units": 300, "defective_units": 0}, headers=them
    )
    assert r.status_code == 200, r.text
    order = await _order(ik, order_id, office.headers, "awaiting inspection")
    assert order["status"] == "IN_PRODUCTION"

    # the broker's report: more than received is refused whole; then thread over allowance
    too_much = {"lines": [{"item": BEADS, "consumed": "5.9"}, {"item": THREAD, "consumed": "1"}]}
    r = await ff.post(f"/v1/lots/{job}/reconciliation", json=too_much, headers=them)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == BEADS, r.text
    report = {
        "lines": [
            {"item": BEADS, "consumed": "5.7", "scrapped": "0.1"},
            {"item": THREAD, "consumed": "104", "returned": "5", "scrapped": "1"},
        ]
    }
    r = await ff.post(f"/v1/lots/{job}/reconciliation", json=report, headers=them)
    assert r.status_code == 200, r.text
    ledger = {m["item"]: m for m in r.json()["materials"]}
    assert D(ledger[THREAD]["over_allowance"]) == 3  # 105 used, 102 allowed (2 %)
    assert D(ledger[BEADS]["over_allowance"]) == 0 and D(ledger[BEADS]["held"]) == 0
    assert r.json()["over_allowance"] is True
    r = await ff.post(
        f"/v1/lots/{job}/consignments-back",
        json={"units": 300, "carrier": "丽水顺达物流", "shipped_on": str(today)},
        headers=them,
    )
    assert r.status_code == 201, r.text
    assert [(ln["item"], D(ln["quantity"])) for ln in r.json()["lines"]] == [(THREAD, 5)]
    note = await ff.get(f"/v1/consignments/{r.json()['id']}/delivery-note.pdf", headers=them)
    receipt = await ff.get(f"/v1/lots/{job}/receipt.pdf", headers=office.headers)
    for pdf in (note, receipt):
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), pdf.text[:200]
    stranger = await ff.get(f"/v1/lots/{job}/receipt.pdf", headers=broker(uuid.uuid4()))
    assert stranger.status_code == 404

    # inspection: 30 of 300 defective, over the 2 % tolerance, back for rework
    due = str(today + timedelta(days=3))
    reject = {"inspected": 300, "defective": 30, "decision": "reject_for_rework", "rework_due": due}
    r = await ff.post(f"/v1/lots/{job}/inspections", json=reject, headers=them)
    assert r.status_code == 403, "only the office inspects"
    r = await ff.post(f"/v1/lots/{job}/inspections", json=reject, headers=office.headers)
    assert r.status_code == 201, r.text
    assert (r.json()["state"], r.json()["rework_units"]) == ("rework", 30)
    await _order(ik, order_id, office.headers, "30 units sent back for rework")
    accept = {"inspected": 30, "defective": 0, "decision": "accept"}
    r = await ff.post(f"/v1/lots/{job}/inspections", json=accept, headers=office.headers)
    assert r.status_code == 201, r.text
    assert (r.json()["state"], r.json()["accepted_units"]) == ("accepted", 300)
    final = await _order(ik, order_id, office.headers, "every lot accepted")
    r = await ff.get(f"/v1/providers/{provider}/reliability", headers=office.headers)
    assert r.status_code == 200, r.text
    assert (r.json()["quality"]["lots"], r.json()["quality"]["own_pct"]) == (1, "0.0")
    # matching's quality record counts the lot once, rejected (its first inspection)
    await eventually(lambda: _quality_record(provider), lambda r: r == (1, 1), what="record")
    assert final["status"] == "DELIVERED"
    steps = [h["to_status"] for h in final["history"]]
    assert steps[-1] == "DELIVERED" and steps.count("DELIVERED") == 1

    # every event again, newest first: nothing changes
    before_lot = (await ff.get(f"/v1/lots/{job}", headers=office.headers)).json()
    await _redeliver_reversed(bootstrap, order_id)
    for group, topic in (
        ("fulfilment", ORDERS.name),
        ("fulfilment", PLACEMENTS.name),
        ("intake", FULFILMENT.name),
        ("intake", PLACEMENTS.name),
    ):
        await eventually(_caught_up(bootstrap, group, topic), what=f"{group} {topic}")
    assert (await ff.get(f"/v1/lots/{job}", headers=office.headers)).json() == before_lot
    again = (await ik.get(f"/v1/orders/{order_id}", headers=office.headers)).json()
    assert (again["status"], len(again["history"])) == ("DELIVERED", len(final["history"]))


def _caught_up(bootstrap: str, group: str, topic: str) -> Callable[[], Awaitable[bool]]:
    return lambda: group_caught_up(bootstrap, group, topic)


async def _quality_record(provider: uuid.UUID) -> tuple[int, int] | None:
    engine = create_async_engine(admin_url())
    try:
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    sa.text(
                        "SELECT inspected_lots, rejected_lots FROM matching.providers WHERE id = :p"
                    ),
                    {"p": provider},
                )
            ).one_or_none()
    finally:
        await engine.dispose()
    return None if row is None else (row[0], row[1])


async def _order(ik: httpx.AsyncClient, order_id: str, headers: dict[str, str], note: str) -> Any:
    async def shown() -> Any:
        return (await ik.get(f"/v1/orders/{order_id}", headers=headers)).json()

    return await eventually(
        shown, lambda o: any(note in h["reason"] for h in o["history"]), what=note
    )


async def _redeliver_reversed(bootstrap: str, order_id: str) -> None:
    """The order's records on every topic it touches, sent again newest first."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_kwargs())
    await producer.start()
    try:
        for topic in (FULFILMENT, PLACEMENTS, ORDERS):
            mine = [r for r in await read_all(bootstrap, topic.name) if r.key == order_id.encode()]
            for r in sorted(mine, key=lambda r: r.offset, reverse=True):
                await producer.send_and_wait(topic.name, r.value, key=r.key)
    finally:
        await producer.stop()
