"""``procnet_consumer_lag``: per group and partition, the records not yet handled.

Lag is the partition's end offset (asked of the broker, once a second) minus the
consumer's position (the next record it will hand over; after a failed batch it is rewound
to the first record not stored, so a stuck consumer's lag grows as producers go on).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from prometheus_client import Gauge

from shared.observability.metrics import CONSUMER_LAG
from shared.service.workers import pause

log = structlog.get_logger()

EVERY_S = 1.0


class LagGauge:
    def __init__(self, group: str) -> None:
        self._group = group
        self._shown: set[TopicPartition] = set()

    async def watch(
        self, consumer: Callable[[], AIOKafkaConsumer | None], stopping: asyncio.Event
    ) -> None:
        """Update every ``EVERY_S`` until ``stopping`` is set."""
        while not stopping.is_set():
            current = consumer()
            if current is not None:
                try:
                    await self.update(current)
                except Exception as exc:  # a metric must never stop the consumer
                    log.warning("consumer lag not measured", error=repr(exc))
            await pause(stopping, EVERY_S)

    async def update(self, consumer: AIOKafkaConsumer) -> None:
        try:
            assigned = set(consumer.assignment())
        except Exception:  # no assignment while the group rebalances
            return
        # The broker's end offsets (one ListOffsets request): the consumer's own highwater
        # goes stale while it holds fetched records it has not yet handed out.
        ends = await asyncio.wait_for(consumer.end_offsets(list(assigned)), 5) if assigned else {}
        for tp in assigned:
            position = await _position(consumer, tp)
            if tp in ends and position is not None:
                self._labels(tp).set(max(ends[tp] - position, 0))
                self._shown.add(tp)
        for tp in self._shown - assigned:  # moved to another member: its lag is theirs
            self._remove(tp)

    def forget(self) -> None:
        for tp in list(self._shown):
            self._remove(tp)

    def _labels(self, tp: TopicPartition) -> Gauge:
        return CONSUMER_LAG.labels(self._group, tp.topic, str(tp.partition))

    def _remove(self, tp: TopicPartition) -> None:
        self._shown.discard(tp)
        with contextlib.suppress(KeyError):
            CONSUMER_LAG.remove(self._group, tp.topic, str(tp.partition))


async def _position(consumer: AIOKafkaConsumer, tp: TopicPartition) -> int | None:
    try:
        return int(await asyncio.wait_for(consumer.position(tp), 0.2))
    except Exception:  # not yet fetched, or revoked meanwhile
        return None
