"""Translate stored facts (seasons, calendar exceptions) into the domain's calendar.

Pure: the loader hands in plain rows, so the translation rules are unit-tested
without a database. A season factor's ``village_group`` is a comma-separated
list of villages (None or '' means the whole county), the same on the wire.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from services.balancer.domain import CalendarException, CapacityCalendar, Season, VillageGroup
from services.balancer.domain.capacity.factors import apply_factor, parse_factor
from services.balancer.domain.days import Window, clamp, days


@dataclass(frozen=True)
class FactorFact:
    county: str
    village_group: str | None
    factor: Decimal


@dataclass(frozen=True)
class ExceptionFact:
    provider_id: UUID
    category: str | None
    start: date
    end: date
    factor: Decimal | None
    units_per_day: int | None


def villages(group: str | None) -> list[str]:
    return [v.strip() for v in (group or "").split(",") if v.strip()]


def to_season(name: str, start: date, end: date, factors: Iterable[FactorFact]) -> Season:
    """A validated domain season; raises InvalidSeason or UnknownCounty on bad facts."""
    counties: dict[str, Decimal] = {}
    groups: list[VillageGroup] = []
    for f in factors:
        if names := villages(f.village_group):
            groups.append(VillageGroup.of(f.county, names, f.factor))
        else:
            counties[f.county] = f.factor
    return Season.of(name, start, end, counties, groups)


def apply_exceptions(
    calendar: CapacityCalendar, facts: Sequence[ExceptionFact], within: Window
) -> list[ExceptionFact]:
    """Oldest first, so a later exception on the same day wins; unknown providers are skipped.

    Only the days ``within`` the window are applied (a stored exception to year 8369 once
    expanded millions of days); returns the exceptions that were cut or skipped for it.
    """
    cut = []
    for fact in facts:
        provider = calendar.providers.get(fact.provider_id)
        if provider is None:
            continue
        run = clamp(fact.start, fact.end, within)
        if run != (fact.start, fact.end):
            cut.append(fact)
        if run is None:
            continue
        for day in days(*run):
            _apply_one(calendar, fact, day, list(provider.base_units))
    return cut


def _apply_one(
    calendar: CapacityCalendar, fact: ExceptionFact, day: date, categories: list[str]
) -> None:
    pid = fact.provider_id
    if fact.category is None and fact.factor is not None:
        calendar.put_exception(CalendarException.of(pid, day, fact.factor))
        for category in categories:  # a provider-wide factor replaces older unit counts
            calendar.drop_units(pid, category, day)
        return
    for category in [fact.category] if fact.category else categories:
        calendar.put_units(pid, category, day, _units(calendar, fact, category))


def _units(calendar: CapacityCalendar, fact: ExceptionFact, category: str) -> int:
    if fact.units_per_day is not None:
        return fact.units_per_day
    factor = parse_factor(fact.factor if fact.factor is not None else 1)
    return apply_factor(calendar.provider(fact.provider_id).base(category), factor)
