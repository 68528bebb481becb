"""Find which event ids already reached Kafka after a relay died mid-send."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.kafka.auth import KafkaAuth, client_kwargs
from shared.kafka.partitions import topic_partitions

# Covers clock skew between PostgreSQL (pending_since) and producer timestamps.
SCAN_MARGIN_MS = 5 * 60 * 1000


async def event_ids_since(
    bootstrap: str, topics: Iterable[str], since: datetime, auth: KafkaAuth | None = None
) -> set[str]:
    """Event ids in the ``event_id`` header of every message written after ``since``."""
    partitions = await topic_partitions(bootstrap, topics, auth)
    if not partitions:
        return set()
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **client_kwargs(auth)
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        return await _read_from(
            consumer, partitions, int(since.timestamp() * 1000) - SCAN_MARGIN_MS
        )
    finally:
        await consumer.stop()


async def _read_from(
    consumer: AIOKafkaConsumer, partitions: list[TopicPartition], ts_ms: int
) -> set[str]:
    starts = await consumer.offsets_for_times({tp: ts_ms for tp in partitions})
    ends = await consumer.end_offsets(partitions)
    todo = set()
    for tp in partitions:
        start = starts.get(tp)
        if start is not None and start.offset < ends[tp]:
            consumer.seek(tp, start.offset)
            todo.add(tp)
    found: set[str] = set()
    while todo:
        batch = await consumer.getmany(*todo, timeout_ms=1000)
        for tp, records in batch.items():
            for record in records:
                found.update(v.decode() for k, v in record.headers if k == "event_id")
            if await consumer.position(tp) >= ends[tp]:
                todo.discard(tp)
    return found
