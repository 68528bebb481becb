"""A consumer whose Kafka cannot be reached at start tries again (with a growing wait)
instead of ending its worker for good, lets go of what it did start each time, and a
stop during the wait ends it at once."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest
import sqlalchemy as sa

from shared.db.messaging_tables import add_messaging_tables
from shared.inbox import consumer as module
from shared.inbox.consumer import ConsumerConfig, InboxConsumer
from shared.service.workers import Worker, Workers


class Flaky(InboxConsumer):
    def __init__(self, failures: int) -> None:
        config = ConsumerConfig(bootstrap="127.0.0.1:1", name="test", topics=("t",))
        tables = add_messaging_tables(sa.MetaData())
        super().__init__(cast(Any, None), tables, cast(Any, None), {}, config)
        self.failures, self.attempts, self.closed = failures, 0, 0
        self.failed_once = asyncio.Event()

    async def start(self) -> None:
        self.attempts += 1
        if self.attempts > self.failures:
            self.stop()  # started at last: the test ends the worker here
        self.failed_once.set()
        raise ConnectionError("Kafka is not there")

    async def close(self) -> None:
        self.closed += 1


async def test_start_is_retried_until_it_works_or_the_worker_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(module, "START_RETRY_S", 0.01)
    worker = Flaky(failures=3)
    await asyncio.wait_for(worker.run(), timeout=10)  # returns: it did not crash
    assert worker.attempts == 4 and worker.closed == 4


async def test_a_stop_during_the_wait_ends_the_worker_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(module, "START_RETRY_S", 3600.0)
    worker = Flaky(failures=10)
    task = asyncio.create_task(worker.run())
    await asyncio.wait_for(worker.failed_once.wait(), timeout=5)
    worker.stop()
    await asyncio.wait_for(task, timeout=5)
    assert worker.attempts == 1


async def test_while_it_retries_its_worker_says_why() -> None:
    worker = Flaky(failures=10)
    workers = Workers()
    workers.add(Worker("consumer-orders", worker.run, worker.stop, worker.problem))
    workers.start()
    await asyncio.wait_for(worker.failed_once.wait(), timeout=5)
    state = workers.states()["consumer-orders"]
    await workers.stop()
    assert state == "not started: ConnectionError('Kafka is not there')"
