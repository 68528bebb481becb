"""Create declared topics explicitly (idempotent); ``python -m shared.kafka.admin``."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import structlog
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from shared.kafka.auth import KafkaAuth, client_kwargs
from shared.kafka.topics import ALL_TOPICS, Topic, with_dead_letters
from shared.settings import CommonSettings

log = structlog.get_logger()


def new_topics(
    topics: Iterable[Topic], replication: int = 1, partitions: int = 0
) -> list[NewTopic]:
    """The topics as the cluster should create them. ``replication`` copies of each
    partition, and then at least two in sync for a write (acks=all) to count, so one broker
    lost loses nothing acknowledged. ``partitions`` (0: as declared) replaces the count of
    every topic declared with more than one partition; single-partition topics keep one
    (their consumers rely on a total order, or they are compacted tables)."""
    insync = {"min.insync.replicas": "2"} if replication >= 3 else {}
    return [
        NewTopic(
            t.name,
            partitions if partitions and t.partitions > 1 else t.partitions,
            replication,
            topic_configs={**t.configs(), **insync},
        )
        for t in topics
    ]


async def ensure_topics(
    bootstrap: str,
    topics: Iterable[Topic],
    auth: KafkaAuth | None = None,
    *,
    replication: int = 1,
    partitions: int = 0,
) -> list[str]:
    """Create the topics that do not exist yet; returns the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_kwargs(auth))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t.name not in existing]
        if missing:
            await admin.create_topics(new_topics(missing, replication, partitions))
        return [t.name for t in missing]
    finally:
        await admin.close()


def main() -> None:
    settings = CommonSettings()
    topics = with_dead_letters(ALL_TOPICS)
    created = asyncio.run(
        ensure_topics(
            settings.kafka_bootstrap,
            topics,
            replication=settings.kafka_replication,
            partitions=settings.kafka_partitions,
        )
    )
    print(f"topics: {len(created)} created" + (f" ({', '.join(created)})" if created else ""))


if __name__ == "__main__":
    main()
