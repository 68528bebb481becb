"""Producer and consumer factories with the settings every service must use."""

from __future__ import annotations

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.kafka.auth import KafkaAuth, client_kwargs
from shared.kafka.partitioner import default_partitioner


def idempotent_producer(
    bootstrap: str, client_id: str, auth: KafkaAuth | None = None, *, linger_ms: int = 5
) -> AIOKafkaProducer:
    """acks=all + idempotence: a retried send never duplicates or reorders within a
    partition. ``linger_ms``: how long a record waits for others to share its request;
    a sender that hands over a whole batch at once (the outbox relay) needs none."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        linger_ms=linger_ms,
        request_timeout_ms=15000,
        retry_backoff_ms=200,
        # The default partitioner's answers at half its CPU (a third of a relay's per message).
        partitioner=default_partitioner,
        **client_kwargs(auth),
    )


def manual_commit_consumer(
    bootstrap: str,
    group_id: str,
    *,
    max_poll_interval_ms: int = 300000,
    auth: KafkaAuth | None = None,
) -> AIOKafkaConsumer:
    # Offsets are committed by the consumer loop only after effects are stored.
    return AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        client_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        max_poll_interval_ms=max_poll_interval_ms,
        session_timeout_ms=10000,
        heartbeat_interval_ms=3000,
        **client_kwargs(auth),
    )
