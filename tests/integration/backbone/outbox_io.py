"""What the outbox relay tests share: events written through a unit of work, the rows
still unsent, a relay in its own process, relays run side by side until all is sent, and
the check that Kafka got each event once in key order."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import defaultdict

import orjson
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db.engine import make_sessionmaker
from shared.db.messaging_tables import MessagingTables
from shared.db.unit_of_work import UnitOfWork
from shared.events import new_envelope
from shared.kafka.topics import Topic
from shared.outbox.relay import OutboxRelay
from shared.security.access import KAFKA_ADMIN, PG_ADMIN
from tests.integration.backbone.events import CounterBumped
from tests.support.stack import ROOT
from tests.support.waiting import eventually

KEYS = 40


async def write_events(
    engine: AsyncEngine, tables: MessagingTables, topic: Topic, n: int
) -> list[str]:
    """n events over KEYS keys, 20 per transaction; returns event ids in write order."""
    sessions = make_sessionmaker(engine)
    ids: list[str] = []
    for start in range(0, n, 20):
        async with UnitOfWork(sessions, tables.outbox) as uow:
            for seq in range(start, min(start + 20, n)):
                env = new_envelope(
                    CounterBumped(counter=f"c{seq % KEYS}", seq=seq), key=f"c{seq % KEYS}"
                )
                uow.stage(topic, env)
                ids.append(str(env.event_id))
            await uow.commit()
    return ids


async def unsent(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(
            await conn.scalar(sa.text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")) or 0
        )


async def relay_process(
    schema: str, *failpoints: str, options: tuple[str, ...] = ()
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        # A scratch schema and topic: the relay runs as the stack's admin on both.
        "PROCNET_PG_USER": PG_ADMIN,
        "PROCNET_KAFKA_USER": KAFKA_ADMIN,
        "PROCNET_FAILPOINTS": ",".join(failpoints),
        "PROCNET_LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "shared.outbox.run",
        "--schema",
        schema,
        "--batch-size",
        "100",
        *options,
        cwd=ROOT,
        env=env,
    )


def assert_exactly_once_in_order(records: list, written: list[str]) -> None:
    ids = [r.headers and dict(r.headers)["event_id"].decode() for r in records]
    assert len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} duplicates in Kafka"
    assert set(ids) == set(written)
    seqs_per_key: dict[str, list[int]] = defaultdict(list)
    for r in sorted(records, key=lambda r: (r.partition, r.offset)):
        body = orjson.loads(r.value)
        seqs_per_key[body["key"]].append(body["payload"]["seq"])
    assert all(seqs == sorted(seqs) for seqs in seqs_per_key.values()), "per-key order broken"


async def run_until_sent(engine: AsyncEngine, relays: list[OutboxRelay]) -> None:
    """Run the relays side by side until no row is unsent, then stop them."""
    tasks = [asyncio.create_task(r.run()) for r in relays]
    try:
        await eventually(lambda: unsent(engine), lambda n: n == 0, timeout=60, what="all rows sent")
    finally:
        for r in relays:
            r.stop()
        await asyncio.gather(*tasks)
