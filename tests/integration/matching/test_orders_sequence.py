"""The real matching consumer ranks an order's amendments by the order's own sequence:
the newer amendment published by a host whose clock runs behind still wins (issue 13 item 5)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.contracts.orders import OrderAmendedV2, OrderSubmitted
from shared.events import Envelope, new_envelope
from shared.kafka.topics import ORDERS
from tests.integration.matching.conftest import order, register, send_envelopes, soon
from tests.support.stack import admin_url
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
CATEGORY = "crochet"


@pytest.fixture
async def db() -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(admin_url())
    yield engine
    await engine.dispose()


def skewed_amendments(o: OrderSubmitted) -> tuple[Envelope, Envelope]:
    """Sequence 2 to 300 units, then sequence 3 to 200 units stamped a minute EARLIER."""
    first = _env(_amend(o, 300, 2))
    second = _env(_amend(o, 200, 3))
    behind = {"occurred_at": first.occurred_at - timedelta(minutes=1)}
    return first, second.model_copy(update=behind)


@pytest.mark.parametrize("submission_first", [True, False])
async def test_the_later_sequence_wins_over_a_clock_running_behind(
    http: httpx.AsyncClient, bootstrap: str, db: AsyncEngine, submission_first: bool
) -> None:
    await register(http, category=CATEGORY, units=1000)
    o = order(category=CATEGORY, quantity=500, min_lot=50)
    first, second = skewed_amendments(o)
    stream = [_env(o), first, second] if submission_first else [first, second, _env(o)]
    await send_envelopes(bootstrap, ORDERS, stream)
    row = await eventually(
        lambda: _order(db, o.order_id),
        lambda r: r is not None and r[3] == 3,
        what="the amendment of sequence 3 applied",
    )
    assert row is not None and row[:2] == (200, soon(30))
    # and the older one, applied or arriving after it, did not undo it (the state may
    # move on meanwhile: the matcher settles the order)
    again = await _order(db, o.order_id)
    assert again is not None and (again[0], again[1], again[3]) == (200, soon(30), 3)


def _amend(o: OrderSubmitted, quantity: int, sequence: int) -> OrderAmendedV2:
    return OrderAmendedV2(
        order_id=o.order_id,
        quantity=quantity,
        deadline=soon(30),
        previous_quantity=o.quantity,
        previous_deadline=o.deadline,
        sequence=sequence,
    )


def _env(payload: Any) -> Envelope:
    return new_envelope(payload, key=str(payload.order_id))


async def _order(db: AsyncEngine, order_id: uuid.UUID) -> tuple[Any, ...] | None:
    sql = "SELECT quantity, deadline, state, amended_seq FROM matching.orders WHERE id = :id"
    async with db.connect() as conn:
        row = (await conn.execute(sa.text(sql), {"id": order_id})).one_or_none()
    return tuple(row) if row else None
