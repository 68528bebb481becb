"""Providers and their capacity calendars, on the ledger's rule (see the package)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from services.matching.adapters.calendars import CalendarRepository, Calendars, DayUse
from services.matching.adapters.ledger import NotEnoughCapacity
from services.matching.adapters.providers import ProviderRepository
from services.matching.domain import (
    CapacityCalendar,
    CategoryCode,
    OnTimeHistory,
    Provider,
    SeasonalFactor,
)
from tests.support.memory_matching.state import MatchingState, Schedule, shift


class MemoryProviders(ProviderRepository):
    def __init__(self, s: MatchingState) -> None:
        self.s = s

    async def add(self, provider: Provider, secret_hash: str | None) -> None:
        self.s.providers[provider.id] = provider

    async def get(self, provider_id: uuid.UUID) -> Provider | None:
        return self.s.providers.get(provider_id)

    async def exists(self, provider_id: uuid.UUID) -> bool:
        return provider_id in self.s.providers

    async def names(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        known = self.s.providers
        return {i: known[i].name for i in ids if i in known}

    async def update_profile(
        self, provider_id: uuid.UUID, *, auto_accept: bool | None, contact: str | None
    ) -> None:
        p = self.s.providers[provider_id]
        self.s.providers[provider_id] = replace(
            p,
            auto_accept=p.auto_accept if auto_accept is None else auto_accept,
            contact=p.contact if contact is None else contact,
        )

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

    async def lock_lots(self, lots: list[tuple[CapacityCalendar, Schedule]]) -> None:
        """Nothing to lock in memory: one process, one task at a time."""

    def _in_use(self, pid: uuid.UUID, cat: CategoryCode, first: date, last: date) -> Schedule:
        return {
            d: u.held + u.booked
            for (p, c, d), u in self.s.days.items()
            if (p, c) == (pid, cat) and first <= d <= last
        }
