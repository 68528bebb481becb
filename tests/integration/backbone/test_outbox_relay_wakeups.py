"""How the outbox relay hears of new rows: a commit in its process wakes it, an idle
relay backs off between polls, and a relay owning none of the shards wakes the one that
does through PostgreSQL NOTIFY (real PostgreSQL and Kafka)."""

from __future__ import annotations

import asyncio
import itertools
import signal
import time
import zlib

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db.engine import make_sessionmaker
from shared.db.messaging_tables import MessagingTables
from shared.db.unit_of_work import UnitOfWork
from shared.events import new_envelope
from shared.outbox import signal as outbox_signal
from shared.outbox.relay import OutboxRelay, RelayConfig
from tests.integration.backbone.events import CounterBumped
from tests.integration.backbone.outbox_io import (
    assert_exactly_once_in_order,
    relay_process,
    unsent,
    write_events,
)
from tests.support.kafka_io import fresh_topic, read_all
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def test_a_commit_with_events_wakes_the_relay_of_its_process(
    engine: AsyncEngine, tables: MessagingTables, bootstrap: str
) -> None:
    """Only a transaction that wrote outbox rows and committed tells in-process relays."""
    topic = await fresh_topic(bootstrap, "wake")
    woken: list[int] = []

    def heard() -> None:
        woken.append(1)

    outbox_signal.listen(heard)
    try:
        sessions = make_sessionmaker(engine)
        async with UnitOfWork(sessions, tables.outbox) as uow:
            await uow.session.execute(sa.text("SELECT 1"))
            await uow.commit()  # no events
        with pytest.raises(RuntimeError):
            async with UnitOfWork(sessions, tables.outbox) as uow:
                uow.stage(topic, new_envelope(CounterBumped(counter="c", seq=1), key="c"))
                await uow.flush_events()
                raise RuntimeError("rolled back after writing")
        assert woken == []
        await write_events(engine, tables, topic, 1)
        assert woken == [1]
    finally:
        outbox_signal.stop_listening(heard)


async def test_after_commit_callbacks_run_once_committed_and_never_on_rollback(
    engine: AsyncEngine, tables: MessagingTables
) -> None:
    """What the matching consumer wakes the matcher with: a worker woken inside the
    transaction may look before the commit and find nothing."""
    sessions, seen = make_sessionmaker(engine), []
    async with UnitOfWork(sessions, tables.outbox) as uow:
        await uow.session.execute(sa.text("CREATE TEMP TABLE IF NOT EXISTS t (x int)"))
        uow.after_commit(lambda: seen.append("first"))
        assert seen == []
        await uow.commit()
        assert seen == ["first"]
        await uow.commit()  # a second commit in the block does not call it again
    with pytest.raises(RuntimeError):
        async with UnitOfWork(sessions, tables.outbox) as uow:
            uow.after_commit(lambda: seen.append("rolled back"))
            raise RuntimeError("handler failed")
    assert seen == ["first"]


async def test_an_idle_relay_polls_less_and_less_and_a_commit_wakes_it_at_once(
    engine: AsyncEngine,
    tables: MessagingTables,
    schema: str,
    bootstrap: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An idle relay polled every 50 ms: 20 round trips a second in every process, CPU
    the rest of the system needs. Now each empty round doubles the wait (50 ms ... 1 s
    in the services; 30 s here, so only the wake can explain a prompt send); a commit in
    the process still wakes it at once. On the old code the 7th poll came ~50 ms after
    the 6th."""
    topic = await fresh_topic(bootstrap, "idle")
    config = RelayConfig(bootstrap=bootstrap, schema=schema, idle_max=30)
    relay = OutboxRelay(engine, tables, config)
    polls: list[tuple[float, int]] = []  # (when, rows claimed)
    claim = relay._claim

    async def counted(owned: frozenset[int], after: int) -> list:
        started = time.monotonic()
        rows = await claim(owned, after)
        polls.append((started, len(rows)))
        return rows

    monkeypatch.setattr(relay, "_claim", counted)
    task = asyncio.create_task(relay.run())
    try:
        await eventually(lambda: _count(polls), lambda n: n >= 7, timeout=30, what="7 polls")
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(polls)]
        assert gaps[5] >= 0.75, f"gaps between idle polls {gaps}"
        written = await write_events(engine, tables, topic, 1)  # in a wait of 3.2 s or more
        committed = time.monotonic()
        await eventually(lambda: unsent(engine), lambda n: n == 0, timeout=30, what="sent")
    finally:
        relay.stop()
        await task
    found = [when for when, n in polls if n]
    assert len(found) == 1 and found[0] - committed < 1.5, f"claimed {found}, at {committed}"
    records = await read_all(bootstrap, topic.name)
    assert [dict(r.headers)["event_id"].decode() for r in records] == written


async def _count(polls: list[tuple[float, int]]) -> int:
    return len(polls)


async def test_a_relay_that_owns_none_of_the_shards_wakes_the_one_that_does(
    engine: AsyncEngine, tables: MessagingTables, schema: str, bootstrap: str
) -> None:
    """Several processes of a service: rows committed in one may be in shards another
    process's relay owns. That relay is told through PostgreSQL NOTIFY, so backing off
    when idle adds no latency there. The other relay here sleeps 60 s between polls:
    without the NOTIFY the rows would wait for it."""
    topic = await fresh_topic(bootstrap, "notify")
    sleepy = await relay_process(schema, options=("--idle-wait", "60", "--idle-max", "60"))
    relay = OutboxRelay(engine, tables, RelayConfig(bootstrap=bootstrap, schema=schema))
    task: asyncio.Task[None] | None = None
    try:
        locked = lambda: _shards_locked(engine, schema)  # noqa: E731
        await eventually(locked, lambda n: n == 16, timeout=60, what="16 shards taken")
        task = asyncio.create_task(relay.run())
        await eventually(lambda: _listening(relay), timeout=30, what="relay started")
        assert relay._leases.owned == frozenset()
        written = await write_events(engine, tables, topic, 40)
        await eventually(lambda: unsent(engine), lambda n: n == 0, timeout=20, what="all sent")
    finally:
        relay.stop()
        if task is not None:
            await task
        sleepy.send_signal(signal.SIGTERM)
        await sleepy.wait()
    assert_exactly_once_in_order(await read_all(bootstrap, topic.name), written)


async def _shards_locked(engine: AsyncEngine, schema: str) -> int:
    namespace = zlib.crc32(f"outbox:{schema}".encode()) & 0x7FFFFFFF
    async with engine.connect() as conn:
        found = await conn.scalar(
            sa.text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                " AND classid = CAST(CAST(:ns AS bigint) AS oid) AND objsubid = 2"
            ),
            {"ns": namespace},
        )
        return int(found or 0)


async def _listening(relay: OutboxRelay) -> bool:
    return relay._leases._raw is not None
