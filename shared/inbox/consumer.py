"""A Kafka consumer loop whose effects happen once per event.

For each record, in partition order: decode (a malformed or unknown event goes
straight to the dead-letter topic), insert (consumer, event_id) into the inbox
and run the handler in the same transaction; a duplicate finds its inbox row
and does nothing. A poll's batch is applied in one transaction with one inbox
INSERT (its RETURNING says which events are new), across all its partitions
whose records decode, and their offsets are committed together afterwards: a
poll costs a few round trips, not a few per event or per partition. If any
handler fails, that transaction rolls back and the batch is redone partition by
partition, then one event at a time, in order: a failing event is retried a
bounded number of times, then dead-lettered, and the loop goes on. Offsets are
committed only after the records before them are stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import sqlalchemy as sa
import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import CommitFailedError
from aiokafka.structs import ConsumerRecord
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared.db.messaging_tables import MessagingTables
from shared.db.unit_of_work import UnitOfWork
from shared.events.envelope import Envelope
from shared.events.errors import EventRejected, UnknownEvent
from shared.events.payload import Payload
from shared.events.registry import EventRegistry
from shared.inbox.dead_letters import send_to_dead_letters
from shared.kafka.auth import KafkaAuth
from shared.kafka.clients import idempotent_producer, manual_commit_consumer
from shared.logging import correlation
from shared.observability.lag import LagGauge
from shared.observability.metrics import CONSUMED, DEAD_LETTERS, HANDLER_FAILURES

log = structlog.get_logger()
# A consumer that cannot reach Kafka at start tries again after 0.5, 1, 2 ... 10 s.
START_RETRY_S, START_RETRY_MAX_S = 0.5, 10.0

Handler = Callable[[UnitOfWork, Envelope, Payload], Awaitable[None]]
Decoded = tuple[Envelope, Payload, Handler | None]


@dataclass(frozen=True)
class ConsumerConfig:
    bootstrap: str
    name: str  # consumer group id and inbox key
    topics: tuple[str, ...]
    max_attempts: int = 3
    retry_backoff: float = 0.2
    batch_size: int = 500
    # The SCRAM principal to consume as; None: the process default (tools and tests).
    auth: KafkaAuth | None = None


class _CommitOnRevoke(ConsumerRebalanceListener):
    """Waits for the batch in hand to be stored and committed before giving partitions up."""

    def __init__(self, busy: asyncio.Lock, committed: Callable[[], Awaitable[None]]) -> None:
        self._busy, self._committed = busy, committed

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        async with self._busy:
            try:
                await self._committed()
            except Exception as exc:  # redelivered to the next owner, and deduped there
                log.warning("offset commit before revoke failed", error=repr(exc))
            log.info("partitions revoked", partitions=sorted(str(tp) for tp in revoked))

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        log.info("partitions assigned", partitions=sorted(str(tp) for tp in assigned))


class InboxConsumer:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        tables: MessagingTables,
        registry: EventRegistry,
        handlers: dict[str, Handler],
        config: ConsumerConfig,
        unit_of_work: type[UnitOfWork] = UnitOfWork,
    ) -> None:
        """``unit_of_work``: the service's subclass, so handlers find its repositories."""
        self._sessions, self._tables, self._registry = sessions, tables, registry
        self._unit_of_work = unit_of_work
        self._handlers, self._cfg = handlers, config
        self._busy = asyncio.Lock()
        # The offset commit of the last batch stored, running while the next is worked on.
        self._committing: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self.start_problem: str | None = None  # readiness names it (Worker.problem)
        self._consumer: AIOKafkaConsumer | None = None
        self._dlq: AIOKafkaProducer | None = None
        self._lag = LagGauge(config.name)
        self._claim_sql = sa.text(
            f"INSERT INTO {tables.inbox.name} (consumer, event_id, event_type)"
            " SELECT :consumer, i, t FROM unnest(CAST(:ids AS uuid[]), CAST(:types AS text[]))"
            " AS u(i, t) ON CONFLICT DO NOTHING RETURNING event_id"
        )

    async def start(self) -> None:
        self._dlq = idempotent_producer(
            self._cfg.bootstrap, f"{self._cfg.name}-dlq", self._cfg.auth
        )
        await self._dlq.start()
        self._consumer = manual_commit_consumer(
            self._cfg.bootstrap, self._cfg.name, auth=self._cfg.auth
        )
        self._consumer.subscribe(
            list(self._cfg.topics), listener=_CommitOnRevoke(self._busy, self._committed)
        )
        await self._consumer.start()

    async def run(self) -> None:
        if self._consumer is None and not await self._start_when_kafka_answers():
            return  # stopped before Kafka ever answered
        backoff = 0.1
        # Its own task: the lag shows while a slow batch holds the loop.
        lag = asyncio.create_task(self._lag.watch(lambda: self._consumer, self._stopping))
        try:
            while not self._stopping.is_set():
                try:
                    await self.poll_once(timeout_ms=500)
                    backoff = 0.1
                except Exception as exc:  # database or DLQ unreachable: wait, then redo
                    log.warning("consumer round failed", error=repr(exc), retry_in=backoff)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 5.0)
        finally:
            lag.cancel()
            self._lag.forget()
            await self.close()

    async def _start_when_kafka_answers(self) -> bool:
        """Start, retrying while Kafka cannot be reached (a service started before Kafka,
        or during an outage, would otherwise end this worker for good): True once
        started, False when stopped first."""
        backoff = START_RETRY_S
        while not self._stopping.is_set():
            try:
                await self.start()
                self.start_problem = None
                return True
            except Exception as exc:  # unreachable, or refused: the same error in aiokafka
                self.start_problem = f"not started: {exc!r}"
                log.warning("consumer could not start", error=repr(exc), retry_in=backoff)
                await self.close()  # what did start (the DLQ producer) is let go
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), backoff)
                backoff = min(backoff * 2, START_RETRY_MAX_S)
        return False

    def problem(self) -> str | None:
        """While the start is being retried, why (readiness names it)."""
        return self.start_problem

    def stop(self) -> None:
        self._stopping.set()

    async def close(self) -> None:
        try:
            await self._committed()
        except Exception as exc:  # redelivered after the restart, and deduped
            log.warning("last offset commit failed", error=repr(exc))
        consumer, self._consumer = self._consumer, None
        dlq, self._dlq = self._dlq, None
        if consumer is not None:
            await consumer.stop()
        if dlq is not None:
            await dlq.stop()

    async def poll_once(self, timeout_ms: int = 500) -> int:
        assert self._consumer is not None, "call start() first"
        batch = await self._consumer.getmany(
            timeout_ms=timeout_ms, max_records=self._cfg.batch_size
        )
        if not batch:
            await self._committed()  # idle: nothing to overlap the last commit with
            return 0
        async with self._busy:
            # Decoding is most of the CPU: once per record, whatever path it then takes.
            decoded = {tp: [self._decode(r) for r in records] for tp, records in batch.items()}
            pending = dict(batch)
            current: TopicPartition | None = None  # rewinds itself when it fails
            try:
                await self._apply_clean_partitions(batch, decoded, pending)
                for current, records in list(pending.items()):
                    await self._handle_partition(current, records, decoded[current])
                    del pending[current]
            except Exception:
                for tp, records in pending.items():
                    if tp != current:
                        self._consumer.seek(tp, records[0].offset)  # not started: redo whole
                raise
        return sum(len(r) for r in batch.values())

    async def _apply_clean_partitions(
        self,
        batch: dict[TopicPartition, list[ConsumerRecord]],
        decoded: dict[TopicPartition, list[Decoded | None]],
        pending: dict[TopicPartition, list[ConsumerRecord]],
    ) -> None:
        """The partitions whose records all decode, applied in ONE transaction (each
        partition's records in order) and committed with one offset commit: a poll costs
        three round trips to PostgreSQL and one to Kafka, not that per partition. If a
        handler fails nothing is stored, and the partitions go the per-partition way."""
        clean = [tp for tp in batch if None not in decoded[tp]]
        if len(clean) < 2:
            return  # the per-partition way is the same work
        if not await self._apply_run([d for tp in clean for d in decoded[tp]]):
            return
        for tp in clean:
            del pending[tp]  # stored: from here on, a failure must not rewind them
        await self._commit({tp: batch[tp][-1].offset + 1 for tp in clean})

    async def _handle_partition(
        self, tp: TopicPartition, records: list[ConsumerRecord], decoded: list[Decoded | None]
    ) -> None:
        """A run of decodable records is applied in one transaction; if any of them fails,
        the run is redone one record at a time (retries, then dead letters), in order."""
        assert self._consumer is not None
        done = 0
        try:
            while done < len(records):
                run_end = done
                while run_end < len(records) and decoded[run_end] is not None:
                    run_end += 1
                if run_end > done and await self._apply_run(decoded[done:run_end]):
                    done = run_end
                    continue
                for record in records[done : max(run_end, done + 1)]:
                    await self._handle(record)
                    done += 1
        except Exception:
            # Rewind so the next poll starts again at the first record not stored.
            self._consumer.seek(tp, records[done].offset)
            raise
        await self._commit({tp: records[-1].offset + 1})

    async def _apply_run(self, run: list[Decoded | None]) -> bool:
        """One inbox INSERT for the run, the handlers of the new events, one commit.
        False (and nothing stored) if a handler failed."""
        handled = [(env, p, h) for env, p, h in filter(None, run) if h is not None]
        try:
            async with self._unit_of_work(self._sessions, self._tables.outbox) as uow:
                fresh = await self._claim_inbox(uow, [env for env, _, _ in handled])
                for envelope, payload, handler in handled:
                    if envelope.event_id in fresh:
                        fresh.discard(envelope.event_id)  # a twin later in the run is a duplicate
                        with correlation(envelope.correlation_id, envelope.event_id):
                            await handler(uow, envelope, payload)
                await uow.commit()
        except Exception as exc:
            log.info("batch failed; redoing it one event at a time", error=repr(exc))
            return False
        CONSUMED.labels(self._cfg.name, "applied").inc(len(handled))
        return True

    async def _claim_inbox(self, uow: UnitOfWork, envelopes: list[Envelope]) -> set[uuid.UUID]:
        """The ids among ``envelopes`` not seen before. One statement with array parameters,
        so its text (and its prepared plan) is the same whatever the batch size."""
        if not envelopes:
            return set()
        ids, types = [e.event_id for e in envelopes], [e.type for e in envelopes]
        result = await uow.session.execute(
            self._claim_sql, {"consumer": self._cfg.name, "ids": ids, "types": types}
        )
        return set(result.scalars().all())

    def _decode(self, record: ConsumerRecord) -> Decoded | None:
        try:
            envelope = Envelope.from_bytes(record.value)
            return envelope, self._registry.decode(envelope), self._handlers.get(envelope.type)
        except Exception:  # EventRejected, or a payload validator's own bug (see _handle)
            return None  # the one-by-one path dead-letters it with the reason

    async def _commit(self, offsets: dict[TopicPartition, int]) -> None:
        """Commit offsets of stored records. The commit runs on while the next batch is
        decoded and stored (a round trip to Kafka per poll, ~15 % of the consumer's wall
        time when awaited); commits stay in order, one in flight at a time, and a
        failed one is raised at the next (its records are stored: redelivered, deduped)."""
        await self._committed()
        self._committing = asyncio.create_task(self._commit_now(offsets))

    async def _committed(self) -> None:
        """Wait for the offset commit in flight, if any."""
        task, self._committing = self._committing, None
        if task is not None:
            await task

    async def _commit_now(self, offsets: dict[TopicPartition, int]) -> None:
        assert self._consumer is not None
        try:
            await self._consumer.commit(offsets)
        except CommitFailedError as exc:
            # A partition moved to another member; it redelivers and the inbox dedupes.
            log.warning(
                "offset commit refused after rebalance",
                partitions=sorted(str(tp) for tp in offsets),
                error=str(exc),
            )

    async def _handle(self, record: ConsumerRecord) -> None:
        try:
            envelope = Envelope.from_bytes(record.value)
            payload = self._registry.decode(envelope)
        except Exception as exc:
            # EventRejected, or anything else a payload's validator raised (pydantic passes
            # all but ValueError and AssertionError through): the same record fails the same
            # way every time, so retrying would stall its partition for good.
            await self._dead_letter(record, exc)
            return
        handler = self._handlers.get(envelope.type)
        if handler is None:
            CONSUMED.labels(self._cfg.name, "ignored").inc()
            return
        with correlation(envelope.correlation_id, envelope.event_id):
            await self._apply_with_retries(record, envelope, payload, handler)

    async def _apply_with_retries(
        self, record: ConsumerRecord, envelope: Envelope, payload: Payload, handler: Handler
    ) -> None:
        for attempt in range(1, self._cfg.max_attempts + 1):
            try:
                applied = await self._apply(envelope, payload, handler)
                CONSUMED.labels(self._cfg.name, "applied" if applied else "duplicate").inc()
                return
            except EventRejected as exc:
                await self._dead_letter(record, exc)
                return
            except Exception as exc:
                HANDLER_FAILURES.labels(self._cfg.name).inc()
                if attempt == self._cfg.max_attempts:
                    await self._dead_letter(record, exc)
                    return
                log.warning("handler failed, retrying", type=envelope.type, attempt=attempt)
                await asyncio.sleep(self._cfg.retry_backoff * 2 ** (attempt - 1))

    async def _apply(self, envelope: Envelope, payload: Payload, handler: Handler) -> bool:
        async with self._unit_of_work(self._sessions, self._tables.outbox) as uow:
            first_time = await self._apply_in(uow, envelope, payload, handler)
            await uow.commit()
            return first_time

    async def _apply_in(
        self, uow: UnitOfWork, envelope: Envelope, payload: Payload, handler: Handler
    ) -> bool:
        """Inbox row, then the effect; a duplicate finds the row and does nothing."""
        first_time = await uow.session.scalar(
            insert(self._tables.inbox)
            .values(consumer=self._cfg.name, event_id=envelope.event_id, event_type=envelope.type)
            .on_conflict_do_nothing()
            .returning(sa.literal(True))
        )
        if first_time:
            await handler(uow, envelope, payload)
        return bool(first_time)

    async def _dead_letter(self, record: ConsumerRecord, error: BaseException) -> None:
        assert self._dlq is not None
        CONSUMED.labels(self._cfg.name, "dead_lettered").inc()
        DEAD_LETTERS.labels(self._cfg.name, record.topic).inc()
        log.error(
            "event dead-lettered",
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            error=str(error),
            unknown=isinstance(error, UnknownEvent),
        )
        await send_to_dead_letters(self._dlq, record, self._cfg.name, error)
