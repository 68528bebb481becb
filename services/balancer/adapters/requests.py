"""Rebalance requests: handlers ask in their own transaction, one rebalancer drains them.

A transaction-scoped advisory lock makes the rebalancer a single runner even
when several balancer processes share the schema.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters.tables import rebalance_requests

LOCK_KEY = 0x0BA1A4CE  # any constant; unique to the balancer's rebalancer


async def request_rebalance(session: AsyncSession, reason: str) -> None:
    await session.execute(sa.insert(rebalance_requests).values(reason=reason[:200]))


async def try_lock(session: AsyncSession) -> bool:
    return bool(await session.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(LOCK_KEY))))


async def newest_request(session: AsyncSession) -> int | None:
    return await session.scalar(sa.select(sa.func.max(rebalance_requests.c.id)))


async def clear_requests(session: AsyncSession, upto: int) -> None:
    """Requests that arrive while a run is under way stay for the next run."""
    await session.execute(sa.delete(rebalance_requests).where(rebalance_requests.c.id <= upto))
