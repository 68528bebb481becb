"""The portal's consumer group ``portal.live``: it watches the topics the catalogue lists
for it (``watched_by("portal")``), turns each event that concerns an organisation into
notes (``routing.py``) and records them once (``store.py``). Offsets are committed only
after a batch is recorded; a batch that fails is read again (the dedupe key makes the
repeat harmless). Not the PostgreSQL inbox consumer: the portal has no database.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import CommitFailedError
from aiokafka.structs import ConsumerRecord

from services.portal.live import routing
from services.portal.live.store import LiveStore
from shared.events.catalogue import watched_by
from shared.events.envelope import Envelope
from shared.events.errors import EventRejected
from shared.kafka.auth import KafkaAuth
from shared.kafka.clients import manual_commit_consumer
from shared.region import clock

log = structlog.get_logger()
GROUP = "portal.live"


@dataclass(frozen=True)
class Recorder:
    """What happens to a batch of events, Kafka aside (unit- and integration-tested)."""

    store: LiveStore
    sinks: tuple[str, ...]
    max_age: timedelta

    async def handle(self, envelopes: list[Envelope]) -> int:
        """Record the notes of ``envelopes`` (in order); the number of events recorded."""
        # Offices and contacts first: an order's OrderSubmitted may come in the same batch
        # as its offers. A contact is kept whatever its age (compacted: the newest is kept).
        for env in envelopes:
            owner = routing.office_of_submitted(env.type, env.payload)
            if owner:
                await self.store.remember_office(*owner)
            contact = routing.contact_of(env.type, env.payload)
            if contact:
                await self.store.remember_contact(*contact)
        wanted = {w.order_id for e in envelopes for w in routing.wanted(e.type, e.payload)}
        offices = await self.store.offices_of({o for o in wanted if o})
        recorded = 0
        oldest = clock.now() - self.max_age
        for env in envelopes:
            notes = routing.notes(
                str(env.event_id), env.type, env.occurred_at.isoformat(), env.payload, offices
            )
            if notes and _aware(env.occurred_at) >= oldest:
                recorded += await self.store.record(str(env.event_id), notes, self.sinks)
        return recorded


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


class LiveConsumer:
    def __init__(self, recorder: Recorder, bootstrap: str, auth: KafkaAuth | None) -> None:
        self.recorder, self.bootstrap, self.auth = recorder, bootstrap, auth
        self._stopping = asyncio.Event()
        self._consumer: AIOKafkaConsumer | None = None

    def stop(self) -> None:
        self._stopping.set()

    async def run(self) -> None:
        backoff = 0.2
        while not self._stopping.is_set():
            try:
                if self._consumer is None:
                    self._consumer = manual_commit_consumer(self.bootstrap, GROUP, auth=self.auth)
                    self._consumer.subscribe(list(watched_by("portal")))
                    await self._consumer.start()
                await self.poll_once()
                backoff = 0.2
            except Exception as exc:  # Kafka or Redis unreachable: wait, then read again
                log.warning("live consumer round failed", error=repr(exc), retry_in=backoff)
                await self._close()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), backoff)
                backoff = min(backoff * 2, 5.0)
        await self._close()

    async def poll_once(self) -> None:
        assert self._consumer is not None
        batch = await self._consumer.getmany(timeout_ms=500, max_records=200)
        for tp, records in batch.items():
            await self.recorder.handle(list(filter(None, map(_decode, records))))
            await self._commit(tp, records[-1].offset + 1)

    async def _commit(self, tp: TopicPartition, offset: int) -> None:
        assert self._consumer is not None
        try:
            await self._consumer.commit({tp: offset})
        except CommitFailedError as exc:  # rebalanced away: the new owner reads it again
            log.warning("live offset commit refused", partition=str(tp), error=str(exc))

    async def _close(self) -> None:
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            await consumer.stop()


def _decode(record: ConsumerRecord) -> Envelope | None:
    try:
        return Envelope.from_bytes(record.value)
    except EventRejected as exc:
        # The owning services dead-letter it; the portal only has nothing to show.
        log.info("live consumer skipped an undecodable event", topic=record.topic, error=str(exc))
        return None
