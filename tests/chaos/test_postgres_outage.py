"""PostgreSQL stopped and started while orders arrive: 503 meanwhile, nothing half-made."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.chaos import stack
from tests.chaos.flows import matching_orders, new_office, rows, scalar
from tests.chaos.load import OrderTraffic, post
from tests.chaos.procs import Service
from tests.support.waiting import eventually

RATE, CATEGORY = 5.0, "knitting"
pytestmark = pytest.mark.timeout(600)

# An order is whole when it has its history, its OrderSubmitted in the outbox and its key.
PARTIAL_ORDERS = """
SELECT count(*) FROM intake.orders o WHERE o.office_id = :office AND (
  NOT EXISTS (SELECT 1 FROM intake.order_history h WHERE h.order_id = o.id)
  OR NOT EXISTS (SELECT 1 FROM intake.outbox x
                 WHERE x.key = o.id::text AND x.type = 'OrderSubmitted')
  OR NOT EXISTS (SELECT 1 FROM intake.idempotency_keys k WHERE k.order_id = o.id))
"""


async def test_postgres_stopped_and_started(
    intake: Service,
    matching: Service,
    intake_http: httpx.AsyncClient,
    db: AsyncEngine,
    record: Callable[..., None],
) -> None:
    """PostgreSQL stopped (pg_ctl stop -m fast, as infra/down.sh) and started (infra/up.sh).

    Breaks: PostgreSQL goes away under intake while orders are posted (5/s, each with an
    Idempotency-Key).
    Does: keeps posting through the outage; after it, retries every unanswered key once.
    Holds: every answer is 201 or 503 (never 500); intake answers 201 again within 10 s of
    PostgreSQL being back; each key ends as exactly one whole order (history, outbox, key),
    and every order still reaches matching (relays and consumers of both services recovered).
    """
    office = await new_office(intake_http)
    traffic = OrderTraffic(intake_http, office, RATE, CATEGORY)
    flow = asyncio.create_task(traffic.run())
    await eventually(lambda: _count(traffic, 201), lambda n: n >= 5, timeout=30)
    t_down = time.monotonic()
    await asyncio.to_thread(stack.stop_postgres)
    await eventually(lambda: _count(traffic, 503), lambda n: n >= 15, timeout=60, what="503s")
    await asyncio.to_thread(stack.up)
    t_back = time.monotonic()
    first_ok = await eventually(lambda: _first_201_after(traffic, t_back), timeout=60)
    assert first_ok is not None
    await eventually(lambda: _count(traffic, 201), lambda n: n >= first_ok[1] + 5, timeout=30)
    traffic.stop()
    await flow
    answers = Counter(s.status for s in traffic.sent)
    record(outage_s=round(t_back - t_down, 1), recovery_s=round(first_ok[0] - t_back, 2))
    record(answers=dict(sorted(answers.items())))
    assert set(answers) <= {201, 503}, f"answers other than 201/503: {answers}"
    assert first_ok[0] - t_back <= 10.0
    await _retry_unanswered(intake_http, traffic)
    keys = {s.key for s in traffic.sent}
    assert await _office_count(db, "orders", office.id) == len(keys)
    assert await _office_count(db, "idempotency_keys", office.id) == len(keys)
    assert await scalar(db, PARTIAL_ORDERS, office=office.id) == 0
    ids = await _office_orders(db, office.id)
    await eventually(lambda: matching_orders(db, ids), lambda n: n == len(ids), timeout=60)


async def _count(traffic: OrderTraffic, status: int) -> int:
    return sum(1 for s in traffic.sent if s.status == status)


async def _first_201_after(traffic: OrderTraffic, t: float) -> tuple[float, int] | None:
    """When the first order after ``t`` was answered 201, and how many 201s there were then."""
    done = sorted(s.at + s.latency for s in traffic.sent if s.status == 201)
    after = [d for d in done if d >= t]
    return (after[0], len(done)) if after else None


async def _retry_unanswered(http: httpx.AsyncClient, traffic: OrderTraffic) -> None:
    retried = [s for s in traffic.sent if s.status != 201]
    await asyncio.gather(*(post(http, traffic.office, s) for s in retried))
    assert all(s.status in (200, 201) for s in retried), Counter(s.status for s in retried)


async def _office_orders(db: AsyncEngine, office_id: object) -> list[uuid.UUID]:
    found = await rows(db, "SELECT id FROM intake.orders WHERE office_id = :o", o=office_id)
    return [r[0] for r in found]


async def _office_count(db: AsyncEngine, table: str, office_id: object) -> int:
    sql = f"SELECT count(*) FROM intake.{table} WHERE office_id = :o"
    return int(await scalar(db, sql, o=office_id))
