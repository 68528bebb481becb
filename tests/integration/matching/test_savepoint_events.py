"""A matching savepoint that rolls back takes the events it staged with it (issue 18).

The matcher places each group in a savepoint and retries its orders one by one when
the group fails (two matching processes can deadlock in the lot-by-lot fallback).
The savepoint undid the group's offers but not their staged JobOffered events, which
the commit then wrote to the outbox: offers announced that never existed, and the
retry's offers announced besides (bench row 8 counted an order offered 800 of 400).
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from services.matching.adapters.tables import messaging
from services.matching.adapters.uow import MatchingUnitOfWork
from shared.contracts import matching as m
from shared.db.engine import make_sessionmaker

pytestmark = pytest.mark.integration


def unmatched(order_id: uuid.UUID) -> m.OrderUnmatched:
    return m.OrderUnmatched(order_id=order_id, shortfall_units=1, reason="not_enough_capacity")


async def test_events_staged_in_a_rolled_back_savepoint_are_never_written(
    engine: AsyncEngine,
) -> None:
    kept, inner_kept, dropped = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    async with MatchingUnitOfWork(make_sessionmaker(engine), messaging.outbox) as uow:
        uow.publish(unmatched(kept))
        async with uow.savepoint():
            uow.publish(unmatched(inner_kept))
        with pytest.raises(RuntimeError):
            async with uow.savepoint():
                uow.publish(unmatched(dropped))
                raise RuntimeError("the group failed")
        await uow.commit()
    outbox = messaging.outbox
    async with engine.connect() as conn:
        keys = set(
            await conn.scalars(
                sa.select(outbox.c.key).where(
                    outbox.c.key.in_([str(kept), str(inner_kept), str(dropped)])
                )
            )
        )
    assert keys == {str(kept), str(inner_kept)}
