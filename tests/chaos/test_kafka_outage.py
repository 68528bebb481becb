"""The Kafka broker killed for 10 s while orders flow: the relays resume by themselves."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.kafka.topics import ORDERS
from tests.chaos import stack
from tests.chaos.flows import matching_orders, new_office, offered_units, register, scalar
from tests.chaos.kafka import end_offsets, events, read_since
from tests.chaos.load import OrderTraffic
from tests.chaos.procs import Service, metric
from tests.support.waiting import eventually

OUTAGE_S, RATE, QTY, CATEGORY = 10.0, 4.0, 100, "knitting"
pytestmark = pytest.mark.timeout(600)


async def test_kafka_killed_while_orders_flow(
    intake: Service,
    matching: Service,
    intake_http: httpx.AsyncClient,
    matching_http: httpx.AsyncClient,
    db: AsyncEngine,
    bootstrap: str,
    record: Callable[..., None],
) -> None:
    """SIGKILL of the broker JVM for 10 s while orders are submitted over HTTP.

    Breaks: the Kafka java process (pid from $STATE/kafka/kafka.pid) is SIGKILLed; after 10 s
    infra/up.sh starts it again. Orders keep arriving at intake all along (4/s).
    Does: no service is restarted; waits until every accepted order is offered in matching.
    Holds: every order is accepted (201) during the outage; each OrderSubmitted is published
    exactly once; every order reaches matching once and is offered its quantity; intake hears back.
    """
    await register(matching_http, category=CATEGORY, units=1_000_000)
    office = await new_office(intake_http)
    pids, mark = (intake.pid, matching.pid), await end_offsets(bootstrap, ORDERS.name)
    traffic = OrderTraffic(intake_http, office, RATE, CATEGORY)
    flow = asyncio.create_task(traffic.run())
    await eventually(lambda: _created(traffic), lambda n: n >= 8, timeout=30, what="traffic")
    t_kill = time.monotonic()
    await asyncio.to_thread(stack.kill_kafka)
    await asyncio.sleep(OUTAGE_S)  # the one intended fixed wait: the outage itself
    during = len(traffic.sent)
    restart_s = await asyncio.to_thread(stack.up)
    t_back = time.monotonic()
    await eventually(lambda: _created(traffic), lambda n: n >= during + 8, timeout=60)
    traffic.stop()
    await flow
    ids = [uuid.UUID(i) for i in traffic.created()]
    await eventually(lambda: matching_orders(db, ids), lambda n: n == len(ids), timeout=120)
    recovery_s = time.monotonic() - t_back
    record(outage_s=round(t_back - t_kill, 1), kafka_restart_s=round(restart_s, 1))
    record(orders=len(ids), recovery_s=round(recovery_s, 1))
    record(relay_failed_rounds=metric(intake, "outbox_relay_errors_total", schema="intake"))
    assert traffic.statuses() == {201}
    assert (intake.pid, matching.pid) == pids and intake.alive() and matching.alive()
    published = Counter(e["key"] for e in events(await read_since(bootstrap, ORDERS.name, mark)))
    assert published == Counter({str(i): 1 for i in ids}), "an order was published twice or not"
    offered = await eventually(lambda: offered_units(db, ids), lambda o: len(o) == len(ids))
    assert offered == dict.fromkeys(ids, QTY)
    await eventually(lambda: _still_submitted(db, ids), lambda n: n == 0, what="intake hears back")


async def _created(traffic: OrderTraffic) -> int:
    return len(traffic.created())


async def _still_submitted(db: AsyncEngine, ids: list[uuid.UUID]) -> int:
    sql = "SELECT count(*) FROM intake.orders WHERE id = ANY(:ids) AND status = 'SUBMITTED'"
    return int(await scalar(db, sql, ids=ids))
