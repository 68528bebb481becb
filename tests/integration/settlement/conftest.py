"""A real settlement process on the test stack (``settlement``, in tests/integration/conftest.py),
and a Kafka producer speaking for intake and
matching (their real contracts on their real topics)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from shared.contracts import matching as m
from shared.events import Payload, new_envelope
from shared.kafka.auth import client_kwargs
from shared.kafka.topics import FULFILMENT, ORDERS, PLACEMENTS, PROVIDERS
from tests.support.services import RunningService


@pytest.fixture
async def http(settlement: RunningService) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=settlement.url, timeout=30) as client:
        yield client


class Upstream:
    """Publishes as intake and matching do: enveloped contracts keyed like theirs."""

    def __init__(self, producer: AIOKafkaProducer) -> None:
        self.producer = producer

    async def publish(self, payload: Payload, key: uuid.UUID) -> None:
        topic = PROVIDERS if isinstance(payload, m.ProviderRegistered) else PLACEMENTS
        if payload.__class__.__module__.endswith("orders"):
            topic = ORDERS
        if payload.__class__.__module__.endswith("fulfilment"):
            topic = FULFILMENT
        env = new_envelope(payload, key=str(key))
        await self.producer.send_and_wait(topic.name, env.to_bytes(), key=env.key.encode())


@pytest.fixture
async def upstream(bootstrap: str) -> AsyncIterator[Upstream]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", **client_kwargs())
    await producer.start()
    try:
        yield Upstream(producer)
    finally:
        await producer.stop()
