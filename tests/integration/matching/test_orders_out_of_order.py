"""Intake's facts about an order reach the real matching consumer before their
OrderSubmitted, or swapped: matching keeps the terms in-order delivery gives."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.contracts.orders import OrderAmended, OrderCancelled, OrderSubmitted
from shared.events import Envelope, new_envelope
from shared.kafka.topics import ORDERS
from tests.integration.matching.conftest import (
    of_type,
    order,
    placements_for,
    register,
    send_envelopes,
    soon,
)
from tests.support.stack import admin_url
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
CATEGORY = "knitting"


@pytest.fixture
async def db() -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(admin_url())
    yield engine
    await engine.dispose()


async def test_a_cancellation_before_its_submission_is_never_offered(
    http: httpx.AsyncClient, bootstrap: str, db: AsyncEngine
) -> None:
    await register(http, category=CATEGORY, units=1000)
    cancelled, control = order(category=CATEGORY, quantity=100), order(category=CATEGORY)
    cancel = OrderCancelled(order_id=cancelled.order_id, reason="client withdrew")
    await send_envelopes(bootstrap, ORDERS, [_env(cancel), _env(cancelled)])
    stored = await eventually(
        lambda: _order(db, cancelled.order_id), lambda row: row is not None, what="the order"
    )
    assert stored == (100, cancelled.deadline, "cancelled")
    # Once an order of the same category sent after it was stored is offered, the
    # matcher has had every chance to offer the cancelled one too.
    await send_envelopes(bootstrap, ORDERS, [_env(control)])
    await eventually(
        lambda: placements_for(bootstrap, control.order_id),
        lambda evs: bool(of_type(evs, "JobOffered")),
        what="the control order's offers",
    )
    assert not await placements_for(bootstrap, cancelled.order_id)
    assert not await _parked(db, cancelled.order_id)


async def test_swapped_amendments_before_the_submission_leave_the_newest(
    http: httpx.AsyncClient, bootstrap: str, db: AsyncEngine
) -> None:
    await register(http, category=CATEGORY, units=1000)
    o = order(category=CATEGORY, quantity=500, min_lot=50)
    older = _env(_amend(o, 300, soon(25)))
    later = {"occurred_at": older.occurred_at + timedelta(seconds=1)}
    newer = _env(_amend(o, 200, soon(30))).model_copy(update=later)
    await send_envelopes(bootstrap, ORDERS, [newer, older, _env(o)])
    events = await eventually(
        lambda: placements_for(bootstrap, o.order_id),
        lambda evs: bool(of_type(evs, "JobOffered", "OrderUnmatched")),
        what="offers",
    )
    assert sum(e["payload"]["units"] for e in of_type(events, "JobOffered")) == 200
    assert await _order(db, o.order_id) == (200, soon(30), "settled")
    assert not await _parked(db, o.order_id)


def _amend(o: OrderSubmitted, quantity: int, deadline: Any) -> OrderAmended:
    return OrderAmended(
        order_id=o.order_id,
        quantity=quantity,
        deadline=deadline,
        previous_quantity=o.quantity,
        previous_deadline=o.deadline,
    )


def _env(payload: Any) -> Envelope:
    return new_envelope(payload, key=str(payload.order_id))


async def _order(db: AsyncEngine, order_id: uuid.UUID) -> tuple[Any, ...] | None:
    sql = "SELECT quantity, deadline, state FROM matching.orders WHERE id = :id"
    async with db.connect() as conn:
        row = (await conn.execute(sa.text(sql), {"id": order_id})).one_or_none()
    return tuple(row) if row else None


async def _parked(db: AsyncEngine, order_id: uuid.UUID) -> int:
    sql = "SELECT count(*) FROM matching.early_order_facts WHERE order_id = :id"
    async with db.connect() as conn:
        return int(await conn.scalar(sa.text(sql), {"id": order_id}) or 0)
