"""Which providers could make an order in time, and how many units each could make.

A provider can only work on days when the materials have arrived and the goods
can still reach the market by the deadline:

    window = [max(materials_ready + transit, not_before), plan_until - transit]

with transit from the provider's county to the order's market (same both ways),
`not_before` the first day work may be planned (today, when the matcher asks) and
`plan_until` the deadline or the planning horizon, whichever comes first.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from uuid import UUID

from services.matching.domain.capacity import CapacityCalendar
from services.matching.domain.order import OrderToPlace
from services.matching.domain.provider import Provider
from services.matching.domain.vocabulary import CategoryCode, County
from shared.region.distances import transit_days

Calendars = Mapping[tuple[UUID, CategoryCode], CapacityCalendar]


@dataclass(frozen=True)
class Candidate:
    """One provider's opportunity to work on one order."""

    provider: Provider
    order: OrderToPlace
    first_day: date
    last_day: date
    free_by_day: Mapping[date, int]
    gross_units: int

    @cached_property
    def window_free(self) -> int:
        return sum(self.free_by_day.values())

    @cached_property
    def feasible_units(self) -> int:
        """Units this provider could make for the order, ignoring other orders."""
        return min(self.order.quantity, self.window_free)


def production_window(order: OrderToPlace, provider: Provider) -> tuple[date, date]:
    return county_window(order, provider.county)


def county_window(order: OrderToPlace, county: County) -> tuple[date, date]:
    """The production window of any provider in `county` (only transit differs)."""
    transit = timedelta(days=transit_days(county, order.origin_market))
    first = order.materials_ready + transit
    if order.not_before is not None:
        first = max(first, order.not_before)
    return first, order.plan_until - transit


def calendar_for(
    provider: Provider, category: CategoryCode, calendars: Calendars
) -> CapacityCalendar:
    """The given calendar, or the provider's plain base rate when none was given."""
    found = calendars.get((provider.id, category))
    return found or CapacityCalendar.for_provider(provider, category)


def candidate(order: OrderToPlace, provider: Provider, calendars: Calendars) -> Candidate | None:
    if not provider.makes(order.category):
        return None
    first, last = production_window(order, provider)
    cal = calendar_for(provider, order.category, calendars)
    free, gross = cal.window(first, last)
    found = Candidate(provider, order, first, last, free, gross)
    return found if found.window_free > 0 else None


def find_candidates(
    order: OrderToPlace, providers: Iterable[Provider], calendars: Calendars
) -> tuple[Candidate, ...]:
    """Providers with the category and free capacity in the window, sorted by id."""
    by_id = sorted(providers, key=lambda p: p.id.int)  # .int: compared in C, not UUID.__lt__
    found = (candidate(order, p, calendars) for p in by_id)
    return tuple(c for c in found if c is not None)
