"""Redis flushed again and again during offer traffic: PostgreSQL stays the truth."""

from __future__ import annotations

import asyncio
import contextlib
import random
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.kafka.topics import PLACEMENTS
from tests.chaos import stack
from tests.chaos.flows import (
    accept,
    broker,
    ledger_mismatches,
    new_office,
    register,
    rows,
    submit_burst,
)
from tests.chaos.kafka import end_offsets, events, read_since
from tests.chaos.load import body_for
from tests.chaos.procs import Service
from tests.support.tokens import admin
from tests.support.waiting import eventually

CATEGORY, ORDERS, QTY, FLUSH_EVERY_S = "welding_assembly", 30, 40, 0.2
pytestmark = pytest.mark.timeout(600)


async def test_redis_flushed_during_offer_traffic(
    intake: Service,
    matching: Service,
    intake_http: httpx.AsyncClient,
    matching_http: httpx.AsyncClient,
    db: AsyncEngine,
    bootstrap: str,
    record: Callable[..., None],
) -> None:
    """FLUSHALL every 0.2 s while offers are accepted (3 concurrent tries each) and declined.

    Breaks: Redis loses everything (offer-expiry index, rate-limit counters) many times over.
    Does: 30 orders on two small providers; accepts or declines every open offer until none is
    left (declines re-match); posts one Idempotency-Key 10 times concurrently across flushes.
    Holds: each offer accepted at most once (one job, one OfferAccepted); capacity_days never
    over capacity and held/booked equal open offers/jobs; the key still makes one order.
    """
    providers = [await register(matching_http, category=CATEGORY, units=50) for _ in range(2)]
    mark = await end_offsets(bootstrap, PLACEMENTS.name)
    flusher = asyncio.create_task(_flush_forever())
    try:
        ids = await submit_burst(bootstrap, ORDERS, CATEGORY, QTY)
        tries = await _settle_all_offers(matching_http, db, ids)
        same_key = await _post_one_key_ten_times(intake_http)
    finally:
        flusher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flusher
    accepted = Counter(
        e["payload"]["offer_id"]
        for e in events(await read_since(bootstrap, PLACEMENTS.name, mark))
        if e["type"] == "OfferAccepted"
    )
    jobs = await rows(db, "SELECT offer_id FROM matching.jobs WHERE order_id = ANY(:i)", i=ids)
    record(accept_tries=sum(tries.values()), accept_200=tries[200], accept_409=tries[409])
    record(jobs=len(jobs), flushes_every_s=FLUSH_EVERY_S)
    assert set(tries) <= {200, 409}, tries
    assert set(Counter(j[0] for j in jobs).values()) <= {1}, "an offer became two jobs"
    assert set(accepted.values()) <= {1} and len(accepted) == len(jobs) == tries[200]
    assert await ledger_mismatches(db, providers) == []
    assert len(same_key) == 1, f"one Idempotency-Key made orders {same_key}"


async def _flush_forever() -> None:
    while True:
        await asyncio.to_thread(stack.flush_redis)
        await asyncio.sleep(FLUSH_EVERY_S)  # the fault's own rhythm, not a wait for a condition


async def _open_offers(http: httpx.AsyncClient, ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    r = await http.get("/v1/offers", params={"limit": 1000}, headers=admin())
    wanted = {str(i) for i in ids}
    return [o for o in r.json() if o["order_id"] in wanted]


async def _next(
    http: httpx.AsyncClient, db: AsyncEngine, ids: list[uuid.UUID]
) -> tuple[list[dict[str, Any]], bool]:
    """Open offers, and whether the matcher is done (no offer open, no order pending)."""
    offers = await _open_offers(http, ids)
    pending = await rows(
        db, "SELECT 1 FROM matching.orders WHERE id = ANY(:i) AND state = 'pending'", i=ids
    )
    return offers, not offers and not pending


async def _settle_all_offers(
    http: httpx.AsyncClient, db: AsyncEngine, ids: list[uuid.UUID]
) -> Counter[int]:
    """Accept (3 racing tries) or decline every open offer until the matcher has no more."""
    tries: Counter[int] = Counter()
    await eventually(lambda: _open_offers(http, ids), timeout=60, what="first offers")
    for _ in range(40):
        offers, done = await eventually(lambda: _next(http, db, ids), any, timeout=30)
        if done:
            break
        codes = await asyncio.gather(*(_accept_or_decline(http, o) for o in offers))
        tries.update(c for cs in codes for c in cs)
    return tries


async def _accept_or_decline(http: httpx.AsyncClient, offer: dict[str, Any]) -> list[int]:
    if random.random() < 0.25:
        r = await http.post(
            f"/v1/offers/{offer['id']}/decline",
            json={"reason": "chaos"},
            headers=broker(uuid.UUID(offer["provider_id"])),
        )
        assert r.status_code in (204, 409), r.text
        return []
    return list(await asyncio.gather(*(accept(http, offer) for _ in range(3))))


async def _post_one_key_ten_times(http: httpx.AsyncClient) -> set[str]:
    office = await new_office(http)
    body, headers = body_for(office, CATEGORY), {**office.headers, "Idempotency-Key": "flush-1"}
    answers = await asyncio.gather(
        *(http.post("/v1/orders", json=body, headers=headers) for _ in range(10))
    )
    assert {r.status_code for r in answers} <= {200, 201}, [r.text for r in answers]
    return {r.json()["id"] for r in answers}
