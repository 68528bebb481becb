"""A real balancer process on the test stack, a Kafka producer acting as matching, and HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from tests.integration.balancer.scenario import FakeMatching
from tests.support.services import RunningService, migrate, running_service

# Fast rounds so tests wait for conditions in seconds, not minutes.
FAST = {"PROCNET_REBALANCE_POLL_S": "0.2", "PROCNET_EXPIRY_POLL_S": "0.5"}


@pytest.fixture(scope="session")
def balancer(stack: None) -> Iterator[RunningService]:
    migrate("balancer")
    with running_service("balancer", **FAST) as service:
        yield service


@pytest.fixture
async def http(balancer: RunningService) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=balancer.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
async def matching(bootstrap: str) -> AsyncIterator[FakeMatching]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        yield FakeMatching(producer, bootstrap)
    finally:
        await producer.stop()
