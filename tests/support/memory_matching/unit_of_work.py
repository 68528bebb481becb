"""Matching's unit of work on one ``MatchingState``, with a savepoint that undoes its block."""

from __future__ import annotations

from collections.abc import Mapping

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

    def _stores(self) -> Mapping[str, object]:
        return {"state": self.state}
