"""The Redis index of offer expiries against a real Redis."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from services.matching.adapters import redis_holds
from tests.support.stack import redis_client

pytestmark = pytest.mark.integration


@pytest.fixture
async def redis(stack: None) -> AsyncIterator[Redis]:
    # As matching's own ACL user: its key prefix is all it may touch.
    client = redis_client("matching", db=15)
    await client.delete(redis_holds.KEY)
    yield client
    await client.delete(redis_holds.KEY)
    await client.aclose()


async def test_due_offers_come_back_in_expiry_order_and_can_be_forgotten(redis: Redis) -> None:
    now = datetime.now(UTC)
    late, early, future = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await redis_holds.remember(
        redis,
        [
            (late, now - timedelta(seconds=1)),
            (early, now - timedelta(minutes=5)),
            (future, now + timedelta(hours=1)),
        ],
    )
    assert await redis_holds.due(redis, now) == [early, late]
    await redis_holds.forget(redis, [early, late])
    assert await redis_holds.due(redis, now) == []
    assert await redis_holds.due(redis, now + timedelta(hours=2)) == [future]


async def test_an_unreachable_redis_means_no_hints_not_an_error() -> None:
    dead = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    assert await redis_holds.due(dead, datetime.now(UTC)) == []
    await redis_holds.remember(dead, [(uuid.uuid4(), datetime.now(UTC))])  # logged, not raised
    await dead.aclose()
