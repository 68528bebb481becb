"""Matching's unit of work in memory: its repositories' methods on plain domain objects.

It is the shared in-memory seam (tests/support/memory.py) with matching's
repositories on one ``MatchingState``, and it is a MatchingUnitOfWork, so matching's
handlers and the matcher's round (``matcher.match_pending``) run on it unchanged.
Only what the order journey uses is here.

The capacity ledger keeps the real one's rule, not just a record: a provider-day's
row is made on first use with the calendar's gross units, and a hold succeeds only
when ``held + booked + units <= capacity`` on every day of the lot (all days or none,
``ledger.NotEnoughCapacity``), so nothing is ever double-booked; a shift that would
break the table's CHECK (negative held or booked) fails loudly.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.adapters.budget_repo import BatchRecord, BudgetRepository, record_values
from services.matching.adapters.calendars import CalendarRepository, Calendars, DayUse
from services.matching.adapters.jobs_repo import JobRepository
from services.matching.adapters.ledger import NotEnoughCapacity
from services.matching.adapters.offers_repo import OfferRepository
from services.matching.adapters.order_queue import OrderQueue
from services.matching.adapters.order_terms import OrderTermsRepository
from services.matching.adapters.providers import ProviderRepository
from services.matching.adapters.uow import MatchingUnitOfWork
from services.matching.domain import (
    CapacityCalendar,
    CategoryCode,
    OnTimeHistory,
    Provider,
    SeasonalFactor,
)
from services.matching.domain.freight_budget import CountyBudgets, FreightBudget, PriorityOutcome
from services.matching.domain.job import ACTIVE, Job, JobStatus, JobTerms
from services.matching.domain.offer import Offer, OfferStatus
from services.matching.domain.order import QueuedOrder, QueueState
from services.matching.domain.order_facts import Fact, Terms
from shared.audit.records import AuditRecord
from shared.contracts.orders import OrderSubmitted
from shared.region import clock
from tests.support import memory
from tests.support.memory_audit import MemoryAudit

Schedule = dict[date, int]
DayKey = tuple[uuid.UUID, CategoryCode, date]


@dataclass
class QueueRow:
    """Matching's row of an order: what the matcher places and the terms jobs follow."""

    queued: QueuedOrder
    state: QueueState
    terms: Terms
    defect_tolerance_pct: Decimal


@dataclass
class MatchingState:
    """What matching's schema holds, as domain objects."""

    providers: dict[uuid.UUID, Provider] = field(default_factory=dict)
    orders: dict[uuid.UUID, QueueRow] = field(default_factory=dict)  # in submission order
    parked: dict[uuid.UUID, list[Fact]] = field(default_factory=dict)
    parked_reasons: dict[uuid.UUID, str] = field(default_factory=dict)  # the matcher's
    audit: list[AuditRecord] = field(default_factory=list)
    days: dict[DayKey, DayUse] = field(default_factory=dict)  # the capacity ledger
    offers: dict[uuid.UUID, Offer] = field(default_factory=dict)
    jobs: dict[uuid.UUID, Job] = field(default_factory=dict)
    budgets: CountyBudgets | None = None  # None: the service's setting
    batches: list[BatchRecord] = field(default_factory=list)


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


class MemoryProviders(ProviderRepository):
    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def add(self, provider: Provider, secret_hash: str | None) -> None:
        self.s.providers[provider.id] = provider

    async def get(self, provider_id: uuid.UUID) -> Provider | None:
        return self.s.providers.get(provider_id)

    async def making(
        self, category: CategoryCode, exclude: Iterable[uuid.UUID] = ()
    ) -> list[Provider]:
        out = set(exclude)
        found = (p for p in self.s.providers.values() if p.makes(category) and p.id not in out)
        return sorted(found, key=lambda p: p.id)

    async def market_record(self) -> OnTimeHistory:
        records = [p.history for p in self.s.providers.values()]
        return OnTimeHistory(
            sum(r.delivered_jobs for r in records), sum(r.late_jobs for r in records)
        )


class MemoryCalendars(CalendarRepository):
    """No declared exceptions or seasons: the journey does not use them."""

    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def for_providers(
        self, provs: list[Provider], category: CategoryCode, first: date, last: date
    ) -> Calendars:
        return {
            (p.id, category): CapacityCalendar.for_provider(
                p, category, booked=self._in_use(p.id, category, first, last)
            )
            for p in provs
        }

    async def seasons_between(self, first: date, last: date) -> list[SeasonalFactor]:
        return []

    async def usage(
        self, provider_id: uuid.UUID, category: CategoryCode, first: date, last: date
    ) -> dict[date, DayUse]:
        return {
            d: use
            for (p, c, d), use in self.s.days.items()
            if (p, c) == (provider_id, category) and first <= d <= last
        }

    async def hold(self, calendar: CapacityCalendar, schedule: dict[date, int]) -> None:
        pid, cat = calendar.provider_id, calendar.category
        for day in schedule:  # ensure_days: rows made on first use, never overwritten
            self.s.days.setdefault((pid, cat, day), DayUse(calendar.gross_units(day), 0, 0))
        full = sorted(
            d
            for d, u in schedule.items()
            if (x := self.s.days[(pid, cat, d)]).held + x.booked + u > x.capacity
        )
        if full:
            raise NotEnoughCapacity(f"units on {', '.join(map(str, full))} are no longer free")
        shift(self.s, pid, cat, schedule, held=+1)

    async def hold_all(self, lots: list[tuple[CapacityCalendar, Schedule]]) -> None:
        """Lot by lot; the matcher's savepoint undoes the earlier ones when one fails."""
        for calendar, schedule in lots:
            await self.hold(calendar, schedule)

    def _in_use(self, pid: uuid.UUID, cat: CategoryCode, first: date, last: date) -> Schedule:
        return {
            d: u.held + u.booked
            for (p, c, d), u in self.s.days.items()
            if (p, c) == (pid, cat) and first <= d <= last
        }


def shift(
    s: MatchingState,
    pid: uuid.UUID,
    cat: CategoryCode,
    schedule: Schedule,
    held: int = 0,
    booked: int = 0,
) -> None:
    """The ledger's conditional update; the CHECK (0 <= held, booked; sum <= capacity)."""
    for day, units in schedule.items():
        use = s.days.get((pid, cat, day))
        if use is None:
            continue  # the UPDATE matches no row
        new = replace(use, held=use.held + held * units, booked=use.booked + booked * units)
        if min(new.held, new.booked) < 0 or new.held + new.booked > new.capacity:
            raise AssertionError(f"capacity_days CHECK violated on {day}: {new}")
        s.days[(pid, cat, day)] = new


class MemoryQueue(OrderQueue):
    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def claim_pending(self, batch_size: int) -> list[QueuedOrder]:
        pending = [r.queued for r in self.s.orders.values() if r.state is QueueState.PENDING]
        return pending[:batch_size]

    async def remaining(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        taken: dict[uuid.UUID, int] = {}
        offered = [
            (o.order_id, o.units) for o in self.s.offers.values() if o.status is OfferStatus.OPEN
        ]
        placed = [
            (j.order_id, j.units)
            for j in self.s.jobs.values()
            if j.status is not JobStatus.CANCELLED
        ]
        for order_id, units in offered + placed:
            if order_id in ids:
                taken[order_id] = taken.get(order_id, 0) + units
        return taken

    async def settle(self, ids: list[uuid.UUID]) -> None:
        for order_id in ids:
            self.s.orders[order_id].state = QueueState.SETTLED

    async def park(self, order_id: uuid.UUID, reason: str) -> None:
        self.s.orders[order_id].state = QueueState.PARKED
        self.s.parked_reasons[order_id] = reason

    async def parked(self, limit: int) -> list[tuple[uuid.UUID, str]]:
        ids = [i for i, r in self.s.orders.items() if r.state is QueueState.PARKED]
        return [(i, self.s.parked_reasons.get(i, "")) for i in reversed(ids)][:limit]


class MemoryOrderTerms(OrderTermsRepository):
    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def known(self, order_id: uuid.UUID) -> Terms | None:
        row = self.s.orders.get(order_id)
        return None if row is None else row.terms

    async def store(self, order_id: uuid.UUID, terms: Terms) -> None:
        row = self.s.orders[order_id]
        row.terms = terms
        row.queued = replace(row.queued, quantity=terms.quantity, deadline=terms.deadline)
        row.state = QueueState.CANCELLED if terms.cancelled else QueueState.PENDING
        self.s.parked_reasons.pop(order_id, None)

    async def park(self, order_id: uuid.UUID, fact: Fact) -> None:
        parked = self.s.parked.setdefault(order_id, [])
        if all(f.stamp.event_id != fact.stamp.event_id for f in parked):
            parked.append(fact)

    async def insert_taking_parked(self, p: OrderSubmitted, terms: Terms) -> list[Fact]:
        if p.order_id not in self.s.orders:  # ON CONFLICT DO NOTHING
            queued = QueuedOrder(
                id=p.order_id,
                category=p.category,
                quantity=terms.quantity,
                unit_fee_fen=p.unit_fee_fen,
                materials_ready=p.materials_ready,
                deadline=terms.deadline,
                origin_market=p.origin_market,
                splittable=p.splittable,
                min_lot=p.min_lot,
            )
            state = QueueState.CANCELLED if terms.cancelled else QueueState.PENDING
            self.s.orders[p.order_id] = QueueRow(queued, state, terms, p.defect_tolerance_pct)
        return self.s.parked.pop(p.order_id, [])


class MemoryOffers(OfferRepository):
    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def get_for_update(self, offer_id: uuid.UUID) -> Offer | None:
        return copy.deepcopy(self.s.offers.get(offer_id))

    async def add(self, offer: Offer) -> None:
        if offer.id in self.s.offers:
            raise ValueError(f"offer {offer.id} exists")
        self._keep(offer)

    async def add_all(self, made: list[Offer]) -> None:
        for offer in made:
            await self.add(offer)

    async def save(self, offer: Offer) -> None:
        stored = self.s.offers[offer.id]
        self.s.offers[offer.id] = replace(stored, status=offer.status, events=[])

    def _keep(self, offer: Offer) -> None:
        self.s.offers[offer.id] = replace(copy.deepcopy(offer), events=[])

    async def open_of_order(self, order_id: uuid.UUID) -> list[Offer]:
        mine = [
            o
            for o in self.s.offers.values()
            if o.order_id == order_id and o.status is OfferStatus.OPEN
        ]
        return [copy.deepcopy(o) for o in sorted(mine, key=lambda o: o.id)]

    async def due(self, now: datetime, hint: list[uuid.UUID] | None, limit: int) -> list[Offer]:
        due = [
            o
            for o in self.s.offers.values()
            if o.status is OfferStatus.OPEN
            and o.expires_at <= now
            and (hint is None or o.id in hint)
        ]
        return [copy.deepcopy(o) for o in sorted(due, key=lambda o: o.expires_at)[:limit]]

    async def book(self, offer: Offer) -> None:
        shift(self.s, offer.provider_id, offer.category, offer.schedule, held=-1, booked=+1)

    async def release(self, offer: Offer) -> None:
        shift(self.s, offer.provider_id, offer.category, offer.schedule, held=-1)

    async def return_to_matcher(self, order_id: uuid.UUID, without: uuid.UUID) -> None:
        row = self.s.orders[order_id]
        if row.state is not QueueState.CANCELLED:
            row.state = QueueState.PENDING
            excluded = row.queued.excluded_providers | {without}
            row.queued = replace(row.queued, excluded_providers=excluded)


class MemoryJobs(JobRepository):
    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def get(self, job_id: uuid.UUID) -> Job | None:
        return copy.deepcopy(self.s.jobs.get(job_id))

    async def get_for_update(self, job_id: uuid.UUID) -> Job | None:
        return await self.get(job_id)

    async def active_of_order(self, order_id: uuid.UUID) -> list[Job]:
        mine = [j for j in self.s.jobs.values() if j.order_id == order_id and j.status in ACTIVE]
        return [copy.deepcopy(j) for j in sorted(mine, key=lambda j: j.id)]

    async def terms_of(self, order_id: uuid.UUID) -> tuple[date, JobTerms]:
        row = self.s.orders[order_id]
        q = row.queued
        terms = JobTerms(q.materials_ready, q.origin_market, row.defect_tolerance_pct)
        return row.terms.deadline, terms

    async def add(self, job: Job) -> None:
        if job.id in self.s.jobs:
            raise ValueError(f"job {job.id} exists")
        self._keep(job)

    async def save(self, job: Job) -> None:
        self._keep(job)

    def _keep(self, job: Job) -> None:
        kept = copy.deepcopy(job)
        kept.events.clear()
        kept.new_deliveries.clear()
        job.new_deliveries.clear()
        self.s.jobs[job.id] = kept

    async def count_delivered(self, provider_id: uuid.UUID, late: bool) -> None:
        p = self.s.providers[provider_id]
        record = OnTimeHistory(p.history.delivered_jobs + 1, p.history.late_jobs + int(late))
        self.s.providers[provider_id] = replace(p, history=record)

    async def release(self, job: Job, schedule: Schedule) -> None:
        shift(self.s, job.provider_id, job.category, schedule, booked=-1)


class MemoryBudget(BudgetRepository):
    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def current(self, fallback: FreightBudget) -> CountyBudgets:
        return self.s.budgets or CountyBudgets(default=fallback)

    async def replace(self, budgets: CountyBudgets) -> None:
        self.s.budgets = budgets

    async def record(self, category: str, outcome: PriorityOutcome) -> None:
        at = clock.now()
        values = record_values(category, outcome)
        self.s.batches.append(BatchRecord(len(self.s.batches) + 1, at, **values))  # type: ignore[arg-type]

    async def batches(self, limit: int, since: datetime | None = None) -> list[BatchRecord]:
        kept = [b for b in self.s.batches if since is None or b.recorded_at >= since]
        return kept[::-1][:limit]
