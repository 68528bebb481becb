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


def kafka_check(client: AIOKafkaClient) -> Check:
    async def check() -> None:
        await client.fetch_all_metadata()

    return check
