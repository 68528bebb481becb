"""Look up a topic's partitions (a consumer's own metadata only covers subscribed topics)."""

from __future__ import annotations

from collections.abc import Iterable

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from shared.kafka.auth import KafkaAuth, client_kwargs


async def topic_partitions(
    bootstrap: str, topics: Iterable[str], auth: KafkaAuth | None = None
) -> list[TopicPartition]:
    names = sorted(set(topics))
    if not names:
        return []
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_kwargs(auth))
    await admin.start()
    try:
        described = await admin.describe_topics(names)
    finally:
        await admin.close()
    return sorted(
        TopicPartition(t["topic"], p["partition"])
        for t in described
        if t["error_code"] == 0
        for p in t["partitions"]
    )
