"""Publishes outbox rows to Kafka in id order per shard, exactly once.

One round: (1) settle shards whose last send was interrupted, by looking in
Kafka for what arrived; (2) claim the next rows of the owned shards and mark the
shards pending; (3) send with the idempotent producer and wait for every ack;
(4) mark rows sent and clear pending. A crash between (3) and (4) leaves the
shard pending, so the next owner does (1) instead of sending twice.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg
import orjson
import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.producer.message_accumulator import BatchBuilder
from sqlalchemy.ext.asyncio import AsyncEngine

from shared import failpoints
from shared.db.messaging_tables import MessagingTables
from shared.kafka.auth import KafkaAuth
from shared.kafka.clients import idempotent_producer
from shared.kafka.partitioner import murmur2_many
from shared.observability.metrics import PUBLISHED, RELAY_ERRORS
from shared.outbox import signal
from shared.outbox.leases import ShardLeases
from shared.outbox.reconcile import event_ids_since
from shared.outbox.statements import RelayStatements
from shared.outbox.writer import NUM_SHARDS
from shared.service.workers import pause

log = structlog.get_logger()


@dataclass(frozen=True)
class RelayConfig:
    bootstrap: str
    schema: str
    batch_size: int = 500
    # After an empty round the relay waits idle_wait, then twice as long after each empty
    # round, up to idle_max: an idle relay makes about one round trip a second instead of
    # twenty. Rows committed in its own process wake it at once (``signal``); rows
    # committed in another process whose relay shares the shards, through that relay's
    # NOTIFY. Only a writer with no relay in its process waits for the poll.
    idle_wait: float = 0.05
    idle_max: float = 1.0
    max_backoff: float = 5.0
    max_shards: int = 16
    # The SCRAM principal to publish as; None: the process default (tools and tests).
    auth: KafkaAuth | None = None


class OutboxRelay:
    def __init__(self, engine: AsyncEngine, tables: MessagingTables, config: RelayConfig) -> None:
        self._sql = RelayStatements.of(tables)
        self._cfg = config
        self._leases = ShardLeases(
            engine, f"outbox:{config.schema}", config.max_shards, on_news=self._heard_elsewhere
        )
        self._producer: AIOKafkaProducer | None = None
        self._stopping = asyncio.Event()
        self._news = asyncio.Event()  # rows committed since the last round
        # Rows committed in this process since the last round: the other relays sharing
        # the shards may own some of theirs, so they are told (NOTIFY).
        self._local_news = False
        # Owned shards known not to be pending (only their owner marks them), so a round
        # skips the look at pending shards until a send fails or a shard is taken over.
        self._clean: frozenset[int] = frozenset()
        self._clean_generation = -1

    async def run(self) -> None:
        """Relay until ``stop()``; rides out Kafka or PostgreSQL outages with backoff."""
        signal.listen(self._heard_here)
        try:
            await self._relay_until_stopped()
        finally:
            signal.stop_listening(self._heard_here)
        await self.close()

    def _heard_here(self) -> None:
        self._local_news = True
        self._news.set()

    def _heard_elsewhere(self) -> None:
        self._news.set()

    async def _relay_until_stopped(self) -> None:
        backoff, quiet = 0.1, self._cfg.idle_wait
        while not self._stopping.is_set():
            try:
                self._news.clear()
                sent = await self.relay_once()
                backoff = 0.1
                if sent:
                    quiet = self._cfg.idle_wait
                else:
                    await pause(self._news, quiet)
                    quiet = min(quiet * 2, self._cfg.idle_max)
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
        if self._local_news:
            self._local_news = False
            if len(owned) < NUM_SHARDS:  # other relays own shards our rows may be in
                await self._leases.news()
        if not owned:
            return 0
        try:
            return await self._relay_owned(owned)
        except BaseException:
            self._clean = frozenset()  # a pending mark may be left: look again next round
            raise

    async def _relay_owned(self, owned: frozenset[int]) -> int:
        """Send batch after batch while they come full, overlapping the waits: batch n+1
        is claimed while batch n waits for its acks; then PostgreSQL marks batch n sent
        while batch n+1 is handed to the producer (CPU in this process). Order per
        partition holds: n+1 is sent once n is acked."""
        if self._clean_generation != self._leases.generation:
            self._clean, self._clean_generation = frozenset(), self._leases.generation
        if not owned <= self._clean:
            await self._settle_pending(owned)
            self._clean = owned
        rows = await self._claim(owned, after=0)
        in_flight = [await self._send(rows)]  # the acks of ``rows``, then of the batch after
        sent, marking = 0, None  # marking: the mark statement of the batch acked last
        try:
            while rows:
                full = len(rows) == self._cfg.batch_size
                following = await self._claim(owned, rows[-1]["id"]) if full else []
                await _acked(in_flight[0])  # acked while the following batch was claimed
                failpoints.hit("relay.after_send")
                # PostgreSQL marks the batch sent while the following one is handed to the
                # producer (the following batch's shards stay pending).
                marking = asyncio.create_task(self._mark_sent(rows, following))
                await asyncio.sleep(0)  # the statement goes out before the CPU work
                in_flight.append(await self._send(following))
                await marking
                PUBLISHED.labels(self._cfg.schema).inc(len(rows))
                sent += len(rows)
                in_flight.pop(0)
                rows = following
        except Exception:
            # Nothing stays in flight when a round ends: every send is acked or has failed,
            # and the mark has ended (the lease connection takes one statement at a time).
            await asyncio.wait(in_flight)
            if marking is not None:
                await asyncio.wait([marking])
            raise
        return sent

    async def _settle_pending(self, owned: frozenset[int]) -> None:
        """Shards left pending by an interrupted send (by this relay or a dead owner):
        rows that reached Kafka are marked sent, the rest are sent again in order."""
        conn = self._leases.sql()
        pending = await conn.fetch(self._sql.pending, sorted(owned))
        if not pending:
            return
        shards = [p["shard"] for p in pending]
        since: datetime = min(p["pending_since"] for p in pending)
        topics = [r["topic"] for r in await conn.fetch(self._sql.unsent_topics, shards)]
        arrived = await asyncio.wait_for(
            event_ids_since(self._cfg.bootstrap, topics, since, self._cfg.auth), 60
        )
        settled = await conn.fetchval(self._sql.settle, shards, event_uuids(arrived))
        log.info(
            "outbox shards settled after interrupted send", shards=shards, already_sent=settled
        )

    async def _claim(self, owned: frozenset[int], after: int) -> list[asyncpg.Record]:
        """The next unsent rows of the owned shards past id ``after``, in id order; their
        shards are marked pending by the same statement, before anything is sent."""
        return list(
            await self._leases.sql().fetch(
                self._sql.claim, sorted(owned), self._cfg.batch_size, after
            )
        )

    async def _send(self, rows: list[asyncpg.Record]) -> asyncio.Future[list[object]]:
        """Hand every row to the producer; the future settles once every one is acked or
        has failed (``gather`` with ``return_exceptions``: every send ends, none is lost).

        Rows go in record batches per partition (``create_batch``/``send_batch``), not
        one ``send()`` each: the same requests reach the broker, without aiokafka's
        per-message coroutine, metadata look-up and future. A partition's batches are
        handed over in id order, and ``send_batch`` queues one only after the one before
        it was drained, so the idempotent producer numbers them in that order."""
        if not rows:
            return _settled()
        producer = await self._producer_started()
        partitions: dict[str, list[int]] = {}
        filling: dict[tuple[str, int], BatchBuilder] = {}
        futures = []
        keys = [r["key"].encode() for r in rows]
        # The default partitioner's murmur2 (every key has one), for the whole batch at once.
        for r, key, hashed in zip(rows, keys, murmur2_many(keys), strict=True):
            topic = r["topic"]
            if (known := partitions.get(topic)) is None:
                # As aiokafka's send(): the partition list in the order its metadata holds.
                known = partitions[topic] = list(await producer.partitions_for(topic))
            tp = (topic, known[(hashed & 0x7FFFFFFF) % len(known)])
            batch = filling.get(tp) or filling.setdefault(tp, producer.create_batch())
            headers = _headers(r["headers"])
            if batch.append(key=key, value=r["value"], timestamp=None, headers=headers) is None:
                futures.append(await producer.send_batch(batch, topic, partition=tp[1]))
                batch = filling[tp] = producer.create_batch()
                if batch.append(key=key, value=r["value"], timestamp=None, headers=headers) is None:
                    raise ValueError(f"outbox row {r['id']} is larger than a record batch")
        for (topic, partition), batch in filling.items():
            futures.append(await producer.send_batch(batch, topic, partition=partition))
        return asyncio.gather(*futures, return_exceptions=True)

    async def _mark_sent(
        self, rows: list[asyncpg.Record], still_in_flight: list[asyncpg.Record]
    ) -> None:
        """Rows acked: sent. Their shards are no longer pending, except those with rows of
        the batch still in flight: if the relay died before those are acked and marked,
        the next owner must settle them from Kafka, not send them again."""
        in_flight = {r["shard"] for r in still_in_flight}
        shards = sorted({r["shard"] for r in rows} - in_flight)
        await self._leases.sql().execute(self._sql.mark_sent, [r["id"] for r in rows], shards)

    async def _producer_started(self) -> AIOKafkaProducer:
        if self._producer is None:
            # No linger: a round appends its whole batch before the producer's sender runs
            # (send() does not yield while the buffer has room), so the batch still goes in
            # one request per partition, and a lone event does not wait 5 ms for company.
            producer = idempotent_producer(
                self._cfg.bootstrap, f"relay-{self._cfg.schema}", self._cfg.auth, linger_ms=0
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


def _headers(headers: dict[str, object] | str) -> list[tuple[str, bytes]]:
    """The outbox row's JSONB headers (claimed as text) as Kafka headers."""
    if isinstance(headers, str):
        headers = orjson.loads(headers)
    assert isinstance(headers, dict)
    return [(k, str(v).encode()) for k, v in headers.items()]


def _settled() -> asyncio.Future[list[object]]:
    done: asyncio.Future[list[object]] = asyncio.get_running_loop().create_future()
    done.set_result([])
    return done


def event_uuids(headers: set[str]) -> list[uuid.UUID]:
    """The ``event_id`` headers found in Kafka that are event ids at all: anyone allowed
    to write the topic may have sent something else, and one bad value must not stop
    the settling (the array parameter would refuse the whole list)."""
    ids = []
    for value in headers:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    return ids


async def _acked(acks: asyncio.Future[list[object]]) -> None:
    """Wait for a batch's acks; the first failure is raised."""
    errors = [r for r in await acks if isinstance(r, BaseException)]
    if errors:
        raise errors[0]
