"""Rebalance requests: handlers ask in their own transaction, one rebalancer drains them.

A transaction-scoped advisory lock makes the rebalancer a single runner even
when several balancer processes share the schema.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.balancer.adapters.tables import rebalance_requests

LOCK_KEY = 0x0BA1A4CE  # any constant; unique to the balancer's rebalancer


class RebalanceRequests:
    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add(self, reason: str) -> None:
        await self.s.execute(sa.insert(rebalance_requests).values(reason=reason[:200]))

    async def try_lock(self) -> bool:
        return bool(await self.s.scalar(sa.select(sa.func.pg_try_advisory_xact_lock(LOCK_KEY))))

    async def newest(self) -> int | None:
        return await self.s.scalar(sa.select(sa.func.max(rebalance_requests.c.id)))

    async def take(self) -> None:
        """Removes the requests committed so far, for the run that answers them.

        A run takes them before it reads anything, so every fact it answers is in what it
        reads. Ids are handed out at insert, not at commit: a request with a lower id may
        still be committing now, and it stays for the next run (a run that cleared "up to
        the newest id it saw" would drop it unseen). A failed run rolls back and leaves them.
        """
        await self.s.execute(sa.delete(rebalance_requests))
