"""Row 5a: the outbox relay publishing N rows against raw aiokafka producing the same N.

Same producer settings on both sides. A second baseline, raw produce plus the
relay's own SQL in asyncpg (relay_baselines.py), shows how much of the gap
is PostgreSQL work that any outbox needs.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable

import asyncpg
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db.messaging_tables import MessagingTables, add_messaging_tables
from shared.events import new_envelope
from shared.kafka.clients import idempotent_producer
from shared.kafka.topics import Topic
from shared.outbox.relay import OutboxRelay, RelayConfig
from shared.outbox.writer import outbox_row
from tests.bench.context import Context
from tests.bench.relay_baselines import produce, produce_with_sql
from tests.bench.report import Row
from tests.bench.scratch import BenchPinged, fresh_topic, scratch_schema
from tests.bench.stack import admin_dsn
from tests.bench.stats import Ratio, rotated
from tests.support.stack import kafka_bootstrap

TABLES: MessagingTables = add_messaging_tables(sa.MetaData())


def rows(topic: Topic, n: int) -> list[dict[str, object]]:
    def one(seq: int) -> dict[str, object]:
        key = str(uuid.uuid4())
        return outbox_row(topic, new_envelope(BenchPinged(order_id=key, seq=seq), key=key))

    return [one(seq) for seq in range(n)]


async def stage(engine: AsyncEngine, topic: Topic, n: int) -> None:
    async with engine.begin() as conn:
        for start in range(0, n, 1000):
            await conn.execute(sa.insert(TABLES.outbox), rows(topic, min(1000, n - start)))


async def drain(relay: OutboxRelay, n: int, timeout: float = 300) -> None:
    sent, deadline = 0, time.monotonic() + timeout
    while sent < n:
        sent += await relay.relay_once()
        if time.monotonic() > deadline:
            raise TimeoutError(f"relay sent {sent} of {n} rows in {timeout}s")


async def clocked(
    prepare: Callable[[], Awaitable[object]], work: Callable[[], Awaitable[object]]
) -> float:
    await prepare()
    t0 = time.perf_counter()
    await work()
    return time.perf_counter() - t0


async def run(ctx: Context) -> list[Row]:
    n, rounds = ctx.pick(5000, 20000), ctx.pick(3, 6)
    topic = await fresh_topic("relay")
    async with scratch_schema("relay") as (schema, engine):
        relay = OutboxRelay(engine, TABLES, RelayConfig(kafka_bootstrap(), schema))
        producer = idempotent_producer(kafka_bootstrap(), "bench-raw-producer")
        conn = await asyncpg.connect(admin_dsn(), server_settings={"search_path": schema})
        await producer.start()
        try:
            await stage(engine, topic, 20)
            await drain(relay, 20)  # warm-up: producer started, shard leases taken
            staged: list[list[dict[str, object]]] = []

            async def make() -> None:
                staged[:] = [rows(topic, n)]

            runs = {
                "raw": lambda: clocked(make, lambda: produce(producer, staged[0])),
                "raw+sql": lambda: clocked(
                    lambda: stage(engine, topic, n), lambda: produce_with_sql(producer, conn, n)
                ),
                "relay": lambda: clocked(lambda: stage(engine, topic, n), lambda: drain(relay, n)),
            }
            found = await rotated(runs, rounds)
        finally:
            await relay.close()
            await producer.stop()
            await conn.close()
    return [relay_row(n, found)]


def relay_row(n: int, found: list[dict[str, float]]) -> Row:
    vs_raw = Ratio.of([r["raw"] / r["relay"] for r in found])
    vs_sql = Ratio.of([r["raw+sql"] / r["relay"] for r in found])
    rate = {k: n / sorted(r[k] for r in found)[len(found) // 2] for k in found[0]}
    return Row(
        "5a",
        f"outbox relay throughput ({n:,} rows)",
        "raw aiokafka produce (idempotent, acks=all)",
        f"{vs_raw.median:.2f}×",
        vs_raw.spread,
        "≥ 0.8×",
        vs_raw.median >= 0.8,
        f"relay {rate['relay']:,.0f}/s, raw {rate['raw']:,.0f}/s; vs raw produce + the same "
        f"SQL in asyncpg ({rate['raw+sql']:,.0f}/s): {vs_sql.median:.2f}× ({vs_sql.spread})",
        {"seconds": found, "per_s": rate, "vs_raw_sql": vs_sql.values},
    )
