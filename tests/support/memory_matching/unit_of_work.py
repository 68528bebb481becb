"""Matching's unit of work on one ``MatchingState``, with a savepoint that undoes its block."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.adapters.uow import MatchingUnitOfWork
from tests.support import memory
from tests.support.memory_audit import MemoryAudit
from tests.support.memory_matching.budget import MemoryBudget
from tests.support.memory_matching.capacity import MemoryCalendars, MemoryProviders
from tests.support.memory_matching.orders import MemoryOrderTerms, MemoryQueue
from tests.support.memory_matching.placements import MemoryJobs, MemoryOffers
from tests.support.memory_matching.state import MatchingState


class MemoryMatchingUnitOfWork(memory.MemoryUnitOfWork, MatchingUnitOfWork):
    def __init__(self, bus: memory.MemoryBus, state: MatchingState | None = None) -> None:
        self.state = s = state or MatchingState()
        memory.MemoryUnitOfWork.__init__(
            self,
            bus,
            offers=MemoryOffers(s),
            jobs=MemoryJobs(s),
            providers=MemoryProviders(s),
            calendars=MemoryCalendars(s),
            queue=MemoryQueue(s),
            order_terms=MemoryOrderTerms(s),
            audit=MemoryAudit(s),
            budget=MemoryBudget(s),
        )

    @property
    def session(self) -> AsyncSession:
        raise RuntimeError("the in-memory unit of work has no database session")

    @asynccontextmanager
    async def _nested(self) -> AsyncIterator[None]:
        saved, staged = copy.deepcopy(vars(self.state)), len(self._staged)
        try:
            yield
        except BaseException:
            vars(self.state).update(saved)
            del self._staged[staged:]
            raise

    def savepoint(self) -> AbstractAsyncContextManager[None]:  # type: ignore[override]
        """``async with uow.savepoint():`` undoes only its own block when it raises."""
        return self._nested()

    def _stores(self) -> Mapping[str, object]:
        return {"state": self.state}
