"""Row 5b: the InboxConsumer with a trivial handler against a raw manual-commit consumer.

Both read the same N events from a pre-filled topic with the same consumer
settings (``manual_commit_consumer``), a fresh group each run, committing per
partition after each batch; the clock starts once partitions are assigned.
A second baseline adds the inbox's PostgreSQL write (one transaction per
event, INSERT ... ON CONFLICT DO NOTHING) in asyncpg.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable

import asyncpg
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db.engine import make_sessionmaker
from shared.db.messaging_tables import add_messaging_tables
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, Payload, new_envelope
from shared.inbox.consumer import ConsumerConfig, InboxConsumer
from shared.kafka.clients import idempotent_producer, manual_commit_consumer
from shared.kafka.topics import Topic
from tests.bench.context import Context
from tests.bench.report import Row
from tests.bench.scratch import BenchPinged, bench_registry, fresh_topic, scratch_schema
from tests.bench.stack import admin_dsn
from tests.bench.stats import Ratio, rotated
from tests.support.stack import kafka_bootstrap

OnRecord = Callable[[str, ConsumerRecord], Awaitable[None]]
INBOX = (
    "INSERT INTO inbox (consumer, event_id, event_type) VALUES ($1, $2, 'BenchPinged')"
    " ON CONFLICT DO NOTHING RETURNING true"
)


async def fill(topic: Topic, n: int) -> None:
    producer = idempotent_producer(kafka_bootstrap(), "bench-fill")
    await producer.start()
    try:
        for seq in range(n):
            key = str(uuid.uuid4())
            env = new_envelope(BenchPinged(order_id=uuid.UUID(key), seq=seq), key=key)
            await producer.send(topic.name, env.to_bytes(), key=key.encode(), headers=env.headers())
        await producer.flush()
    finally:
        await producer.stop()


async def assigned(consumer: AIOKafkaConsumer, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not consumer.assignment():
        if time.monotonic() > deadline:
            raise TimeoutError("no partitions assigned")
        await asyncio.sleep(0.01)


async def raw(topic: Topic, n: int, on_record: OnRecord | None = None) -> float:
    group = f"bench-raw-{uuid.uuid4().hex[:8]}"
    consumer = manual_commit_consumer(kafka_bootstrap(), group)
    consumer.subscribe([topic.name])
    await consumer.start()
    try:
        await assigned(consumer)
        t0, done = time.perf_counter(), 0
        while done < n:
            batch = await consumer.getmany(timeout_ms=500, max_records=500)
            for tp, records in batch.items():
                if on_record is not None:
                    for record in records:
                        await on_record(group, record)
                await consumer.commit({tp: records[-1].offset + 1})
                done += len(records)
        return time.perf_counter() - t0
    finally:
        await consumer.stop()


async def nothing(uow: UnitOfWork, envelope: Envelope, payload: Payload) -> None:
    """The trivial handler: the inbox row is the only effect."""


async def inbox(engine: AsyncEngine, topic: Topic, n: int) -> float:
    name = f"bench-inbox-{uuid.uuid4().hex[:8]}"
    config = ConsumerConfig(bootstrap=kafka_bootstrap(), name=name, topics=(topic.name,))
    tables = add_messaging_tables(sa.MetaData())
    consumer = InboxConsumer(
        make_sessionmaker(engine), tables, bench_registry, {"BenchPinged": nothing}, config
    )
    await consumer.start()
    try:
        assert consumer._consumer is not None
        await assigned(consumer._consumer)
        t0, done = time.perf_counter(), 0
        while done < n:
            done += await consumer.poll_once(timeout_ms=500)
        return time.perf_counter() - t0
    finally:
        await consumer.close()


def inbox_writer(conn: asyncpg.Connection) -> OnRecord:
    async def write(group: str, record: ConsumerRecord) -> None:
        event_id = uuid.UUID(dict(record.headers)["event_id"].decode())
        async with conn.transaction():
            await conn.fetchval(INBOX, group, event_id)

    return write


async def run(ctx: Context) -> list[Row]:
    n, rounds = ctx.pick(2000, 10000), ctx.pick(3, 6)
    topic = await fresh_topic("inbox")
    await fill(topic, n)
    async with scratch_schema("inbox") as (schema, engine):
        conn = await asyncpg.connect(admin_dsn(), server_settings={"search_path": schema})
        try:
            runs = {
                "raw": lambda: raw(topic, n),
                "raw+sql": lambda: raw(topic, n, inbox_writer(conn)),
                "inbox": lambda: inbox(engine, topic, n),
            }
            found = await rotated(runs, rounds)
        finally:
            await conn.close()
    return [inbox_row(n, found)]


def inbox_row(n: int, found: list[dict[str, float]]) -> Row:
    vs_raw = Ratio.of([r["raw"] / r["inbox"] for r in found])
    vs_sql = Ratio.of([r["raw+sql"] / r["inbox"] for r in found])
    rate = {k: n / sorted(r[k] for r in found)[len(found) // 2] for k in found[0]}
    return Row(
        "5b",
        f"InboxConsumer throughput, trivial handler ({n:,} events)",
        "raw aiokafka manual-commit consume",
        f"{vs_raw.median:.3f}×",
        vs_raw.spread,
        "≥ 0.7×",
        vs_raw.median >= 0.7,
        f"inbox {rate['inbox']:,.0f}/s, raw {rate['raw']:,.0f}/s; vs raw consume + one "
        f"asyncpg inbox transaction per event ({rate['raw+sql']:,.0f}/s): "
        f"{vs_sql.median:.2f}× ({vs_sql.spread})",
        {"seconds": found, "per_s": rate, "vs_raw_sql": vs_sql.values},
    )
