"""Matchers take turns per category: a matcher placing a category holds it until its
round commits, and another matcher's round leaves that category's orders alone.

Each transaction here queues its own orders without committing them, so the test's
pending orders are invisible to the matching service running on the stack.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from services.matching.adapters.order_queue import OrderQueue
from services.matching.adapters.tables import orders
from services.matching.domain.order import QueueState
from shared.db.engine import make_sessionmaker
from shared.region import clock
from tests.support.stack import role_url

pytestmark = pytest.mark.integration


@pytest.fixture
async def engine(http: httpx.AsyncClient) -> AsyncIterator[AsyncEngine]:  # migrated
    engine = create_async_engine(
        role_url("matching"), connect_args={"server_settings": {"search_path": "matching"}}
    )
    yield engine
    await engine.dispose()


async def queue(session: AsyncSession, category: str, count: int) -> set[uuid.UUID]:
    """``count`` pending orders of ``category``, uncommitted."""
    ids = [uuid.uuid4() for _ in range(count)]
    ready = clock.today() + timedelta(days=3)
    await session.execute(
        sa.insert(orders),
        [
            {
                "id": i,
                "category": category,
                "quantity": 100,
                "unit_fee_fen": 50,
                "materials_ready": ready,
                "deadline": ready + timedelta(days=20),
                "origin_market": "yiwu",
                "splittable": True,
                "min_lot": 10,
                "defect_tolerance_pct": 2,
                "state": QueueState.PENDING,
            }
            for i in ids
        ],
    )
    return set(ids)


async def claim(session: AsyncSession, ours: set[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``ours`` a round in ``session`` claims (other tests' orders may be pending
    too, older ones first: the limit leaves room for them)."""
    return {o.id for o in await OrderQueue(session).claim_pending(10_000)} & ours


async def test_a_category_being_placed_is_left_to_its_matcher(engine: AsyncEngine) -> None:
    beads, crochet = f"turns_beads_{uuid.uuid4().hex[:8]}", f"turns_crochet_{uuid.uuid4().hex[:8]}"
    sessions = make_sessionmaker(engine)
    async with sessions() as first, first.begin():
        mine = await queue(first, beads, 3)
        assert await claim(first, mine) == mine
        async with sessions() as second, second.begin():
            waiting = await queue(second, beads, 2)
            other = await queue(second, crochet, 2)
            # beads is the first matcher's until it commits; crochet is free.
            assert await claim(second, waiting | other) == other
            await second.rollback()
        async with sessions() as third, third.begin():
            await queue(third, beads, 1)
            q = OrderQueue(third)
            # Nothing claimed although orders wait: the matcher knows it is another's turn
            # (other tests' pending orders, when there are any, it would claim instead).
            if not await q.claim_pending(10_000):
                assert q.others_turn
            await third.rollback()
        await first.rollback()  # the round ends: beads is free again
    async with sessions() as second, second.begin():
        waiting = await queue(second, beads, 2)
        assert await claim(second, waiting) == waiting
        await second.rollback()
