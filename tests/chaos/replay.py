"""Replay recorded matching.placements events into a fresh intake schema and consumer group.

``snapshot`` reads orders through intake's own repository, so "the result" is
what intake itself would answer: status, placed units, fee in fen, each lot.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from aiokafka.structs import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncEngine

import shared.contracts  # noqa: F401  (registers every contract)
from services.intake.adapters.orders import OrderRepository
from services.intake.adapters.tables import messaging, metadata
from services.intake.adapters.uow import IntakeUnitOfWork
from services.intake.bootstrap import FACTS
from services.intake.handlers import on_matching_fact
from shared.db.engine import make_engine, make_sessionmaker
from shared.db.messaging_tables import MessagingTables
from shared.db.unit_of_work import UnitOfWork
from shared.events import registry
from shared.inbox.consumer import ConsumerConfig, Handler, InboxConsumer
from tests.chaos.kafka import lag, publish_raw
from tests.support.kafka_io import fresh_topic
from tests.support.stack import admin_url
from tests.support.waiting import eventually

Snapshot = dict[uuid.UUID, tuple[Any, ...]]
# (table, source, filter): columns are named because migrations and create_all order them apart
SEED = (
    ("categories", "intake.categories", ""),
    ("offices", "intake.offices", "WHERE id IN (SELECT office_id FROM o)"),
    ("clients", "intake.clients", "WHERE id IN (SELECT client_id FROM o)"),
    ("orders", "o", ""),
)


async def snapshot(schema: str, ids: list[uuid.UUID]) -> Snapshot:
    engine = make_engine(admin_url(), schema=schema, pool_size=1)
    out: Snapshot = {}
    try:
        async with make_sessionmaker(engine)() as s:
            for oid in ids:
                order = await OrderRepository(s).get(oid)
                assert order is not None, oid
                lots = sorted(
                    (str(p.offer_id), p.state.value, p.units) for p in order.placements.values()
                )
                fee = order.placed_units * order.terms.unit_fee_fen
                out[oid] = (order.status.value, order.placed_units, fee, tuple(lots))
    finally:
        await engine.dispose()
    return out


async def fresh_intake_schema(admin: AsyncEngine, ids: list[uuid.UUID]) -> str:
    """Intake's tables in a new schema, holding these orders as they were when submitted."""
    name = f"chaos_replay_{uuid.uuid4().hex[:8]}"
    async with admin.begin() as conn:
        await conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
        await conn.execute(sa.text(f'SET LOCAL search_path = "{name}"'))
        await conn.run_sync(metadata.create_all)
        await conn.execute(
            sa.text(
                "CREATE TEMP TABLE o ON COMMIT DROP AS SELECT * FROM intake.orders"
                " WHERE id = ANY(:ids)"
            ),
            {"ids": ids},
        )
        await conn.execute(sa.text("UPDATE o SET status = 'SUBMITTED', version = 1"))
        for table, source, where in SEED:
            cols = ", ".join(f'"{c.name}"' for c in metadata.tables[table].columns)
            into = f'"{name}".{table} ({cols})'
            await conn.execute(sa.text(f"INSERT INTO {into} SELECT {cols} FROM {source} {where}"))
    return name


async def deliver(bootstrap: str, schema: str, records: list[ConsumerRecord]) -> None:
    """Send ``records`` in this order to a one-partition topic; a fresh group applies them."""
    handlers: dict[str, Handler] = {f.event_type: on_matching_fact for f in FACTS}
    await deliver_to(bootstrap, schema, records, messaging, handlers, IntakeUnitOfWork)


async def deliver_to(
    bootstrap: str,
    schema: str,
    records: list[ConsumerRecord],
    tables: MessagingTables,
    handlers: dict[str, Handler],
    unit_of_work: type[UnitOfWork] = UnitOfWork,
) -> None:
    """``deliver`` for any service: its messaging tables in ``schema``, its handlers and its
    unit of work."""
    topic = await fresh_topic(bootstrap, "replay", partitions=1)
    await publish_raw(bootstrap, topic.name, records)
    engine = make_engine(admin_url(), schema=schema, pool_size=2)
    group = f"chaos-replay-{uuid.uuid4().hex[:8]}"
    config = ConsumerConfig(bootstrap=bootstrap, name=group, topics=(topic.name,))
    consumer = InboxConsumer(
        make_sessionmaker(engine), tables, registry, handlers, config, unit_of_work
    )
    await consumer.start()

    async def applied() -> int:
        await consumer.poll_once(timeout_ms=200)
        return await lag(bootstrap, group, topic.name)

    try:
        await eventually(applied, lambda left: left == 0, timeout=120, what="replay applied")
    finally:
        await consumer.close()
        await engine.dispose()


def twice_in_key_order(records: list[ConsumerRecord], rng: random.Random) -> list[ConsumerRecord]:
    """Each record twice; per key the first copies keep their order, the second copies land
    anywhere after their first (a redelivery); keys interleave at random."""
    by_key: dict[bytes, list[ConsumerRecord]] = defaultdict(list)
    for r in records:
        by_key[r.key].append(r)
    streams = []
    for seq in by_key.values():
        out = list(seq)
        for r in seq:
            out.insert(rng.randint(out.index(r) + 1, len(out)), r)
        streams.append(out)
    merged: list[ConsumerRecord] = []
    while streams:
        stream = rng.choice(streams)
        merged.append(stream.pop(0))
        streams = [s for s in streams if s]
    return merged


def twice_fully_shuffled(records: list[ConsumerRecord], rng: random.Random) -> list[ConsumerRecord]:
    doubled = records + records
    rng.shuffle(doubled)
    return doubled
