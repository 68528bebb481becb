"""A real balancer process on the test stack, a Kafka producer acting as matching, and HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from shared.kafka.auth import client_kwargs
from tests.integration.balancer.scenario import FakeMatching
from tests.support.services import RunningService


@pytest.fixture
async def http(balancer: RunningService) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=balancer.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
async def matching(bootstrap: str) -> AsyncIterator[FakeMatching]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_kwargs(), acks="all")
    await producer.start()
    try:
        yield FakeMatching(producer, bootstrap)
    finally:
        await producer.stop()
