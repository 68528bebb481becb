"""Matching's unit of work: the repositories, built on the session when the block opens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from services.matching.adapters.budget_repo import BudgetRepository
from services.matching.adapters.calendars import CalendarRepository
from services.matching.adapters.catalogue import CatalogueRepository
from services.matching.adapters.jobs_repo import JobRepository
from services.matching.adapters.offers_repo import OfferRepository
from services.matching.adapters.order_queue import OrderQueue
from services.matching.adapters.order_terms import OrderTermsRepository
from services.matching.adapters.providers import ProviderRepository
from services.matching.adapters.tables import audit_records
from shared.audit.repository import AuditRepository
from shared.db.unit_of_work import UnitOfWork


class MatchingUnitOfWork(UnitOfWork):
    offers: OfferRepository
    jobs: JobRepository
    providers: ProviderRepository
    calendars: CalendarRepository
    catalogue: CatalogueRepository
    queue: OrderQueue
    order_terms: OrderTermsRepository
    audit: AuditRepository
    budget: BudgetRepository

    async def __aenter__(self) -> MatchingUnitOfWork:
        await super().__aenter__()
        self.offers = OfferRepository(self.session)
        self.jobs = JobRepository(self.session)
        self.providers = ProviderRepository(self.session)
        self.calendars = CalendarRepository(self.session)
        self.catalogue = CatalogueRepository(self.session)
        self.queue = OrderQueue(self.session)
        self.order_terms = OrderTermsRepository(self.session)
        self.audit = AuditRepository(self.session, audit_records)
        self.budget = BudgetRepository(self.session)
        return self

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """``async with uow.savepoint():`` undoes only its own block when it raises, the
        events it staged included: a matcher group rolled back (a deadlock between two
        matching processes) had its JobOffered events sent anyway, for offers that were
        never stored, and its orders offered again by the retry (bench row 8)."""
        await self.flush_events()  # what the outer block staged stays the outer block's
        async with self.session.begin_nested():
            try:
                yield
                await self.flush_events()  # inside: an outer rollback takes them too
            except BaseException:
                self.discard_staged()
                raise
