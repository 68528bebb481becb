"""Expire offers nobody answered in time: release the hold, re-match the units.

Ticks often against the Redis index of due offers (cheap when none are due)
and sweeps PostgreSQL, the truth, less often in case Redis lost something.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from redis.asyncio import Redis

from services.matching.adapters import redis_holds
from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.handlers.offers import expire_due as expire_in
from shared.db.unit_of_work import UnitOfWork
from shared.region import clock


async def expire_due(
    new_uow: Callable[[], UnitOfWork], hint: list[uuid.UUID] | None = None, limit: int = 100
) -> int:
    """Expire due offers: those named by ``hint`` (from Redis), or any (a sweep)."""
    uow = new_uow()
    assert isinstance(uow, MatchingUnitOfWork)
    return await expire_in(uow, hint, limit)


class OfferExpiry:
    """One tick: offers Redis says are due, then (every ``sweep_every``) a PostgreSQL sweep."""

    def __init__(
        self,
        new_uow: Callable[[], UnitOfWork],
        redis: Redis,
        sweep_every: float,
        on_expired: Callable[[], None],
    ) -> None:
        self._new_uow, self._redis, self._on_expired = new_uow, redis, on_expired
        self._sweep_every, self._next_sweep = sweep_every, 0.0

    async def tick(self) -> None:
        hinted = await redis_holds.due(self._redis, clock.now())
        expired = await expire_due(self._new_uow, hinted) if hinted else 0
        await redis_holds.forget(self._redis, hinted)
        if time.monotonic() >= self._next_sweep:
            self._next_sweep = time.monotonic() + self._sweep_every
            expired += await expire_due(self._new_uow)
        if expired:
            self._on_expired()
