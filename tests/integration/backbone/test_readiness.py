"""``/readyz`` on the real stack: PostgreSQL down stops a service; Kafka or Redis down is
ridden out for the grace period; a background worker that crashed or cannot start is named."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.db.engine import make_sessionmaker
from shared.db.messaging_tables import MessagingTables
from shared.http.health import health_router
from shared.http.readiness import database_check, kafka_check, redis_check
from shared.inbox.consumer import ConsumerConfig, InboxConsumer
from shared.kafka.auth import KafkaAuth
from shared.observability.readiness import Readiness
from shared.service.workers import Worker, Workers
from tests.integration.backbone.events import test_registry
from tests.support.services import free_port
from tests.support.stack import admin_url
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def pg() -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(admin_url())
    yield engine
    await engine.dispose()


@pytest.fixture
async def redis_down() -> AsyncIterator[Redis]:
    client = Redis(port=free_port(), socket_connect_timeout=0.5, socket_timeout=0.5)
    yield client
    await client.aclose()


async def readyz(readiness: Readiness) -> httpx.Response:
    app = FastAPI()
    app.include_router(health_router(readiness))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        return await client.get("/readyz")


async def test_kafka_and_redis_down_are_ridden_out_then_not_ready(
    pg: AsyncEngine, redis_down: Redis
) -> None:
    """Before: 503 at the first failed Redis or Kafka probe, though the relay, consumers
    and rate limiter all retry through a short outage."""
    checks = {
        "database": database_check(pg),
        "kafka": kafka_check(f"127.0.0.1:{free_port()}"),
        "redis": redis_check(redis_down),
    }
    riding = Readiness(checks, grace_s=60)
    r = await readyz(riding)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["ready"] is True and body["checks"]["database"] == "ok"
    assert body["checks"]["kafka"].startswith("failed") and body["checks"]["redis"].startswith(
        "failed"
    )
    assert set(body["failing_for_s"]) == {"kafka", "redis"}

    short = Readiness(checks, grace_s=0.5)
    assert (await readyz(short)).status_code == 200
    r = await eventually(lambda: readyz(short), lambda r: r.status_code == 503, what="503")
    assert set(r.json()["not_ready_because"]) == {"kafka", "redis"}


async def test_postgres_down_is_not_ready_at_once() -> None:
    down = create_async_engine(f"postgresql+asyncpg://procnet:x@127.0.0.1:{free_port()}/procnet")
    try:
        r = await readyz(Readiness({"database": database_check(down)}, grace_s=60))
    finally:
        await down.dispose()
    assert r.status_code == 503
    assert r.json()["not_ready_because"] == ["database"]


async def test_a_consumer_that_cannot_start_is_named(
    pg: AsyncEngine, tables: MessagingTables, bootstrap: str
) -> None:
    """A consumer whose principal the broker refuses cannot start: it keeps retrying (as
    when Kafka is not there yet) and /readyz names it, not ready; the relay beside it runs
    on. Before: /readyz answered 200 with the consumer dead."""
    consumer = InboxConsumer(
        make_sessionmaker(pg),
        tables,
        test_registry,
        {},
        ConsumerConfig(
            bootstrap=bootstrap,
            name=f"test-crash-{uuid.uuid4().hex[:6]}",
            topics=("intake.orders",),
            auth=KafkaAuth("intake", "not-the-password"),
        ),
    )
    running = asyncio.Event()

    async def relay() -> None:
        await running.wait()

    workers = Workers()
    workers.add(Worker("consumer-orders", consumer.run, consumer.stop, consumer.problem))
    workers.add(Worker("outbox-relay", relay, running.set))
    workers.start()
    try:
        readiness = Readiness({"database": database_check(pg)}, workers=workers.states)
        r = await eventually(lambda: readyz(readiness), lambda r: r.status_code == 503, what="503")
        body = r.json()
        assert body["not_ready_because"] == ["worker consumer-orders"]
        assert body["workers"]["consumer-orders"].startswith("not started: ")
        assert body["workers"]["outbox-relay"] == "running"
        async with pg.connect() as conn:  # the database itself was fine all along
            assert await conn.scalar(sa.text("SELECT 1")) == 1
    finally:
        await workers.stop()
