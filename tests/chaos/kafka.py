"""Kafka probes for the checks: where topics end, what arrived since, how far groups lag."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord, TopicPartition

from shared.events import Payload, new_envelope
from shared.kafka.auth import client_kwargs
from shared.kafka.partitions import topic_partitions
from shared.kafka.topics import Topic

Offsets = dict[TopicPartition, int]


async def end_offsets(bootstrap: str, topic: str) -> Offsets:
    parts = await topic_partitions(bootstrap, [topic])
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, **client_kwargs())
    await consumer.start()
    try:
        return dict(await consumer.end_offsets(parts))
    finally:
        await consumer.stop()


async def read_since(bootstrap: str, topic: str, start: Offsets) -> list[ConsumerRecord]:
    """Every record of ``topic`` from ``start`` (a mark taken earlier) to the end now."""
    ends = await end_offsets(bootstrap, topic)
    todo = {tp for tp, end in ends.items() if end > start.get(tp, 0)}
    if not todo:
        return []
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, **client_kwargs(), enable_auto_commit=False
    )
    await consumer.start()
    out: list[ConsumerRecord] = []
    try:
        consumer.assign(list(todo))
        for tp in todo:
            consumer.seek(tp, start.get(tp, 0))
        while todo:
            batch = await consumer.getmany(*todo, timeout_ms=1000)
            for tp, records in batch.items():
                out.extend(r for r in records if r.offset < ends[tp])
                if await consumer.position(tp) >= ends[tp]:
                    todo.discard(tp)
        return out
    finally:
        await consumer.stop()


def events(records: Iterable[ConsumerRecord]) -> list[dict[str, Any]]:
    return [orjson.loads(r.value) for r in records]


async def lag(bootstrap: str, group: str, topic: str) -> int:
    """Records in ``topic`` the group has not committed yet."""
    ends = await end_offsets(bootstrap, topic)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_kwargs())
    await admin.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    done = {tp: (committed[tp].offset if tp in committed else 0) for tp in ends}
    return sum(max(0, end - done[tp]) for tp, end in ends.items())


async def publish_all(bootstrap: str, topic: Topic, payloads: list[tuple[str, Payload]]) -> None:
    """One envelope per (key, payload), sent as one burst."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_kwargs(), linger_ms=5)
    await producer.start()
    try:
        for key, payload in payloads:
            env = new_envelope(payload, key=key)
            await producer.send(topic.name, env.to_bytes(), key=key.encode())
        await producer.flush()
    finally:
        await producer.stop()


async def publish_raw(bootstrap: str, topic: str, records: list[ConsumerRecord]) -> None:
    """Re-send recorded records (same key, value and headers) in the given order."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, **client_kwargs(), linger_ms=5, enable_idempotence=True
    )
    await producer.start()
    try:
        for r in records:
            await producer.send(topic, r.value, key=r.key, headers=list(r.headers or ()))
        await producer.flush()
    finally:
        await producer.stop()
