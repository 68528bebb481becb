"""A consumer SIGKILLed in the middle of a batch, then restarted: one effect per event."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.kafka.topics import ORDERS, PLACEMENTS
from tests.chaos.flows import (
    ledger_mismatches,
    matching_orders,
    offered_units,
    register,
    submit_burst,
    units_by_order,
)
from tests.chaos.kafka import end_offsets, events, read_since
from tests.chaos.procs import Service, metric
from tests.support.waiting import eventually

N, QTY, CATEGORY = 400, 100, "crochet"


async def test_matching_killed_mid_batch(
    matching: Service,
    matching_http: httpx.AsyncClient,
    db: AsyncEngine,
    bootstrap: str,
    record: Callable[..., None],
) -> None:
    """SIGKILL of matching while it applies a burst of 400 OrderSubmitted events.

    Breaks: the matching process is SIGKILLed mid-batch (some of the burst stored, the rest not).
    Does: restarts it on the same port and waits until every order has offers.
    Holds: each order is stored once and offered exactly its quantity; one JobOffered per
    offer on matching.placements; held capacity equals open offers; nothing dead-lettered.
    """
    provider = await register(matching_http, category=CATEGORY, units=1_000_000)
    marks = {t: await end_offsets(bootstrap, t) for t in (PLACEMENTS.name, ORDERS.dlq.name)}
    ids = await submit_burst(bootstrap, N, CATEGORY, QTY)
    stored = await eventually(
        lambda: matching_orders(db, ids), lambda n: n > 0, timeout=60, every=0.01, what="a start"
    )
    matching.kill()
    at_kill = await matching_orders(db, ids)
    restart_s = matching.start()
    offered = await eventually(
        lambda: offered_units(db, ids), lambda o: len(o) == N, timeout=180, what="offers for all"
    )
    record(events=N, stored_at_kill=at_kill, restart_s=round(restart_s, 1))
    record(redelivered=metric(matching, "procnet_events_consumed_total", outcome="duplicate"))
    assert 0 < stored <= at_kill < N, "the kill did not land mid-burst"
    assert await matching_orders(db, ids) == N
    assert offered == dict.fromkeys(ids, QTY)
    await _placements_once(bootstrap, marks[PLACEMENTS.name], ids)
    assert await ledger_mismatches(db, [provider]) == []
    assert await read_since(bootstrap, ORDERS.dlq.name, marks[ORDERS.dlq.name]) == []


async def _placements_once(bootstrap: str, mark: dict, ids: list[uuid.UUID]) -> None:
    wanted = set(ids)
    published = [
        e
        for e in events(await read_since(bootstrap, PLACEMENTS.name, mark))
        if e["type"] == "JobOffered" and uuid.UUID(e["payload"]["order_id"]) in wanted
    ]
    per_offer = Counter(e["payload"]["offer_id"] for e in published)
    assert set(per_offer.values()) == {1}, "an offer was published twice"
    assert units_by_order(published, "JobOffered") == dict.fromkeys(ids, QTY)
