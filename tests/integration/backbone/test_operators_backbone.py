"""What operators see of the backbone, on real Kafka and PostgreSQL: consumer lag, dead
letters and handler failures as ``procnet_*`` metrics, and the correlation id a consumer
carries from the event it handles into the events it publishes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import orjson
import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db.engine import make_sessionmaker
from shared.db.messaging_tables import MessagingTables
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, Payload, new_envelope
from shared.inbox.consumer import ConsumerConfig, Handler, InboxConsumer
from shared.kafka.topics import Topic
from tests.integration.backbone.events import CounterBumped, test_registry
from tests.integration.backbone.test_inbox_consumer import produce
from tests.support.kafka_io import fresh_topic, group_caught_up
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
async def consume(engine: AsyncEngine, tables: MessagingTables, bootstrap: str) -> AsyncIterator:
    started: list[tuple[InboxConsumer, asyncio.Task[None]]] = []

    async def start(topic: Topic, handlers: dict[str, Handler]) -> str:
        group = f"test-ops-{uuid.uuid4().hex[:8]}"
        config = ConsumerConfig(
            bootstrap=bootstrap, name=group, topics=(topic.name,), retry_backoff=0.01
        )
        consumer = InboxConsumer(make_sessionmaker(engine), tables, test_registry, handlers, config)
        await consumer.start()
        started.append((consumer, asyncio.create_task(consumer.run())))
        return group

    yield start
    for consumer, task in started:
        consumer.stop()
        await task


def sample(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


async def test_consumer_carries_the_correlation_id_into_what_it_publishes(
    consume, engine: AsyncEngine, bootstrap: str
) -> None:
    """Before: every published event started its own chain (correlation = its own id)."""

    async def echo(uow: UnitOfWork, envelope: Envelope, payload: Payload) -> None:
        assert isinstance(payload, CounterBumped)
        uow.publish(CounterBumped(counter=f"echo-{payload.counter}", seq=payload.seq))

    topic = await fresh_topic(bootstrap, "corr", partitions=1)
    request_id = uuid.uuid4()
    original = new_envelope(CounterBumped(counter="a", seq=1), key="a", correlation_id=request_id)
    await produce(bootstrap, topic, [("a", original.to_bytes())])
    group = await consume(topic, {"CounterBumped": echo})
    await eventually(lambda: group_caught_up(bootstrap, group, topic.name), what="caught up")

    async with engine.connect() as conn:
        values = (await conn.execute(sa.text("SELECT value FROM outbox"))).scalars().all()
    (published,) = [orjson.loads(v) for v in values]
    assert published["payload"]["counter"] == "echo-a"
    assert published["correlation_id"] == str(request_id)
    assert published["causation_id"] == str(original.event_id)


async def test_lag_dead_letters_and_failures_are_metrics(consume, bootstrap: str) -> None:
    """A handler held on the first event: the 100 events behind it show as lag, which
    drains once it is let go; a poison event counts 3 failures and 1 dead letter.
    Before: no procnet_consumer_lag, procnet_dead_letters_total or failure counter."""
    entered, release = asyncio.Event(), asyncio.Event()

    async def slow(uow: UnitOfWork, envelope: Envelope, payload: Payload) -> None:
        assert isinstance(payload, CounterBumped)
        if payload.counter == "poison":
            raise ValueError("never applies")
        if payload.seq == 0:
            entered.set()
            await release.wait()

    topic = await fresh_topic(bootstrap, "lag", partitions=1)
    bump = CounterBumped
    await produce(
        bootstrap, topic, [("k", new_envelope(bump(counter="k", seq=0), key="k").to_bytes())]
    )
    group = await consume(topic, {"CounterBumped": slow})
    await asyncio.wait_for(entered.wait(), 30)
    behind = [
        ("k", new_envelope(bump(counter="k", seq=i), key="k").to_bytes()) for i in range(1, 101)
    ]
    await produce(bootstrap, topic, behind)

    def lag() -> float | None:
        return sample("procnet_consumer_lag", consumer=group, topic=topic.name, partition="0")

    async def lag_now() -> float | None:
        return lag()

    try:
        seen = await eventually(lag_now, lambda v: v is not None and v >= 100, what="lag")
    finally:
        release.set()  # a failed wait must not leave the consumer held at teardown
    assert seen == 100
    await eventually(lag_now, lambda v: v == 0, what="lag drained")
    assert sample("procnet_events_consumed_total", consumer=group, outcome="applied") == 101

    poison = new_envelope(bump(counter="poison", seq=1), key="poison").to_bytes()
    await produce(bootstrap, topic, [("poison", poison)])
    await eventually(lambda: group_caught_up(bootstrap, group, topic.name), what="caught up")
    assert sample("procnet_dead_letters_total", consumer=group, topic=topic.name) == 1
    assert sample("procnet_inbox_handler_failures_total", consumer=group) == 3
