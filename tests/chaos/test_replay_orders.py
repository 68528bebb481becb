"""Every intake.orders event delivered twice and shuffled: matching keeps the in-order terms."""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import httpx
import pytest
import sqlalchemy as sa
from aiokafka.structs import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncEngine

from services.matching.adapters.tables import messaging, metadata
from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.consumers import order_handlers
from shared.kafka.topics import ORDERS
from tests.chaos.flows import Office, new_office, order_body, register, rows, soon
from tests.chaos.kafka import end_offsets, events, lag, read_since
from tests.chaos.procs import Service
from tests.chaos.replay import deliver_to, twice_fully_shuffled, twice_in_key_order
from tests.support.waiting import eventually

N_ORDERS, CATEGORY, SEEDS = 24, "pearl_embroidery", (5, 6, 7)
# What the office does to order i after submitting it: STORIES[i % len(STORIES)].
STORIES = [(), ("amend",), ("amend", "amend"), ("cancel",), ("amend", "cancel"), ("amend",) * 3]
pytestmark = pytest.mark.timeout(600)

Terms = tuple[int, date, bool]  # quantity, deadline, cancelled


@dataclass
class Recorded:
    ids: list[uuid.UUID]
    asked: dict[uuid.UUID, Terms]  # what the office last asked for, through intake's API
    records: list[ConsumerRecord]
    reference: dict[uuid.UUID, Terms]  # what the live matching made of one in-order delivery


@pytest.fixture(scope="module")
async def recorded(intake: Service, matching: Service, db: AsyncEngine, bootstrap: str) -> Recorded:
    """Orders submitted, amended (up to three times in a row) and cancelled through intake."""
    async with (
        httpx.AsyncClient(base_url=intake.url, timeout=30) as ih,
        httpx.AsyncClient(base_url=matching.url, timeout=30) as mh,
    ):
        await register(mh, category=CATEGORY, units=60)  # offers for amendments to withdraw
        mark = await end_offsets(bootstrap, ORDERS.name)
        office, asked = await new_office(ih), {}
        for i in range(N_ORDERS):
            asked.update(await _story(ih, office, i))
    ids, wanted = list(asked), {str(i).encode() for i in asked}
    expected = N_ORDERS + sum(len(STORIES[i % len(STORIES)]) for i in range(N_ORDERS))

    async def published() -> list[ConsumerRecord]:
        return [r for r in await read_since(bootstrap, ORDERS.name, mark) if r.key in wanted]

    records = await eventually(published, lambda rs: len(rs) >= expected, timeout=60)
    await eventually(lambda: lag(bootstrap, "matching", ORDERS.name), lambda n: n == 0)
    return Recorded(ids, asked, records, await _terms(db, "matching", ids))


async def test_orders_delivered_twice_in_key_order(
    recorded: Recorded, db: AsyncEngine, bootstrap: str, record: Callable[..., None]
) -> None:
    """intake.orders replayed with every event twice, each order's first copies in order.

    Breaks: exactly-once delivery: each event arrives twice, a redelivery anywhere after its
    first copy, orders interleaved at random.
    Does: replays into a fresh matching schema with the real matching handlers and a fresh group.
    Holds: every order's quantity, deadline and cancellation equal the live single delivery,
    which equal what the office asked; no fact is left parked.
    """
    assert recorded.reference == recorded.asked
    stream = twice_in_key_order(recorded.records, random.Random(SEEDS[0]))
    got, parked = await _replayed(db, bootstrap, recorded.ids, stream)
    _record(record, recorded, len(stream))
    assert (got, parked) == (recorded.reference, 0)


async def test_orders_delivered_twice_fully_shuffled(
    recorded: Recorded, db: AsyncEngine, bootstrap: str, record: Callable[..., None]
) -> None:
    """The same stream, every event twice, in a completely random order (three shuffles).

    Breaks: per-order event order as well as exactly-once delivery: cancellations and
    amendments before their submission, amendments swapped.
    Does: replays into a fresh matching schema with the real matching handlers and a fresh group.
    Holds: every order's quantity, deadline and cancellation equal the live single delivery;
    no fact is left parked.
    """
    differing, parked_left, early, swapped, t0 = 0, 0, 0, 0, time.monotonic()
    for seed in SEEDS:
        stream = twice_fully_shuffled(recorded.records, random.Random(seed))
        early += _before_their_submission(stream)
        swapped += _swapped_amendments(stream)
        got, parked = await _replayed(db, bootstrap, recorded.ids, stream)
        differing += sum(got.get(k) != v for k, v in recorded.reference.items())
        parked_left += parked
    _record(record, recorded, 2 * len(recorded.records))
    record(shuffles=len(SEEDS), replay_s=round(time.monotonic() - t0, 1))
    record(facts_before_submission=early, amendments_arriving_after_a_newer=swapped)
    record(orders_differing=differing, facts_left_parked=parked_left)
    assert (differing, parked_left) == (0, 0)


async def _story(http: httpx.AsyncClient, office: Office, i: int) -> dict[uuid.UUID, Terms]:
    qty, deadline = 120 + 40 * (i % 4), soon(40)
    oid, cancelled = await _submit(http, office, qty, deadline), False
    for n, step in enumerate(STORIES[i % len(STORIES)], start=1):
        if step == "cancel":
            path, body = f"/v1/orders/{oid}/cancel", {"reason": "client withdrew"}
            r, cancelled = await http.post(path, json=body, headers=office.headers), True
        else:  # only ever up, so units already placed never forbid it
            qty, deadline = qty + 40 * n, soon(40 + n)
            amend = {"quantity": qty, "deadline": str(deadline)}
            r = await http.patch(f"/v1/orders/{oid}", json=amend, headers=office.headers)
        assert r.status_code == 200, r.text
    return {oid: (qty, deadline, cancelled)}


async def _submit(http: httpx.AsyncClient, office: Office, qty: int, deadline: date) -> uuid.UUID:
    body = order_body(
        office,
        category=CATEGORY,
        quantity=qty,
        min_lot=40,
        materials_ready=str(soon(30)),
        deadline=str(deadline),
    )
    r = await http.post("/v1/orders", json=body, headers=office.headers)
    assert r.status_code == 201, r.text
    return uuid.UUID(r.json()["id"])


async def _replayed(
    db: AsyncEngine, bootstrap: str, ids: list[uuid.UUID], stream: list[ConsumerRecord]
) -> tuple[dict[uuid.UUID, Terms], int]:
    """The terms a fresh matching schema ends with, and how many facts it left parked."""
    schema = f"chaos_orders_{uuid.uuid4().hex[:8]}"
    async with db.begin() as conn:
        await conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        await conn.execute(sa.text(f'SET LOCAL search_path = "{schema}"'))
        await conn.run_sync(metadata.create_all)
    try:
        handlers = order_handlers(lambda: None)
        await deliver_to(bootstrap, schema, stream, messaging, handlers, MatchingUnitOfWork)
        parked = await rows(db, f'SELECT 1 FROM "{schema}".early_order_facts')
        return await _terms(db, schema, ids), len(parked)
    finally:
        async with db.begin() as conn:
            await conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


async def _terms(db: AsyncEngine, schema: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, Terms]:
    sql = f"SELECT id, quantity, deadline, state = 'cancelled' FROM \"{schema}\".orders"
    return {r[0]: (r[1], r[2], r[3]) for r in await rows(db, sql + " WHERE id = ANY(:i)", i=ids)}


def _before_their_submission(stream: list[ConsumerRecord]) -> int:
    """Amendments and cancellations whose first copy arrives before their order's first
    OrderSubmitted: what the shuffle makes matching park."""
    submitted: set[bytes] = set()
    seen: set[str] = set()
    early = 0
    for r, e in zip(stream, events(stream), strict=True):
        if e["type"] == "OrderSubmitted":
            submitted.add(r.key)
        elif r.key not in submitted and e["event_id"] not in seen:
            early += 1
        seen.add(e["event_id"])
    return early


def _swapped_amendments(stream: list[ConsumerRecord]) -> int:
    """Amendments whose first copy arrives after a newer amendment of the same order."""
    newest: dict[str, datetime] = {}
    seen: set[str] = set()
    late = 0
    for e in events(stream):
        if e["type"] == "OrderAmended" and e["event_id"] not in seen:
            at = datetime.fromisoformat(e["occurred_at"])
            late += at < newest.get(e["key"], at)
            newest[e["key"]] = max(newest.get(e["key"], at), at)
        seen.add(e["event_id"])
    return late


def _record(record: Callable[..., None], rec: Recorded, delivered: int) -> None:
    amended = sum(e["type"] == "OrderAmended" for e in events(rec.records))
    cancelled = sum(t[2] for t in rec.reference.values())
    record(orders=len(rec.ids), events=len(rec.records), delivered=delivered)
    record(amendments=amended, cancelled_orders=cancelled)
