"""The outbox relay against real PostgreSQL and a real Kafka broker."""

from __future__ import annotations

import asyncio
import signal

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db.engine import make_sessionmaker
from shared.db.messaging_tables import MessagingTables
from shared.db.unit_of_work import UnitOfWork
from shared.events import new_envelope
from shared.kafka.clients import idempotent_producer
from shared.kafka.topics import Topic
from shared.outbox import leases
from shared.outbox.relay import OutboxRelay, RelayConfig
from tests.integration.backbone.events import CounterBumped
from tests.integration.backbone.outbox_io import (
    assert_exactly_once_in_order,
    relay_process,
    run_until_sent,
    unsent,
    write_events,
)
from tests.support.kafka_io import fresh_topic, read_all
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def test_thousand_events_arrive_once_each_in_key_order_despite_sigkill(
    engine: AsyncEngine, tables: MessagingTables, schema: str, bootstrap: str
) -> None:
    topic = await fresh_topic(bootstrap, "relay")
    written = await write_events(engine, tables, topic, 1000)

    crashing = await relay_process(schema, "relay.after_send")
    assert await asyncio.wait_for(crashing.wait(), 60) == -signal.SIGKILL
    in_kafka_before_restart = len(await read_all(bootstrap, topic.name))
    # The first batch acked; the second, handed to the producer while the first waited
    # for its acks, may have arrived in part or in full: neither is marked sent.
    assert 100 <= in_kafka_before_restart <= 200, "the crash must fall after a send"
    assert await unsent(engine) == 1000, "and before rows were marked sent"

    relay = await relay_process(schema)
    try:
        await eventually(lambda: unsent(engine), lambda n: n == 0, timeout=60, what="all rows sent")
    finally:
        relay.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(relay.wait(), 30) == 0

    assert_exactly_once_in_order(await read_all(bootstrap, topic.name), written)


async def test_rolled_back_transaction_publishes_nothing(
    engine: AsyncEngine, tables: MessagingTables, schema: str, bootstrap: str
) -> None:
    topic = await fresh_topic(bootstrap, "rollback")
    with pytest.raises(RuntimeError):
        async with UnitOfWork(make_sessionmaker(engine), tables.outbox) as uow:
            uow.stage(topic, new_envelope(CounterBumped(counter="c", seq=1), key="c"))
            await uow.session.execute(sa.text("SELECT 1"))
            raise RuntimeError("handler failed")
    committed = await write_events(engine, tables, topic, 1)  # a marker that must be alone

    relay = OutboxRelay(engine, tables, RelayConfig(bootstrap=bootstrap, schema=schema))
    try:
        assert await relay.relay_once() == 1
    finally:
        await relay.close()
    records = await read_all(bootstrap, topic.name)
    assert [dict(r.headers)["event_id"].decode() for r in records] == committed


async def test_two_relays_share_shards_without_duplicates(
    engine: AsyncEngine, tables: MessagingTables, schema: str, bootstrap: str
) -> None:
    topic = await fresh_topic(bootstrap, "tworelays")
    written = await write_events(engine, tables, topic, 400)
    relays = [
        OutboxRelay(
            engine,
            tables,
            RelayConfig(bootstrap=bootstrap, schema=schema, batch_size=50, max_shards=8),
        )
        for _ in range(2)
    ]
    await run_until_sent(engine, relays)
    assert_exactly_once_in_order(await read_all(bootstrap, topic.name), written)


async def test_a_second_relay_gets_a_fair_share_of_the_shards(
    engine: AsyncEngine,
    tables: MessagingTables,
    schema: str,
    bootstrap: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Several processes, several relays: the first takes all 16 shards, and gives half
    back once a second is alive, so publishing spreads; when one goes, the other takes
    everything again. On the old code the first kept all 16 and the second got none."""
    monkeypatch.setattr(leases, "ACQUIRE_EVERY_S", 0.0)
    first = leases.ShardLeases(engine, f"outbox:{schema}")
    second = leases.ShardLeases(engine, f"outbox:{schema}")
    try:
        assert len(await first.refresh()) == 16
        assert await second.refresh() == frozenset()  # none free yet
        generation = first.generation
        assert len(await first.refresh()) == 8
        assert first.generation > generation, "given back: pending shards are looked at again"
        assert len(await second.refresh()) == 8
        assert first.owned.isdisjoint(second.owned)
        await second.release()
        assert len(await first.refresh()) == 16
    finally:
        await first.release()
        await second.release()

    topic = await fresh_topic(bootstrap, "fairshare")
    written = await write_events(engine, tables, topic, 400)
    relays = [
        OutboxRelay(engine, tables, RelayConfig(bootstrap=bootstrap, schema=schema, batch_size=50))
        for _ in range(2)
    ]
    await run_until_sent(engine, relays)
    assert_exactly_once_in_order(await read_all(bootstrap, topic.name), written)


async def test_the_relay_hands_a_lone_event_over_without_lingering(
    engine: AsyncEngine, tables: MessagingTables, schema: str, bootstrap: str
) -> None:
    """A round appends its whole batch before the producer's sender runs, so the relay
    needs no linger to fill requests; with the services' 5 ms every event of a quiet
    system waited 5 ms per hop (twice on the way from an order to its offer). On the old
    code the relay's producer lingered 5 ms."""
    topic = await fresh_topic(bootstrap, "linger")
    written = await write_events(engine, tables, topic, 1)
    relay = OutboxRelay(engine, tables, RelayConfig(bootstrap=bootstrap, schema=schema))
    try:
        assert await relay.relay_once() == 1
        assert relay._producer is not None
        assert relay._producer._message_accumulator._linger_time == 0
    finally:
        await relay.close()
    records = await read_all(bootstrap, topic.name)
    assert [dict(r.headers)["event_id"].decode() for r in records] == written


async def test_a_relay_that_lost_its_leases_settles_again_before_sending(
    engine: AsyncEngine, tables: MessagingTables, schema: str, bootstrap: str
) -> None:
    """A relay skips the look at pending shards while it holds them without a break; once
    its lock connection is gone another relay may have owned them and died mid-send, so
    it looks again: a row that such a relay got into Kafka is marked sent, not resent,
    and a foreign message on the topic whose event_id is no id does not stop that."""
    topic = await fresh_topic(bootstrap, "leaselost")
    first = await write_events(engine, tables, topic, 1)
    relay = OutboxRelay(engine, tables, RelayConfig(bootstrap=bootstrap, schema=schema))
    try:
        assert await relay.relay_once() == 1  # owns every shard, none pending
        lock_conn = relay._leases.sql()
        async with engine.connect() as admin:
            await admin.execute(
                sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": lock_conn.get_server_pid()}
            )
        await eventually(lambda: _closed(lock_conn), timeout=10, what="the lock connection closed")

        # Meanwhile another relay owned the shards, sent a row and died before marking it.
        second = await write_events(engine, tables, topic, 1)
        await _sent_by_a_relay_that_died(engine, bootstrap, topic)

        assert await relay.relay_once() == 0, "the row that arrived is not sent again"
        assert await unsent(engine) == 0
    finally:
        await relay.close()
    ids = [dict(r.headers)["event_id"].decode() for r in await read_all(bootstrap, topic.name)]
    assert sorted(i for i in ids if i != "forged") == sorted(first + second)


async def _closed(conn: object) -> bool:
    return bool(conn.is_closed())  # type: ignore[attr-defined]


async def _sent_by_a_relay_that_died(engine: AsyncEngine, bootstrap: str, topic: Topic) -> None:
    async with engine.begin() as conn:
        row = (
            await conn.execute(
                sa.text("SELECT shard, key, value, headers FROM outbox WHERE sent_at IS NULL")
            )
        ).one()
        await conn.execute(
            sa.text(
                "INSERT INTO outbox_relay_shard (shard, pending_since) VALUES (:s, now())"
                " ON CONFLICT (shard) DO UPDATE SET pending_since = now()"
            ),
            {"s": row.shard},
        )
    producer = idempotent_producer(bootstrap, "test-dead-relay")
    await producer.start()
    try:
        headers = [(k, str(v).encode()) for k, v in row.headers.items()]
        await producer.send_and_wait(topic.name, row.value, key=row.key.encode(), headers=headers)
        # Anyone allowed to write the topic may send an event_id that is no id at all.
        await producer.send_and_wait(topic.name, b"{}", key=b"x", headers=[("event_id", b"forged")])
    finally:
        await producer.stop()


async def test_a_shard_stays_pending_while_a_batch_of_it_is_in_flight(
    engine: AsyncEngine,
    tables: MessagingTables,
    schema: str,
    bootstrap: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The relay marks batch n sent while batch n+1 awaits its acks. On the old code
    that also cleared pending on n+1's shards: a relay dying then left rows that may be
    in Kafka unsent and not pending, and the next owner sent them a second time. After
    every mark, each claimed and unsent row's shard must still be pending."""
    topic = await fresh_topic(bootstrap, "inflight")
    written = await write_events(engine, tables, topic, 400)
    relay = OutboxRelay(
        engine, tables, RelayConfig(bootstrap=bootstrap, schema=schema, batch_size=50)
    )
    claimed: list[int] = []
    exposed: list[int] = []
    claim, mark = relay._claim, relay._mark_sent

    async def claiming(owned: frozenset[int], after: int) -> list:
        rows = await claim(owned, after)
        claimed.extend(r["id"] for r in rows)
        return rows

    async def marking(rows: list, *in_flight: list) -> None:
        await mark(rows, *in_flight)
        async with engine.connect() as conn:
            found = await conn.scalar(
                sa.text(
                    "SELECT count(*) FROM outbox o JOIN outbox_relay_shard s USING (shard)"
                    " WHERE o.sent_at IS NULL AND o.id <= :last AND s.pending_since IS NULL"
                ),
                {"last": max(claimed)},
            )
        exposed.append(int(found or 0))

    monkeypatch.setattr(relay, "_claim", claiming)
    monkeypatch.setattr(relay, "_mark_sent", marking)
    try:
        while await unsent(engine):
            await relay.relay_once()
    finally:
        await relay.close()
    assert len(exposed) == 8
    assert exposed == [0] * 8, f"claimed, unsent rows in shards not pending: {exposed}"
    assert_exactly_once_in_order(await read_all(bootstrap, topic.name), written)
