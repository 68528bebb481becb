"""Offers and jobs; booking and releasing move units on the capacity ledger."""

from __future__ import annotations

import copy
import uuid
from dataclasses import replace
from datetime import date, datetime

from services.matching.adapters.jobs_repo import JobRepository
from services.matching.adapters.offers_repo import OfferRepository
from services.matching.domain import OnTimeHistory
from services.matching.domain.job import ACTIVE, Job, JobTerms
from services.matching.domain.offer import Offer, OfferStatus
from services.matching.domain.order import QueueState
from tests.support.memory_matching.state import MatchingState, Schedule, shift


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

    async def lock_days_of(self, closing: list[Offer]) -> None:
        """Nothing to lock in memory (one task at a time changes the dicts)."""

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
        terms = JobTerms(
            q.materials_ready, q.origin_market, row.defect_tolerance_pct, row.description
        )
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
