"""Two matching processes share a burst; one is SIGKILLed mid-burst and not restarted."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.kafka.topics import ORDERS, PLACEMENTS
from tests.chaos.conftest import FAST_EXPIRY
from tests.chaos.flows import (
    ledger_mismatches,
    matching_orders,
    offered_units,
    register,
    rows,
    submit_burst,
)
from tests.chaos.kafka import end_offsets, read_since
from tests.chaos.procs import Service, metric
from tests.chaos.test_consumer_kill import _placements_once
from tests.support.kafka_io import members
from tests.support.waiting import eventually

N, QTY, CATEGORY = 400, 100, "crochet"
# After the kill: Kafka's session timeout (10 s) before the group hands the dead
# process's partitions over, then what was left of the burst.
DEADLINE_S = 60.0
pytestmark = pytest.mark.timeout(600)


@pytest.fixture
async def second(matching: Service) -> AsyncIterator[Service]:
    """A second process of services.matching: the same group, queue and outbox."""
    service = Service("matching-2", env=FAST_EXPIRY)
    service.start()
    try:
        yield service
    finally:
        service.stop()


async def test_one_of_two_matchers_killed_mid_burst(
    matching: Service,
    second: Service,
    db: AsyncEngine,
    bootstrap: str,
    record: Callable[..., None],
) -> None:
    """Two matching processes (one consumer group, one pending queue, one outbox) apply a
    burst of 400 OrderSubmitted events and place them.

    Breaks: the first matching process (which also owns every outbox shard) is SIGKILLed
    while the burst is being matched, and stays dead.
    Does: waits for the survivor alone to take over the dead one's partitions (after
    Kafka's 10 s session timeout), its outbox shards (advisory locks freed with its
    connections) and the orders it had claimed (row locks freed with its transaction).
    Holds: within 60 s of the kill every order is offered exactly its quantity; one
    JobOffered per offer on matching.placements; held capacity equals open offers on
    every provider used (no lot held twice); nothing dead-lettered.
    """
    await eventually(
        lambda: members(bootstrap, "matching"), lambda n: n == 2, timeout=60, what="2 members"
    )
    async with httpx.AsyncClient(base_url=second.url, timeout=30) as http:
        await register(http, category=CATEGORY, units=1_000_000)
    marks = {t: await end_offsets(bootstrap, t) for t in (PLACEMENTS.name, ORDERS.dlq.name)}
    before = {s.name: _applied(s) for s in (matching, second)}
    ids = await submit_burst(bootstrap, N, CATEGORY, QTY)
    await eventually(lambda: offered_units(db, ids), lambda o: len(o) > 0, timeout=60, every=0.01)
    applied = {s.name: _applied(s) - before[s.name] for s in (matching, second)}
    matching.kill()
    killed_at = time.monotonic()
    offered_at_kill = await offered_units(db, ids)
    offered = await eventually(
        lambda: offered_units(db, ids),
        lambda o: len(o) == N,
        timeout=DEADLINE_S,
        what=f"offers for all {N} orders from the survivor",
    )
    all_offered_s = time.monotonic() - killed_at
    record(
        events=N,
        offered_at_kill=len(offered_at_kill),
        applied_before_kill=applied,
        all_offered_s=round(all_offered_s, 1),
        deadline_s=DEADLINE_S,
    )
    assert 0 < len(offered_at_kill) < N, "the kill did not land mid-burst"
    assert all(n > 0 for n in applied.values()), f"one process had no share: {applied}"
    assert await matching_orders(db, ids) == N
    assert offered == dict.fromkeys(ids, QTY)
    await _placements_once(bootstrap, marks[PLACEMENTS.name], ids)
    assert await ledger_mismatches(db, await _providers_used(db, ids)) == []
    assert await read_since(bootstrap, ORDERS.dlq.name, marks[ORDERS.dlq.name]) == []
    assert second.alive()


def _applied(service: Service) -> float:
    return metric(service, "procnet_events_consumed_total", consumer="matching", outcome="applied")


async def _providers_used(db: AsyncEngine, ids: list[uuid.UUID]) -> list[uuid.UUID]:
    sql = "SELECT DISTINCT provider_id FROM matching.offers WHERE order_id = ANY(:ids)"
    return [r[0] for r in await rows(db, sql, ids=ids)]
