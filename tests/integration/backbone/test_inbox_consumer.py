"""The idempotent consumer against real Kafka and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer, TopicPartition
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db.engine import make_sessionmaker
from shared.db.messaging_tables import MessagingTables
from shared.db.unit_of_work import UnitOfWork
from shared.events import Envelope, Payload, new_envelope
from shared.inbox.consumer import ConsumerConfig, InboxConsumer
from shared.kafka.auth import client_kwargs
from shared.kafka.topics import Topic
from tests.integration.backbone.events import CounterBumped, test_registry
from tests.support.kafka_io import fresh_topic, group_caught_up, read_all
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def bump(uow: UnitOfWork, envelope: Envelope, payload: Payload) -> None:
    assert isinstance(payload, CounterBumped)
    if payload.counter == "poison":
        raise ValueError("this counter can never be bumped")
    await uow.session.execute(
        sa.text(
            "INSERT INTO effects (counter, bumps) VALUES (:c, 1) "
            "ON CONFLICT (counter) DO UPDATE SET bumps = effects.bumps + 1"
        ),
        {"c": payload.counter},
    )


@pytest.fixture
async def effects(engine: AsyncEngine) -> AsyncEngine:
    async with engine.begin() as conn:
        await conn.execute(sa.text("CREATE TABLE effects (counter text PRIMARY KEY, bumps int)"))
    return engine


async def bumps(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as conn:
        rows = (await conn.execute(sa.text("SELECT counter, bumps FROM effects"))).all()
    return {r.counter: r.bumps for r in rows}


async def produce(bootstrap: str, topic: Topic, values: list[tuple[str, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_kwargs(), acks="all")
    await producer.start()
    try:
        for key, value in values:
            await producer.send(topic.name, value=value, key=key.encode())
        await producer.flush()
    finally:
        await producer.stop()


@pytest.fixture
async def consume(
    effects: AsyncEngine, tables: MessagingTables, bootstrap: str
) -> AsyncIterator[object]:
    started: list[tuple[InboxConsumer, asyncio.Task[None]]] = []

    async def start(topic: Topic) -> str:
        group = f"test-consumer-{uuid.uuid4().hex[:8]}"
        consumer = InboxConsumer(
            make_sessionmaker(effects),
            tables,
            test_registry,
            {"CounterBumped": bump},
            ConsumerConfig(
                bootstrap=bootstrap, name=group, topics=(topic.name,), retry_backoff=0.01
            ),
        )
        await consumer.start()
        started.append((consumer, asyncio.create_task(consumer.run())))
        return group

    yield start
    for consumer, task in started:
        consumer.stop()
        await task


def envelope_bytes(counter: str, seq: int) -> tuple[str, bytes]:
    return counter, new_envelope(CounterBumped(counter=counter, seq=seq), key=counter).to_bytes()


async def test_event_delivered_twice_has_one_effect(
    consume,
    effects: AsyncEngine,
    bootstrap: str,
) -> None:
    topic = await fresh_topic(bootstrap, "dupes", partitions=2)
    once, twice = envelope_bytes("a", 1), envelope_bytes("b", 1)
    await produce(bootstrap, topic, [once, twice, twice])
    group = await consume(topic)
    await eventually(
        lambda: group_caught_up(bootstrap, group, topic.name), timeout=30, what="caught up"
    )
    assert await bumps(effects) == {"a": 1, "b": 1}


POISONS = ["not-an-envelope", "handler-always-fails", "validator-crashes"]


def poison_record(poison: str) -> tuple[str, bytes]:
    if poison == "not-an-envelope":
        return ("c500", b"\x00garbage{")
    if poison == "validator-crashes":  # a valid envelope whose payload's decoding raises
        envelope = new_envelope(CounterBumped.model_construct(counter="cursed", seq=500), key="c")
        return ("cursed", envelope.to_bytes())
    return envelope_bytes("poison", 500)


@pytest.mark.parametrize("poison", POISONS)
async def test_one_poison_among_thousand_goes_to_dlq_and_the_rest_apply(
    poison: str,
    consume,
    effects: AsyncEngine,
    bootstrap: str,
) -> None:
    topic = await fresh_topic(bootstrap, "poison", partitions=3)
    messages = [envelope_bytes(f"c{i}", i) for i in range(1000)]
    bad = poison_record(poison)
    messages[500] = bad
    await produce(bootstrap, topic, messages)

    group = await consume(topic)
    await eventually(
        lambda: group_caught_up(bootstrap, group, topic.name), timeout=60, what="caught up"
    )

    applied = await bumps(effects)
    assert len(applied) == 999 and set(applied.values()) == {1} and "c500" not in applied
    dead = await read_all(bootstrap, topic.dlq.name)
    assert len(dead) == 1 and dead[0].value == bad[1]
    headers = dict(dead[0].headers)
    assert headers["dlq.topic"] == topic.name.encode()
    assert headers["dlq.consumer"] == group.encode()
    original = next(r for r in await read_all(bootstrap, topic.name) if r.value == bad[1])
    assert (headers["dlq.partition"], headers["dlq.offset"]) == (
        str(original.partition).encode(),
        str(original.offset).encode(),
    )
    expected_type = {
        "not-an-envelope": b"MalformedEvent",
        "handler-always-fails": b"ValueError",
        "validator-crashes": b"LookupError",
    }[poison]
    assert headers["dlq.error_type"] == expected_type


class NeverCommits(InboxConsumer):
    """Dies, in effect, between storing a poll and committing its offsets; counts the
    partitions of each poll it stored in one transaction."""

    polls_in_one_transaction: list[int]

    async def _commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.polls_in_one_transaction.append(len(offsets))


async def seen_in_order(uow: UnitOfWork, envelope: Envelope, payload: Payload) -> None:
    assert isinstance(payload, CounterBumped)
    await uow.session.execute(
        sa.text("INSERT INTO seen (counter, seq) VALUES (:c, :s)"),
        {"c": payload.counter, "s": payload.seq},
    )


async def test_a_poll_over_partitions_is_one_transaction_and_redelivery_after_it_dedupes(
    engine: AsyncEngine, tables: MessagingTables, bootstrap: str
) -> None:
    async with engine.begin() as conn:
        await conn.execute(sa.text("CREATE TABLE seen (n serial, counter text, seq int)"))
    topic = await fresh_topic(bootstrap, "pollwide", partitions=4)
    await produce(bootstrap, topic, [envelope_bytes(f"c{i % 20}", i) for i in range(600)])
    group = f"test-consumer-{uuid.uuid4().hex[:8]}"

    def consumer(cls: type[InboxConsumer]) -> InboxConsumer:
        return cls(
            make_sessionmaker(engine),
            tables,
            test_registry,
            {"CounterBumped": seen_in_order},
            ConsumerConfig(bootstrap=bootstrap, name=group, topics=(topic.name,)),
        )

    crashing = consumer(NeverCommits)
    assert isinstance(crashing, NeverCommits)
    crashing.polls_in_one_transaction = []
    await crashing.start()
    try:
        stored = 0
        while stored < 600:
            stored += await crashing.poll_once(timeout_ms=500)
    finally:
        await crashing.close()
    assert max(crashing.polls_in_one_transaction) >= 2, "no poll spanned partitions"

    again = consumer(InboxConsumer)  # same group, nothing committed: all 600 come back
    await again.start()
    task = asyncio.create_task(again.run())
    try:
        await eventually(
            lambda: group_caught_up(bootstrap, group, topic.name), timeout=60, what="caught up"
        )
    finally:
        again.stop()
        await task
    async with engine.connect() as conn:
        rows = (await conn.execute(sa.text("SELECT counter, seq FROM seen ORDER BY n"))).all()
    assert sorted(r.seq for r in rows) == list(range(600)), "each event applied exactly once"
    per_key: dict[str, list[int]] = {}
    for r in rows:
        per_key.setdefault(r.counter, []).append(r.seq)
    assert all(seqs == sorted(seqs) for seqs in per_key.values()), "order per key broken"


async def test_a_poll_returns_while_its_offsets_commit_and_close_waits_for_them(
    effects: AsyncEngine,
    tables: MessagingTables,
    bootstrap: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The offset commit (a round trip to Kafka per poll) runs while the next batch is
    worked on; it still completes, in order, before the next commit and before close.
    On the old code poll_once waited for it: here it timed out on a commit held back."""
    topic = await fresh_topic(bootstrap, "commitahead", partitions=2)
    await produce(bootstrap, topic, [envelope_bytes(f"c{i % 5}", i) for i in range(50)])
    group = f"test-consumer-{uuid.uuid4().hex[:8]}"
    consumer = InboxConsumer(
        make_sessionmaker(effects),
        tables,
        test_registry,
        {"CounterBumped": bump},
        ConsumerConfig(bootstrap=bootstrap, name=group, topics=(topic.name,)),
    )
    await consumer.start()
    assert consumer._consumer is not None
    held, commits = asyncio.Event(), []
    commit = consumer._consumer.commit

    async def held_back(offsets: dict[TopicPartition, int]) -> None:
        commits.append(offsets)
        await held.wait()
        await commit(offsets)

    monkeypatch.setattr(consumer._consumer, "commit", held_back)
    try:
        stored = 0
        while not commits:
            stored += await asyncio.wait_for(consumer.poll_once(timeout_ms=500), 10)
        assert consumer._committing is not None and not consumer._committing.done()
        assert not await group_caught_up(bootstrap, group, topic.name)
        held.set()
    finally:
        held.set()
        await consumer.close()
    assert stored == sum((await bumps(effects)).values())
    assert sum(commits[0].values()) > 0
    if stored == 50:  # one poll took everything: its commit, done by close, covers it all
        assert await group_caught_up(bootstrap, group, topic.name)
