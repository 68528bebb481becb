"""Small real-Kafka helpers for tests: fresh topics and reading a topic whole."""

from __future__ import annotations

import uuid

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord

from shared.kafka.admin import ensure_topics
from shared.kafka.auth import client_kwargs
from shared.kafka.partitions import topic_partitions
from shared.kafka.topics import Topic


async def fresh_topic(bootstrap: str, prefix: str, partitions: int = 4) -> Topic:
    topic = Topic(f"test.{prefix}.{uuid.uuid4().hex[:10]}", partitions=partitions)
    await ensure_topics(bootstrap, [topic, topic.dlq])
    return topic


async def read_all(bootstrap: str, topic: str) -> list[ConsumerRecord]:
    """Every record now in the topic, partition by partition in offset order."""
    parts = await topic_partitions(bootstrap, [topic])
    assert parts, f"topic {topic} does not exist"
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, **client_kwargs(), enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)
        todo = {tp for tp in parts if ends[tp] > 0}
        out: list[ConsumerRecord] = []
        while todo:
            batch = await consumer.getmany(*todo, timeout_ms=1000)
            for tp, records in batch.items():
                out.extend(records)
                if await consumer.position(tp) >= ends[tp]:
                    todo.discard(tp)
        return out
    finally:
        await consumer.stop()


async def group_caught_up(bootstrap: str, group: str, topic: str) -> bool:
    """True when the group's committed offsets reach the end of every partition."""
    parts = await topic_partitions(bootstrap, [topic])
    assert parts, f"topic {topic} does not exist"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_kwargs())
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, **client_kwargs())
    await admin.start()
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
        ends = await consumer.end_offsets(parts)
        done = {tp: (committed[tp].offset if tp in committed else 0) for tp in parts}
        return all(done[tp] >= end for tp, end in ends.items())
    finally:
        await consumer.stop()
        await admin.close()


async def members(bootstrap: str, group: str, *, settled: bool = False) -> int:
    """How many consumers the group has now (0 when it is empty or unknown). ``settled``:
    0 until the group is Stable, i.e. its partitions are assigned among those members (a
    member counted while a rebalance is still under way may have no partition yet)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_kwargs())
    await admin.start()
    try:
        described = await admin.describe_consumer_groups([group])
    finally:
        await admin.close()
    # One DescribeGroups response per coordinator; each group is a tuple
    # (error_code, group_id, state, protocol_type, protocol, members, ...).
    for response in described:
        for found in response.groups:
            if found[1] == group:
                return 0 if settled and found[2] != "Stable" else len(found[5])
    return 0
