"""Two matching processes falling back lot by lot on crossing lots both finish (issue 18).

When a round's all-or-nothing hold loses a day to a concurrent booking, the matcher
offers the group lot by lot (``matcher._offer_each``). Held in lot order, process A's
group (provider X's days, then Y's) and process B's (Y's, then X's) each held the rows
the other waited for: PostgreSQL broke the deadlock by rolling one back. The fallback
now locks all the group's provider-days in key order first (as every hold and the
expiry sweep do), so the two queue.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from services.matching import matcher
from services.matching.adapters.tables import capacity_days, messaging, offers, orders
from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain import CapacityCalendar, Market
from services.matching.domain.offer import OfferStatus
from services.matching.domain.order import QueuedOrder, QueueState
from services.matching.domain.placement import Lot, Method, Placement
from shared.db.engine import make_sessionmaker
from tests.integration.matching.conftest import register

pytestmark = pytest.mark.integration
DAYS, PAIRS, CATEGORY = 700, 6, "pearl_embroidery"
FIRST = date(2043, 1, 1)  # the ledger takes any day; out of every other test's way


async def test_two_lot_by_lot_fallbacks_on_crossing_lots_both_finish(
    http: httpx.AsyncClient, engine: AsyncEngine, retire: list[tuple[uuid.UUID, str]]
) -> None:
    x = await register(http, category=CATEGORY, units=1)
    y = await register(http, category=CATEGORY, units=1)
    retire.extend([(x, CATEGORY), (y, CATEGORY)])
    days = [FIRST + timedelta(days=n) for n in range(DAYS)]
    async with engine.begin() as conn:
        await conn.execute(
            sa.insert(capacity_days),
            [
                {"provider_id": p, "category": CATEGORY, "day": d, "capacity": 10**6}
                for p in (x, y)
                for d in days
            ],
        )
    sessions = make_sessionmaker(engine)
    cals = {(p, CATEGORY): CapacityCalendar(p, CATEGORY, 10**6) for p in (x, y)}
    try:
        for n in range(PAIRS):
            a, b = await _order(engine), await _order(engine)
            results = await asyncio.gather(
                _fall_back(sessions, a, (x, y), days, cals),  # X's days, then Y's
                _fall_back(sessions, b, (y, x), days, cals),  # Y's days, then X's
                return_exceptions=True,
            )
            failed = [r for r in results if isinstance(r, BaseException)]
            assert not failed, f"pair {n}: {failed[0]!r}"
        async with engine.connect() as conn:
            held = await conn.scalar(
                sa.select(sa.func.min(capacity_days.c.held)).where(
                    capacity_days.c.provider_id.in_([x, y]), capacity_days.c.day >= FIRST
                )
            )
        assert held == 2 * PAIRS  # every lot of every order held, none lost
    finally:
        async with engine.begin() as conn:
            await conn.execute(
                sa.update(offers)
                .where(offers.c.provider_id.in_([x, y]), offers.c.category == CATEGORY)
                .values(status=OfferStatus.WITHDRAWN.value)
            )
            await conn.execute(
                sa.delete(capacity_days).where(
                    capacity_days.c.provider_id.in_([x, y]), capacity_days.c.day >= FIRST
                )
            )


async def _fall_back(
    sessions: async_sessionmaker[AsyncSession],
    order: QueuedOrder,
    providers: tuple[uuid.UUID, uuid.UUID],
    days: list[date],
    cals: matcher.Calendars,
) -> None:
    """One process's fallback: the order's two lots (one unit a day each) in this order."""
    lots = tuple(Lot(p, {d: 1 for d in days}, 0) for p in providers)
    placement = Placement(order.id, lots, 0, None, Method.MIN_COST_FLOW)
    async with MatchingUnitOfWork(sessions, messaging.outbox) as uow:
        by_id = {}
        for p in providers:
            found = await uow.providers.get(p)
            assert found is not None
            by_id[p] = found
        created: matcher.Created = []
        await matcher._offer_each(
            uow, [(order, placement)], cals, by_id, timedelta(days=1), created
        )
        await uow.commit()


async def _order(engine: AsyncEngine) -> QueuedOrder:
    """A cancelled order (no matcher claims it); the fallback settles it."""
    q = QueuedOrder(
        uuid.uuid4(),
        CATEGORY,
        2 * DAYS,
        30,
        FIRST,
        FIRST + timedelta(days=DAYS),
        Market.YIWU,
        True,
        1,
    )
    async with engine.begin() as conn:
        await conn.execute(
            sa.insert(orders).values(
                id=q.id,
                category=CATEGORY,
                quantity=q.quantity,
                unit_fee_fen=30,
                materials_ready=q.materials_ready,
                deadline=q.deadline,
                origin_market=q.origin_market.value,
                splittable=True,
                min_lot=1,
                defect_tolerance_pct=2,
                state=QueueState.CANCELLED,
            )
        )
    return q
