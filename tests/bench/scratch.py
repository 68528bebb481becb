"""Throwaway PostgreSQL schemas with the messaging tables, and fresh Kafka topics."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.db.engine import make_engine
from shared.db.messaging_tables import create_messaging_tables
from shared.events import EventRegistry, Payload
from shared.kafka.admin import ensure_topics
from shared.kafka.topics import Topic
from tests.support.stack import admin_url, kafka_bootstrap

bench_registry = EventRegistry()


@bench_registry.contract("BenchPinged", 1, topic=Topic("bench.pings"), key="order_id")
class BenchPinged(Payload):
    """A small event, about the size of an order's id and a status."""

    order_id: uuid.UUID
    seq: int
    note: str = "bench"


@asynccontextmanager
async def scratch_schema(prefix: str) -> AsyncIterator[tuple[str, AsyncEngine]]:
    """A schema with outbox, relay shards and inbox; dropped afterwards."""
    name = f"bench_{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(admin_url())
    async with admin.begin() as conn:
        await conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
        await conn.run_sync(create_messaging_tables, name)
    engine = make_engine(admin_url(), schema=name, pool_size=5)
    try:
        yield name, engine
    finally:
        await engine.dispose()
        async with admin.begin() as conn:
            await conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        await admin.dispose()


async def fresh_topic(prefix: str, partitions: int = 6) -> Topic:
    topic = Topic(f"bench.{prefix}.{uuid.uuid4().hex[:8]}", partitions=partitions)
    await ensure_topics(kafka_bootstrap(), [topic])
    return topic
