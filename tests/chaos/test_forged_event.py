"""A forged OrderCancelled aimed at matching: refused by the broker, the offers stay open."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.contracts.orders import OrderCancelledV2
from shared.events import new_envelope
from shared.kafka.auth import KafkaAuth
from shared.kafka.topics import ORDERS
from tests.chaos.flows import offered_units, register, submit_burst
from tests.chaos.kafka import end_offsets
from tests.chaos.procs import Service
from tests.support.waiting import eventually

CATEGORY = "bead_work"
pytestmark = pytest.mark.timeout(300)


async def _forge(bootstrap: str, auth: dict[str, str], payload: OrderCancelledV2) -> str:
    """Try to send it; the error class the broker answered with (or 'accepted')."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, request_timeout_ms=5000, **auth)
    try:
        await producer.start()
        env = new_envelope(payload, key=str(payload.order_id))
        await producer.send_and_wait(ORDERS.name, env.to_bytes(), key=env.key.encode())
        return "accepted"
    except KafkaError as exc:
        return type(exc).__name__
    finally:
        await producer.stop()


async def test_forged_event_refused_at_the_broker(
    matching: Service,
    matching_http: httpx.AsyncClient,
    db: AsyncEngine,
    bootstrap: str,
    record: Callable[..., None],
) -> None:
    """An attacker on the host forges OrderCancelled for an order with open offers.

    Breaks: a hand-made OrderCancelled on intake.orders, sent as the balancer's principal, as
    matching's, with intake's name and a wrong password, and with no credentials at all.
    Does: one order placed on a fresh provider (offers open), then the four forgeries.
    Holds: every forgery is refused by Kafka (no record reaches intake.orders: end offsets
    unchanged) and the order's offers stay open in matching.
    """
    await register(matching_http, category=CATEGORY, units=200)
    [order_id] = await submit_burst(bootstrap, 1, CATEGORY, 100)
    units = await eventually(
        lambda: offered_units(db, [order_id]), lambda u: u.get(order_id, 0) > 0, what="offers"
    )
    before = await end_offsets(bootstrap, ORDERS.name)
    forged = OrderCancelledV2(order_id=order_id, reason="forged", sequence=99)
    sasl = {
        "balancer": KafkaAuth.of("balancer").client_kwargs(),
        "matching": KafkaAuth.of("matching").client_kwargs(),
        "intake, wrong password": KafkaAuth("intake", "guess").client_kwargs(),
        "no credentials": {},
    }
    t0 = time.monotonic()
    answers = {who: await _forge(bootstrap, auth, forged) for who, auth in sasl.items()}
    record(**answers, refused_in_s=round(time.monotonic() - t0, 1))
    assert "accepted" not in answers.values(), answers
    assert await end_offsets(bootstrap, ORDERS.name) == before
    assert await offered_units(db, [order_id]) == units
