"""Watch a topic from its current end and note when each key's first event of a type arrives."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import ConsumerRecord

from shared.kafka.auth import client_kwargs
from shared.kafka.partitions import topic_partitions
from tests.support.stack import kafka_bootstrap

# Which record marks arrival, and under which id: None to skip the record.
Identify = Callable[[ConsumerRecord], str | None]
# Called with every record read, for counts beyond first arrivals (bench row 8).
Each = Callable[[ConsumerRecord], None]


@asynccontextmanager
async def arrivals(
    topic: str, identify: Identify, each: Each | None = None
) -> AsyncIterator[dict[str, float]]:
    """A dict id -> perf_counter time of first arrival, filled while the block runs."""
    parts = await topic_partitions(kafka_bootstrap(), [topic])
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka_bootstrap(), **client_kwargs(), enable_auto_commit=False
    )
    await consumer.start()
    consumer.assign(parts)
    await consumer.seek_to_end(*parts)
    for tp in parts:
        await consumer.position(tp)  # resolve the end now, before any load starts
    seen: dict[str, float] = {}
    task = asyncio.create_task(_collect(consumer, identify, seen, each))
    try:
        yield seen
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await consumer.stop()


async def _collect(
    consumer: AIOKafkaConsumer, identify: Identify, seen: dict[str, float], each: Each | None
) -> None:
    while True:
        batch = await consumer.getmany(timeout_ms=100)
        now = time.perf_counter()
        for records in batch.values():
            for record in records:
                if each is not None:
                    each(record)
                if (key := identify(record)) is not None:
                    seen.setdefault(key, now)


async def until_seen(seen: Mapping[str, object], wanted: set[str], timeout: float) -> None:
    """Wait until every wanted id has arrived, or the timeout passes (then some are lost)."""
    deadline = time.monotonic() + timeout
    while True:
        if wanted <= seen.keys() or time.monotonic() > deadline:
            return
        await asyncio.sleep(0.05)


async def skip_backlog(group: str, topic: str) -> None:
    """Commit the end of ``topic`` for an idle ``group``, so it starts with what comes next."""
    parts = await topic_partitions(kafka_bootstrap(), [topic])
    consumer = AIOKafkaConsumer(
        bootstrap_servers=kafka_bootstrap(),
        **client_kwargs(),
        group_id=group,
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        consumer.assign(parts)
        await consumer.commit(await consumer.end_offsets(parts))
    finally:
        await consumer.stop()
