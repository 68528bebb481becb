"""Kafka refuses forged events: SASL/SCRAM principals, ACLs per service (issue 17, finding 2).

Before this change the broker listened in PLAINTEXT with no ACLs: every test
below that expects a refusal got through (a hand-made ``OrderCancelled`` on
``intake.orders`` made matching withdraw the offers).
"""

from __future__ import annotations

import uuid

import pytest
from aiokafka import AIOKafkaClient, AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import (
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    KafkaError,
    TopicAuthorizationFailedError,
)

from shared.kafka.auth import KafkaAuth
from shared.kafka.topics import ORDERS, PLACEMENTS

pytestmark = pytest.mark.integration


async def _send(bootstrap: str, auth: KafkaAuth, topic: str) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, request_timeout_ms=10000, **auth.client_kwargs()
    )
    await producer.start()
    try:
        await producer.send_and_wait(topic, b'{"forged": true}', key=uuid.uuid4().bytes)
    finally:
        await producer.stop()


async def test_the_owner_of_intake_orders_may_write_it(bootstrap: str) -> None:
    # The positive control: the refusals below are ACLs, not a broken listener.
    await _send(bootstrap, KafkaAuth.of("intake"), ORDERS.name)


@pytest.mark.parametrize("principal", ["matching", "balancer", "cli"])
async def test_another_principal_cannot_write_intake_orders(bootstrap: str, principal: str) -> None:
    with pytest.raises(TopicAuthorizationFailedError):
        await _send(bootstrap, KafkaAuth.of(principal), ORDERS.name)


async def test_intake_cannot_forge_placements(bootstrap: str) -> None:
    with pytest.raises(TopicAuthorizationFailedError):
        await _send(bootstrap, KafkaAuth.of("intake"), PLACEMENTS.name)


async def test_a_consumer_cannot_join_another_services_group(bootstrap: str) -> None:
    consumer = AIOKafkaConsumer(
        ORDERS.name,
        bootstrap_servers=bootstrap,
        group_id="matching",
        enable_auto_commit=False,
        **KafkaAuth.of("balancer").client_kwargs(),
    )
    try:
        with pytest.raises(GroupAuthorizationFailedError):
            await consumer.start()  # joining the group is refused
    finally:
        await consumer.stop()


async def test_an_unauthenticated_client_cannot_connect(bootstrap: str) -> None:
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    try:
        with pytest.raises(KafkaConnectionError):
            await client.bootstrap()
    finally:
        await client.close()


async def test_a_wrong_password_cannot_connect(bootstrap: str) -> None:
    with pytest.raises(KafkaError):
        await _send(bootstrap, KafkaAuth("intake", "not-the-password"), ORDERS.name)
