"""A consumer paused (SIGSTOP) past its session timeout, then resumed: no duplicate effects."""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Awaitable, Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.kafka.topics import ORDERS, PLACEMENTS
from tests.chaos import stack
from tests.chaos.flows import (
    ledger_mismatches,
    matching_orders,
    offered_units,
    register,
    submit_burst,
)
from tests.chaos.kafka import end_offsets, read_since
from tests.chaos.procs import Service, metric
from tests.chaos.test_consumer_kill import _placements_once
from tests.support.waiting import eventually

N, QTY, CATEGORY = 400, 100, "garment_sewing"
# What the broker logs when a member's heartbeats stop for longer than the session timeout.
EVICTED = re.compile(r"removing member matching-\S+ on heartbeat expiration")
pytestmark = pytest.mark.timeout(600)


async def test_matching_paused_past_its_session_timeout(
    matching: Service,
    matching_http: httpx.AsyncClient,
    db: AsyncEngine,
    bootstrap: str,
    record: Callable[..., None],
) -> None:
    """SIGSTOP of matching mid-burst until the broker evicts it from its group, then SIGCONT.

    Breaks: the matching process freezes with a batch in hand, longer than its 10 s session
    timeout; the broker drops it from the consumer group, so its offset commits are refused.
    Does: resumes it (SIGCONT) and waits until all 400 orders are offered.
    Holds: the events it re-reads change nothing twice: each order stored once and offered
    exactly its quantity, one JobOffered per offer, held capacity equals open offers.
    """
    provider = await register(matching_http, category=CATEGORY, units=1_000_000)
    marks = {t: await end_offsets(bootstrap, t) for t in (PLACEMENTS.name, ORDERS.dlq.name)}
    dup0 = metric(matching, "procnet_events_consumed_total", outcome="duplicate")
    ids = await submit_burst(bootstrap, N, CATEGORY, QTY)
    await eventually(lambda: matching_orders(db, ids), lambda n: n > 0, timeout=60, every=0.01)
    log_mark, t_stop = stack.broker_log_size(), time.monotonic()
    matching.signal(signal.SIGSTOP)
    at_stop = await matching_orders(db, ids)
    await eventually(_evicted(log_mark), timeout=60, every=0.2, what="eviction from the group")
    paused_s = time.monotonic() - t_stop
    matching.signal(signal.SIGCONT)
    offered = await eventually(
        lambda: offered_units(db, ids), lambda o: len(o) == N, timeout=180, what="offers"
    )
    redelivered = metric(matching, "procnet_events_consumed_total", outcome="duplicate") - dup0
    record(events=N, stored_at_stop=at_stop, paused_s=round(paused_s, 1))
    record(redelivered=redelivered)
    assert 0 < at_stop < N, "the pause did not land mid-burst"
    assert await matching_orders(db, ids) == N
    assert offered == dict.fromkeys(ids, QTY)
    await _placements_once(bootstrap, marks[PLACEMENTS.name], ids)
    assert await ledger_mismatches(db, [provider]) == []
    assert await read_since(bootstrap, ORDERS.dlq.name, marks[ORDERS.dlq.name]) == []


def _evicted(log_mark: int) -> Callable[[], Awaitable[bool]]:
    async def probe() -> bool:
        return bool(EVICTED.search(stack.broker_log_since(log_mark)))

    return probe
