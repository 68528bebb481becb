"""Readiness probes for the three dependencies every service has."""

from __future__ import annotations

import sqlalchemy as sa
from aiokafka.client import AIOKafkaClient
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.http.health import Check


def database_check(engine: AsyncEngine) -> Check:
    async def check() -> None:
        async with engine.connect() as conn:
            await conn.execute(sa.text("SELECT 1"))

    return check


def redis_check(redis: Redis) -> Check:
    async def check() -> None:
        await redis.ping()

    return check


def kafka_check(bootstrap: str) -> Check:
    # A fresh client each time: one that failed its bootstrap never recovers.
    async def check() -> None:
        client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=2000)
        try:
            await client.bootstrap()
        finally:
            await client.close()

    return check
