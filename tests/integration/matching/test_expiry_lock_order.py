"""Two offer-expiry sweeps (two matching processes) releasing crossing days both finish
(issue 18).

Each process's expiry worker takes the due offers the other has not locked (``SKIP
LOCKED``), then released them offer by offer, each offer's days in order. Two sweeps
whose offers cross (one releases days 1..n then n+1..2n, the other n+1..2n then 1..n)
each held half the rows the other waited for: PostgreSQL broke the deadlock by rolling
one sweep back. The sweep now locks all its offers' provider-days in key order (the
order every hold uses) before releasing any.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from services.matching.adapters.tables import capacity_days, messaging, offers, orders
from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain.offer import OfferStatus
from services.matching.domain.order import QueueState
from services.matching.handlers.offers import expire_due
from shared.db.engine import make_sessionmaker
from shared.region import clock
from tests.integration.matching.conftest import register

pytestmark = pytest.mark.integration
HALF, PAIRS, CATEGORY = 700, 10, "pearl_embroidery"
FIRST = date(2041, 1, 1)  # the ledger takes any day; out of every other test's way


def uow_on(engine: AsyncEngine) -> MatchingUnitOfWork:
    return MatchingUnitOfWork(make_sessionmaker(engine), messaging.outbox)


async def test_two_sweeps_on_crossing_days_both_finish(
    http: httpx.AsyncClient, engine: AsyncEngine, retire: list[tuple[uuid.UUID, str]]
) -> None:
    provider = await register(http, category=CATEGORY, units=1)
    retire.append((provider, CATEGORY))
    low = [FIRST + timedelta(days=n) for n in range(HALF)]
    high = [FIRST + timedelta(days=HALF + n) for n in range(HALF)]
    async with engine.begin() as conn:
        await conn.execute(
            sa.insert(capacity_days),
            [
                {"provider_id": provider, "category": CATEGORY, "day": d, "capacity": 10**6}
                for d in low + high
            ],
        )
    a, b = await _order(engine), await _order(engine)
    for n in range(PAIRS):
        # Due a day from now, so the running service's own sweeps leave them alone; the
        # two sweeps here run with the clock two days on. Sweep A releases low days then
        # high ones (its offers' expiry order); sweep B high days then low ones.
        due = clock.now() + timedelta(days=1)
        a1 = await _offer(engine, a, provider, low, due)
        b1 = await _offer(engine, b, provider, high, due)
        a2 = await _offer(engine, a, provider, high, due + timedelta(seconds=1))
        b2 = await _offer(engine, b, provider, low, due + timedelta(seconds=1))
        with clock.frozen_at(due + timedelta(days=1)):
            results = await asyncio.gather(
                *(expire_due(uow_on(engine), hint, limit=10) for hint in ([a1, a2], [b1, b2])),
                return_exceptions=True,
            )
        failed = [r for r in results if isinstance(r, BaseException)]
        assert not failed, f"pair {n}: {failed[0]!r}"
        assert results == [2, 2]
    async with engine.connect() as conn:
        held = await conn.scalar(
            sa.select(sa.func.max(capacity_days.c.held)).where(
                capacity_days.c.provider_id == provider
            )
        )
    assert held == 0
    # Gone before ``retire`` sets the provider to 0 a day (it refreshes every stored day).
    async with engine.begin() as conn:
        await conn.execute(
            sa.delete(capacity_days).where(
                capacity_days.c.provider_id == provider, capacity_days.c.day >= FIRST
            )
        )


async def _order(engine: AsyncEngine) -> uuid.UUID:
    """A cancelled order: no matcher claims it, expiry leaves it cancelled."""
    order_id = uuid.uuid4()
    async with engine.begin() as conn:
        await conn.execute(
            sa.insert(orders).values(
                id=order_id,
                category=CATEGORY,
                quantity=10 * HALF,
                unit_fee_fen=30,
                materials_ready=FIRST,
                deadline=FIRST + timedelta(days=2 * HALF),
                origin_market="yiwu",
                splittable=True,
                min_lot=1,
                defect_tolerance_pct=2,
                state=QueueState.CANCELLED,
            )
        )
    return order_id


async def _offer(
    engine: AsyncEngine,
    order_id: uuid.UUID,
    provider: uuid.UUID,
    days: list[date],
    expires: datetime,
) -> uuid.UUID:
    """An open offer holding one unit on each of ``days``."""
    offer_id = uuid.uuid4()
    async with engine.begin() as conn:
        await conn.execute(
            sa.insert(offers).values(
                id=offer_id,
                order_id=order_id,
                provider_id=provider,
                category=CATEGORY,
                units=len(days),
                schedule={d.isoformat(): 1 for d in days},
                unit_fee_fen=30,
                status=OfferStatus.OPEN.value,
                expires_at=expires,
            )
        )
        await conn.execute(
            sa.update(capacity_days)
            .where(capacity_days.c.provider_id == provider, capacity_days.c.day.in_(days))
            .values(held=capacity_days.c.held + 1)
        )
    return offer_id
