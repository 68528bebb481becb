"""Two minutes of open-loop order traffic: lag drains, memory stays flat, p95 reported."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.kafka.topics import ORDERS, PLACEMENTS
from tests.chaos.flows import new_office, register, scalar
from tests.chaos.kafka import lag
from tests.chaos.load import OrderTraffic, percentile
from tests.chaos.procs import Service
from tests.support.waiting import eventually

RATE, LOAD_S, WARMUP_S, CATEGORY = 20.0, 120.0, 20.0, "knitting"
DRAIN_LIMIT_S, RSS_LIMIT = 30.0, 0.10
pytestmark = pytest.mark.timeout(900)


async def test_two_minutes_at_twenty_orders_a_second(
    intake: Service,
    matching: Service,
    intake_http: httpx.AsyncClient,
    matching_http: httpx.AsyncClient,
    db: AsyncEngine,
    bootstrap: str,
    record: Callable[..., None],
) -> None:
    """POST /v1/orders at 20/s open loop for 120 s; matching places every order meanwhile.

    Breaks: nothing but sustained load (2,400 orders) on a shared 2-core machine.
    Does: samples each service's RSS every second after a 20 s warm-up; after the load stops,
    waits until both outboxes are sent and both consumer groups have no lag.
    Holds: every order is accepted (201); the backlog drains within 30 s; each service's RSS
    stays within 10% of its post-warm-up value; the p95 of the order API is reported.
    """
    await register(matching_http, category=CATEGORY, units=1_000_000)
    traffic = OrderTraffic(intake_http, await new_office(intake_http), RATE, CATEGORY)
    flow = asyncio.create_task(traffic.run())
    t0 = time.monotonic()
    drift = await _rss_drift([intake, matching], t0 + WARMUP_S, t0 + LOAD_S)
    traffic.stop()
    await flow
    t_stop = time.monotonic()
    await eventually(lambda: _backlog(db, bootstrap), lambda n: n == 0, timeout=120, every=0.5)
    drain_s = time.monotonic() - t_stop
    latencies = [s.latency for s in traffic.sent if s.status == 201]
    record(
        rate_per_s=RATE,
        orders=len(traffic.sent),
        achieved_per_s=round(len(traffic.sent) / LOAD_S, 1),
    )
    record(
        p50_ms=round(percentile(latencies, 50) * 1000),
        p95_ms=round(percentile(latencies, 95) * 1000),
    )
    record(p99_ms=round(percentile(latencies, 99) * 1000), lag_drain_s=round(drain_s, 1))
    record(**{f"rss_drift_{k}_pct": round(v * 100, 1) for k, v in drift.items()})
    assert Counter(s.status for s in traffic.sent) == Counter({201: len(traffic.sent)})
    assert drain_s <= DRAIN_LIMIT_S
    assert all(d <= RSS_LIMIT for d in drift.values()), drift


async def _rss_drift(services: list[Service], start: float, end: float) -> dict[str, float]:
    """Largest relative RSS change from the warm-up value, sampled each second until ``end``."""
    await asyncio.sleep(max(0.0, start - time.monotonic()))  # the load's own schedule
    base = {s.name: s.rss_mb() for s in services}
    worst = dict.fromkeys(base, 0.0)
    while time.monotonic() < end:
        await asyncio.sleep(1.0)  # sampling period
        for s in services:
            worst[s.name] = max(worst[s.name], abs(s.rss_mb() - base[s.name]) / base[s.name])
    return worst


async def _backlog(db: AsyncEngine, bootstrap: str) -> int:
    """Unsent outbox rows of both services plus both consumer groups' lag."""
    unsent = await scalar(
        db,
        "SELECT (SELECT count(*) FROM intake.outbox WHERE sent_at IS NULL)"
        " + (SELECT count(*) FROM matching.outbox WHERE sent_at IS NULL)",
    )
    return (
        int(unsent)
        + await lag(bootstrap, "matching", ORDERS.name)
        + await lag(bootstrap, "intake", PLACEMENTS.name)
    )
