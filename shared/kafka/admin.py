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


async def ensure_topics(
    bootstrap: str, topics: Iterable[Topic], auth: KafkaAuth | None = None
) -> list[str]:
    """Create the topics that do not exist yet; returns the names created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **client_kwargs(auth))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if t.name not in existing]
        if missing:
            await admin.create_topics(
                [NewTopic(t.name, t.partitions, 1, topic_configs=t.configs()) for t in missing]
            )
        return [t.name for t in missing]
    finally:
        await admin.close()


def main() -> None:
    settings = CommonSettings()
    created = asyncio.run(ensure_topics(settings.kafka_bootstrap, with_dead_letters(ALL_TOPICS)))
    print(f"topics: {len(created)} created" + (f" ({', '.join(created)})" if created else ""))


if __name__ == "__main__":
    main()
