"""Capacity calendar of one provider for one category: how many units are free on a day.

    gross(day) = min over exceptions covering day of exception.apply(base, season)
                 or base * season% when no exception covers it
    season%    = the smallest seasonal factor covering day (100 when none); within
                 one season a village group's factor replaces its county's
    free(day)  = max(0, gross(day) - booked(day) - held(day))

Overlapping exceptions or seasons resolve to the most restrictive one, so the
matcher never promises more than any statement allows.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from uuid import UUID

from services.matching.domain.calendar_rules import (
    CapacityException,
    Hold,
    SeasonalFactor,
    seasons_for,
)
from services.matching.domain.provider import Provider
from services.matching.domain.vocabulary import CategoryCode


@dataclass(frozen=True)
class CapacityCalendar:
    provider_id: UUID
    category: CategoryCode
    base_units: int
    exceptions: tuple[CapacityException, ...] = ()
    seasons: tuple[SeasonalFactor, ...] = ()
    booked: Mapping[date, int] = field(default_factory=dict, hash=False)
    holds: tuple[Hold, ...] = ()
    # Free units per day, computed once: a round asks the same calendar about the same days
    # for every order of the batch. Safe because the calendar never changes after it is made.
    _free: dict[date, int] = field(default_factory=dict, init=False, compare=False, repr=False)
    _gross: dict[date, int] = field(default_factory=dict, init=False, compare=False, repr=False)
    # Per window (first, last): its free units by day and its gross units in all. Orders of
    # a batch mostly share windows, so most candidates of a round reuse one computation.
    _windows: dict[tuple[date, date], tuple[dict[date, int], int]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    @classmethod
    def for_provider(
        cls,
        provider: Provider,
        category: CategoryCode,
        *,
        exceptions: Iterable[CapacityException] = (),
        seasons: Iterable[SeasonalFactor] = (),
        booked: Mapping[date, int] | None = None,
        holds: Iterable[Hold] = (),
    ) -> "CapacityCalendar":
        """Calendar with the provider's base rate; keeps only the seasons of its county
        and village group (the group's factor wins within its season)."""
        return cls(
            provider_id=provider.id,
            category=category,
            base_units=provider.categories.get(category, 0),
            exceptions=tuple(exceptions),
            seasons=seasons_for(provider.county, provider.village, category, seasons),
            booked=dict(booked or {}),
            holds=tuple(holds),
        )

    def without_expired_holds(self, now: datetime) -> "CapacityCalendar":
        return replace(self, holds=tuple(h for h in self.holds if h.is_open(now)))

    def season_percent(self, day: date) -> int:
        return min((s.percent for s in self.seasons if day in s.days), default=100)

    def gross_units(self, day: date) -> int:
        """Units the workforce can make that day, before bookings and holds."""
        if (known := self._gross.get(day)) is not None:
            return known
        season = self.season_percent(day)
        declared = [e.apply(self.base_units, season) for e in self.exceptions if day in e.days]
        gross = self._gross[day] = min(declared, default=self.base_units * season // 100)
        return gross

    def held_units(self, day: date) -> int:
        return sum(h.units_by_day.get(day, 0) for h in self.holds)

    def free_units(self, day: date) -> int:
        if (known := self._free.get(day)) is not None:
            return known
        taken = self.booked.get(day, 0) + self.held_units(day)
        free = self._free[day] = max(0, self.gross_units(day) - taken)
        return free

    def free_by_day(self, first: date, last: date) -> dict[date, int]:
        """Free units for every day of the inclusive range (empty when last < first)."""
        return dict(self.window(first, last)[0])

    def window(self, first: date, last: date) -> tuple[Mapping[date, int], int]:
        """Free units by day over the inclusive range (shared: read only) and the gross
        units of those days in all."""
        if (known := self._windows.get((first, last))) is not None:
            return known
        days = [first + timedelta(n) for n in range((last - first).days + 1)]
        found = self._windows[(first, last)] = (
            {day: self.free_units(day) for day in days},
            sum(self.gross_units(day) for day in days),
        )
        return found
