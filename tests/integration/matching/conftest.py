"""A real matching process on the test stack, plus helpers to act as intake and brokers."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from typing import Any

import httpx
import orjson
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.contracts.orders import OrderSubmitted
from shared.events import Envelope, Payload, new_envelope
from shared.identity import Role
from shared.kafka.auth import client_kwargs
from shared.kafka.topics import ORDERS, PLACEMENTS, Topic
from shared.region import clock
from tests.support.kafka_io import read_all
from tests.support.services import RunningService
from tests.support.stack import role_url
from tests.support.tokens import admin, bearer


@pytest.fixture
async def http(matching: RunningService) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=matching.url, timeout=30) as client:
        yield client


def soon(days: int) -> date:
    return clock.today() + timedelta(days=days)  # the Lishui date, as the services count


async def register(
    http: httpx.AsyncClient,
    *,
    category: str = "bead_work",
    units: int = 100,
    county: str = "suichang",
    auto_accept: bool = False,
    low_income: int = 5,
) -> uuid.UUID:
    provider_id = uuid.uuid4()
    r = await http.post(
        "/v1/providers",
        headers=admin(),
        json={
            "id": str(provider_id),
            "name": f"Workshop {provider_id.hex[:6]}",
            "broker_name": "Lan Xiuying",
            "contact": "139-0000-0000",
            "county": county,
            "township": "Miaogao",
            "village": "Xiangchaku",
            "mode": "centre",
            "categories": {category: units},
            "workforce": {"total": 40, "low_income": low_income},
            "auto_accept": auto_accept,
        },
    )
    assert r.status_code == 201, r.text
    return provider_id


def broker(provider_id: uuid.UUID) -> dict[str, str]:
    return bearer(provider_id, Role.PROVIDER)


def order(category: str = "bead_work", quantity: int = 500, **over: Any) -> OrderSubmitted:
    base: dict[str, Any] = dict(
        order_id=uuid.uuid4(),
        office_id=uuid.uuid4(),
        client_id=uuid.uuid4(),
        category=category,
        description="hair clips",
        quantity=quantity,
        unit_fee_fen=30,
        materials_ready=soon(1),
        deadline=soon(20),
        origin_market="yiwu",
        splittable=True,
        min_lot=50,
    )
    return OrderSubmitted(**{**base, **over})


async def publish(bootstrap: str, topic: Topic, payload: Payload, key: str) -> None:
    await send_envelopes(bootstrap, topic, [new_envelope(payload, key=key)])


async def send_envelopes(bootstrap: str, topic: Topic, envelopes: list[Envelope]) -> None:
    """One at a time, in this order (which one key's partition then delivers)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **client_kwargs())
    await producer.start()
    try:
        for env in envelopes:
            await producer.send_and_wait(topic.name, env.to_bytes(), key=env.key.encode())
    finally:
        await producer.stop()


async def submit(bootstrap: str, o: OrderSubmitted) -> None:
    await publish(bootstrap, ORDERS, o, str(o.order_id))


async def placements_for(bootstrap: str, order_id: uuid.UUID) -> list[dict[str, Any]]:
    """matching.placements events of one order, in order."""
    records = await read_all(bootstrap, PLACEMENTS.name)
    key = str(order_id).encode()
    return [orjson.loads(r.value) for r in sorted(records, key=lambda r: r.offset) if r.key == key]


def of_type(events: list[dict[str, Any]], *types: str) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] in types]


@pytest.fixture
async def retire(http: httpx.AsyncClient) -> AsyncIterator[list[tuple[uuid.UUID, str]]]:
    """Providers a test appends as (id, category) make nothing once it ends, so the
    tests after it see only the providers they register themselves."""
    cast: list[tuple[uuid.UUID, str]] = []
    yield cast
    for provider_id, category in cast:
        r = await http.put(
            f"/v1/providers/{provider_id}/capacity/{category}",
            json={"units_per_day": 0},
            headers=admin(),
        )
        assert r.status_code == 200, r.text


@pytest.fixture
async def engine(http: httpx.AsyncClient) -> AsyncIterator[AsyncEngine]:
    """matching's own role on its schema (the service has migrated it once ``http`` is up)."""
    eng = create_async_engine(
        role_url("matching"), connect_args={"server_settings": {"search_path": "matching"}}
    )
    yield eng
    await eng.dispose()
