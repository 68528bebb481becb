"""The next poll's records, taken and decoded while the batch in hand waits for PostgreSQL.

A poll's transaction waits for round trips (BEGIN, the inbox INSERT, COMMIT) during
which the consumer's one thread has nothing to do; decoding (a third to a half of the
inbox's CPU per event) is what the next batch needs first and touches no state. So
once a batch is decoded, the next is taken from aiokafka's buffer (``getmany`` with no
wait) and decoded in slices that yield to the batch in hand whenever its answers come.

Taken records have moved the consumer's position past them, so they are never just
dropped: if the batch in hand fails, ``rewind`` seeks their partitions back to them;
on a rebalance ``discard`` forgets them (aiokafka starts a new assignment's partitions
from their committed offsets).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Generic, TypeVar

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

T = TypeVar("T")
Batch = dict[TopicPartition, list[ConsumerRecord]]
SLICE = 50  # records decoded between yields: at most ~1 ms before the batch in hand resumes


class FetchAhead(Generic[T]):
    def __init__(self, decode: Callable[[ConsumerRecord], T], max_records: int) -> None:
        self._decode, self._max = decode, max_records
        self._task: asyncio.Task[tuple[Batch, dict[TopicPartition, list[T]]]] | None = None

    def start(self, consumer: AIOKafkaConsumer) -> None:
        """Take and decode what aiokafka has buffered, in the background."""
        if self._task is None:
            self._task = asyncio.create_task(self._fetch(consumer))

    async def take(self) -> tuple[Batch, dict[TopicPartition, list[T]]]:
        """The records taken ahead and their decodings; empty if none were."""
        task, self._task = self._task, None
        if task is None:
            return {}, {}
        return await task

    async def rewind(self, consumer: AIOKafkaConsumer, rewound: set[TopicPartition]) -> None:
        """The batch in hand failed: give the records taken ahead back, partitions not
        ``rewound`` already (those were sought to an earlier offset) sought to them."""
        with contextlib.suppress(Exception):  # nothing was taken if getmany failed
            batch, _ = await self.take()
            for tp, records in batch.items():
                if tp not in rewound:
                    consumer.seek(tp, records[0].offset)

    async def discard(self) -> None:
        """Partitions revoked, or the consumer closes: forget the records taken ahead."""
        with contextlib.suppress(Exception):
            await self.take()

    async def _fetch(
        self, consumer: AIOKafkaConsumer
    ) -> tuple[Batch, dict[TopicPartition, list[T]]]:
        batch = await consumer.getmany(timeout_ms=0, max_records=self._max)
        decoded: dict[TopicPartition, list[T]] = {}
        for tp, records in batch.items():
            out = decoded[tp] = []
            for start in range(0, len(records), SLICE):
                await asyncio.sleep(0)  # the batch in hand first, whenever it can go on
                out.extend(self._decode(r) for r in records[start : start + SLICE])
        return batch, decoded
