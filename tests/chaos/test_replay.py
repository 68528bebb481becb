"""Every matching.placements event delivered twice and shuffled: the same result, to the fen."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from aiokafka.structs import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.kafka.topics import PLACEMENTS
from tests.chaos.flows import accept, broker, new_office, order_body, register, rows, soon
from tests.chaos.kafka import end_offsets, lag, read_since
from tests.chaos.procs import Service
from tests.chaos.replay import (
    Snapshot,
    deliver,
    fresh_intake_schema,
    snapshot,
    twice_fully_shuffled,
    twice_in_key_order,
)
from tests.support.tokens import admin
from tests.support.waiting import eventually

ORDERS, CATEGORY = 16, "pearl_embroidery"
pytestmark = pytest.mark.timeout(600)


@dataclass
class Recorded:
    ids: list[uuid.UUID]
    records: list[ConsumerRecord]
    reference: Snapshot  # what the real intake made of one delivery


@pytest.fixture(scope="module")
async def recorded(intake: Service, matching: Service, db: AsyncEngine, bootstrap: str) -> Recorded:
    """A real story: orders through intake, offers, accepts, declines, progress, shortfalls."""
    async with (
        httpx.AsyncClient(base_url=intake.url, timeout=30) as ih,
        httpx.AsyncClient(base_url=matching.url, timeout=30) as mh,
    ):
        for _ in range(2):
            await register(mh, category=CATEGORY, units=40)
        mark = await end_offsets(bootstrap, PLACEMENTS.name)
        ids = await _orders(ih)
        rng = random.Random(11)
        for _ in range(2):  # accept or decline what is offered; declines re-match
            offers = await eventually(
                lambda: _settled_offers(mh, db, ids), lambda o: o is not None, timeout=60
            )
            await asyncio.gather(*(_answer(mh, o, rng) for o in offers))
        await _report_progress(mh, ids)
        await eventually(lambda: lag(bootstrap, "intake", PLACEMENTS.name), lambda n: n == 0)
    wanted = {str(i).encode() for i in ids}
    records = [r for r in await read_since(bootstrap, PLACEMENTS.name, mark) if r.key in wanted]
    told = {dict(r.headers)["type"].decode() for r in records}
    # the story must hold facts that build on each other, or a shuffle proves little
    assert {"JobOffered", "OfferAccepted", "JobProgressReported"} <= told, told
    return Recorded(ids, records, await snapshot("intake", ids))


async def test_delivered_twice_in_key_order(
    recorded: Recorded, db: AsyncEngine, bootstrap: str, record: Callable[..., None]
) -> None:
    """The recorded placements stream replayed with every event twice, keys interleaved.

    Breaks: delivery is at-least-once: each event arrives twice, a redelivery anywhere after its
    first copy, orders interleaved at random (each order's first copies keep Kafka's key order).
    Does: replays into a fresh intake schema with the real intake handlers and a fresh group.
    Holds: every order's status, placed units, fee in fen and lots equal single delivery.
    """
    stream = twice_in_key_order(recorded.records, random.Random(5))
    got = await _replayed(db, bootstrap, recorded, stream)
    _record(record, recorded, stream)
    assert got == recorded.reference


@pytest.mark.parametrize("seed", [5, 6, 7])
async def test_delivered_twice_fully_shuffled(
    seed: int, recorded: Recorded, db: AsyncEngine, bootstrap: str, record: Callable[..., None]
) -> None:
    """The same stream, every event twice, in a completely random order.

    Breaks: per-order event order as well as exactly-once delivery.
    Does: replays into a fresh intake schema with the real intake handlers and a fresh group.
    Holds: every order's status, placed units, fee in fen and lots equal single delivery.
    """
    stream = twice_fully_shuffled(recorded.records, random.Random(seed))
    got = await _replayed(db, bootstrap, recorded, stream)
    _record(record, recorded, stream)
    diff = {k: (v, got[k]) for k, v in recorded.reference.items() if got[k] != v}
    record(orders_differing=len(diff))
    assert not diff


async def _replayed(
    db: AsyncEngine, bootstrap: str, rec: Recorded, stream: list[ConsumerRecord]
) -> Snapshot:
    schema = await fresh_intake_schema(db, rec.ids)
    try:
        await deliver(bootstrap, schema, stream)
        return await snapshot(schema, rec.ids)
    finally:
        async with db.begin() as conn:
            await conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')


def _record(record: Callable[..., None], rec: Recorded, stream: list[ConsumerRecord]) -> None:
    fen = sum(v[2] for v in rec.reference.values())
    placed = sum(v[1] for v in rec.reference.values())
    kinds = Counter(dict(r.headers)["type"].decode() for r in rec.records)
    record(orders=len(rec.ids), events=len(rec.records), delivered=len(stream), **kinds)
    record(placed_units=placed, fees_fen=fen)


async def _orders(http: httpx.AsyncClient) -> list[uuid.UUID]:
    office, rng, ids = await new_office(http), random.Random(3), []
    for _ in range(ORDERS):
        qty = rng.choice([120, 240, 400, 900])
        body = order_body(
            office,
            category=CATEGORY,
            quantity=qty,
            min_lot=40,
            unit_fee_cny=str(rng.choice(["0.35", "1.27", "0.08"])),
            materials_ready=str(soon(30)),
            deadline=str(soon(40)),
        )
        r = await http.post("/v1/orders", json=body, headers=office.headers)
        assert r.status_code == 201, r.text
        ids.append(uuid.UUID(r.json()["id"]))
    return ids


async def _settled_offers(http: httpx.AsyncClient, db: AsyncEngine, ids: list[uuid.UUID]):
    """Open offers of these orders once the matcher has nothing pending (None before)."""
    pending = await rows(
        db, "SELECT 1 FROM matching.orders WHERE id = ANY(:i) AND state = 'pending'", i=ids
    )
    stored = await rows(db, "SELECT 1 FROM matching.orders WHERE id = ANY(:i)", i=ids)
    if pending or len(stored) < len(ids):
        return None
    r = await http.get("/v1/offers", params={"limit": 1000}, headers=admin())
    return [o for o in r.json() if uuid.UUID(o["order_id"]) in set(ids)]


async def _answer(http: httpx.AsyncClient, offer: dict, rng: random.Random) -> None:
    if rng.random() < 0.7:
        assert await accept(http, offer) == 200
        return
    r = await http.post(
        f"/v1/offers/{offer['id']}/decline",
        json={"reason": "tea picking"},
        headers=broker(uuid.UUID(offer["provider_id"])),
    )
    assert r.status_code == 204, r.text


async def _report_progress(http: httpx.AsyncClient, ids: list[uuid.UUID]) -> None:
    r = await http.get("/v1/jobs", params={"limit": 1000}, headers=admin())
    jobs = [j for j in r.json() if uuid.UUID(j["order_id"]) in set(ids)][:4]
    for job in jobs:
        r = await http.post(
            f"/v1/jobs/{job['id']}/progress",
            json={"units_done": job["units"] // 2},
            headers=broker(uuid.UUID(job["provider_id"])),
        )
        assert r.status_code == 200, r.text
