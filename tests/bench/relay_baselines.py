"""The relay's baselines: raw produce only, and raw produce plus the relay's SQL in asyncpg.

Both send exactly what the relay sends (topic, key, value, headers) with the
same producer settings (``idempotent_producer``: idempotent, acks=all).
The second also runs, per batch of 500, the statements the relay runs:
lease check, pending-shard check, claim FOR UPDATE SKIP LOCKED, mark shards
pending, then after the acks mark rows sent and clear pending.
"""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import orjson
from aiokafka import AIOKafkaProducer

SHARDS = list(range(16))
CLAIM = (
    "SELECT id, topic, key, shard, value, headers FROM outbox WHERE sent_at IS NULL"
    " AND shard = ANY($1) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED"
)
PENDING = (
    "INSERT INTO outbox_relay_shard (shard, pending_since) SELECT unnest($1::smallint[]), now()"
    " ON CONFLICT (shard) DO UPDATE SET pending_since ="
    " coalesce(outbox_relay_shard.pending_since, excluded.pending_since)"
)
SETTLED = (
    "SELECT shard, pending_since FROM outbox_relay_shard"
    " WHERE shard = ANY($1) AND pending_since IS NOT NULL"
)


async def produce(producer: AIOKafkaProducer, rows: list[Any]) -> None:
    """Send every row, then wait for every ack (as the relay does per batch)."""
    futures = [
        await producer.send(
            r["topic"],
            value=r["value"],
            key=r["key"].encode(),
            headers=[(k, str(v).encode()) for k, v in r["headers"].items()],
        )
        for r in rows
    ]
    await asyncio.gather(*futures)


async def produce_with_sql(producer: AIOKafkaProducer, conn: asyncpg.Connection, n: int) -> None:
    sent = 0
    while sent < n:
        await conn.fetchval("SELECT 1")
        await conn.fetch(SETTLED, SHARDS)
        async with conn.transaction():
            rows = await conn.fetch(CLAIM, SHARDS, 500)
            await conn.execute(PENDING, sorted({r["shard"] for r in rows}))
        await produce(producer, [{**dict(r), "headers": orjson.loads(r["headers"])} for r in rows])
        async with conn.transaction():
            await conn.execute(
                "UPDATE outbox SET sent_at = now() WHERE id = ANY($1)", [r["id"] for r in rows]
            )
            await conn.execute(
                "UPDATE outbox_relay_shard SET pending_since = NULL WHERE shard = ANY($1)",
                sorted({r["shard"] for r in rows}),
            )
        sent += len(rows)
