"""Publishes outbox rows to Kafka in id order per shard, exactly once.

One round: (1) settle shards whose last send was interrupted, by looking in
Kafka for what arrived; (2) claim the next rows of the owned shards and mark the
shards pending; (3) send with the idempotent producer and wait for every ack;
(4) mark rows sent and clear pending. A crash between (3) and (4) leaves the
shard pending, so the next owner does (1) instead of sending twice.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import structlog
from aiokafka import AIOKafkaProducer
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared import failpoints
from shared.db.messaging_tables import MessagingTables
from shared.kafka.auth import KafkaAuth
from shared.kafka.clients import idempotent_producer
from shared.observability.metrics import PUBLISHED, RELAY_ERRORS
from shared.outbox import signal
from shared.outbox.leases import ShardLeases
from shared.outbox.reconcile import event_ids_since
from shared.service.workers import pause

log = structlog.get_logger()


@dataclass(frozen=True)
class RelayConfig:
    bootstrap: str
    schema: str
    batch_size: int = 500
    idle_wait: float = 0.05
    max_backoff: float = 5.0
    max_shards: int = 16
    # The SCRAM principal to publish as; None: the process default (tools and tests).
    auth: KafkaAuth | None = None


class OutboxRelay:
    def __init__(self, engine: AsyncEngine, tables: MessagingTables, config: RelayConfig) -> None:
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._t = tables
        self._cfg = config
        self._leases = ShardLeases(engine, f"outbox:{config.schema}", config.max_shards)
        self._producer: AIOKafkaProducer | None = None
        self._stopping = asyncio.Event()
        self._news = asyncio.Event()  # rows committed in this process since the last round

    async def run(self) -> None:
        """Relay until ``stop()``; rides out Kafka or PostgreSQL outages with backoff."""
        signal.listen(self._news.set)
        try:
            await self._relay_until_stopped()
        finally:
            signal.stop_listening(self._news.set)
        await self.close()

    async def _relay_until_stopped(self) -> None:
        backoff = 0.1
        while not self._stopping.is_set():
            try:
                self._news.clear()
                sent = await self.relay_once()
                backoff = 0.1
                if sent == 0:
                    await self._idle()
            except Exception as exc:
                RELAY_ERRORS.labels(self._cfg.schema).inc()
                log.warning("outbox relay round failed", error=repr(exc), retry_in=backoff)
                await self._reset_producer()
                await self._sleep(backoff)
                backoff = min(backoff * 2, self._cfg.max_backoff)

    def stop(self) -> None:
        self._stopping.set()
        self._news.set()

    async def close(self) -> None:
        await self._reset_producer()
        await self._leases.release()

    async def relay_once(self) -> int:
        owned = await self._leases.refresh()
        if not owned:
            return 0
        await self._settle_pending(owned)
        rows = await self._claim(owned)
        if rows:
            await self._send(rows)
            failpoints.hit("relay.after_send")
            await self._mark_sent(rows)
            PUBLISHED.labels(self._cfg.schema).inc(len(rows))
        return len(rows)

    async def _settle_pending(self, owned: frozenset[int]) -> None:
        rs, ob = self._t.relay_shards, self._t.outbox
        async with self._sessions() as s, s.begin():
            pending = (
                await s.execute(
                    sa.select(rs.c.shard, rs.c.pending_since).where(
                        rs.c.shard.in_(owned), rs.c.pending_since.is_not(None)
                    )
                )
            ).all()
            if not pending:
                return
            shards = [p.shard for p in pending]
            since: datetime = min(p.pending_since for p in pending)
            topics = (
                await s.scalars(
                    sa.select(ob.c.topic)
                    .distinct()
                    .where(ob.c.shard.in_(shards), ob.c.sent_at.is_(None))
                )
            ).all()
            arrived = await asyncio.wait_for(
                event_ids_since(self._cfg.bootstrap, topics, since, self._cfg.auth), 60
            )
            settled = await self._mark_arrived(s, shards, arrived)
            await s.execute(sa.update(rs).where(rs.c.shard.in_(shards)).values(pending_since=None))
            log.info(
                "outbox shards settled after interrupted send", shards=shards, already_sent=settled
            )

    async def _mark_arrived(self, s: AsyncSession, shards: list[int], arrived: set[str]) -> int:
        if not arrived:
            return 0
        ob = self._t.outbox
        result = await s.execute(
            sa.update(ob)
            .where(ob.c.shard.in_(shards), ob.c.sent_at.is_(None), ob.c.event_id.in_(list(arrived)))
            .values(sent_at=sa.func.now())
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def _claim(self, owned: frozenset[int]) -> list[sa.Row]:
        ob, rs = self._t.outbox, self._t.relay_shards
        async with self._sessions() as s, s.begin():
            rows = (
                await s.execute(
                    sa.select(ob.c.id, ob.c.topic, ob.c.key, ob.c.shard, ob.c.value, ob.c.headers)
                    .where(ob.c.sent_at.is_(None), ob.c.shard.in_(owned))
                    .order_by(ob.c.id)
                    .limit(self._cfg.batch_size)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            shards = sorted({r.shard for r in rows})
            if shards:
                stmt = insert(rs).values(
                    [{"shard": sh, "pending_since": sa.func.now()} for sh in shards]
                )
                await s.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[rs.c.shard],
                        set_={
                            "pending_since": sa.func.coalesce(
                                rs.c.pending_since, stmt.excluded.pending_since
                            )
                        },
                    )
                )
        return list(rows)

    async def _send(self, rows: list[sa.Row]) -> None:
        producer = await self._producer_started()
        futures = [
            await producer.send(
                r.topic,
                value=r.value,
                key=r.key.encode(),
                headers=[(k, str(v).encode()) for k, v in r.headers.items()],
            )
            for r in rows
        ]
        # Every future settles (ack or expiry) so nothing stays in flight after a failure.
        results = await asyncio.gather(*futures, return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            raise errors[0]

    async def _mark_sent(self, rows: list[sa.Row]) -> None:
        ob, rs = self._t.outbox, self._t.relay_shards
        async with self._sessions() as s, s.begin():
            await s.execute(
                sa.update(ob).where(ob.c.id.in_([r.id for r in rows])).values(sent_at=sa.func.now())
            )
            await s.execute(
                sa.update(rs)
                .where(rs.c.shard.in_({r.shard for r in rows}))
                .values(pending_since=None)
            )

    async def _producer_started(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = idempotent_producer(
                self._cfg.bootstrap, f"relay-{self._cfg.schema}", self._cfg.auth
            )
            await producer.start()
            self._producer = producer
        return self._producer

    async def _reset_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await asyncio.wait_for(producer.stop(), 10)
            except Exception as exc:
                log.warning("producer did not stop cleanly", error=repr(exc))

    async def _sleep(self, seconds: float) -> None:
        await pause(self._stopping, seconds)

    async def _idle(self) -> None:
        """Until rows are committed in this process, or ``idle_wait`` for other writers."""
        await pause(self._news, self._cfg.idle_wait)
