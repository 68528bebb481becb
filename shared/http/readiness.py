"""Readiness probes for the three dependencies every service has."""

from __future__ import annotations

import sqlalchemy as sa
from aiokafka.client import AIOKafkaClient
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.http.health import Check
from shared.kafka.auth import KafkaAuth, client_kwargs


def database_check(engine: AsyncEngine) -> Check:
    async def check() -> None:
        async with engine.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))

    return check


def redis_check(redis: Redis) -> Check:
    async def check() -> None:
        await redis.ping()

    return check


def kafka_check(bootstrap: str, auth: KafkaAuth | None = None) -> Check:
    # A fresh client each time: one that failed its bootstrap never recovers.
    async def check() -> None:
        client = AIOKafkaClient(
            bootstrap_servers=bootstrap, request_timeout_ms=2000, **client_kwargs(auth)
        )
        try:
            await client.bootstrap()
        finally:
            await client.close()

    return check
