"""The adjustments a capacity calendar applies to a provider's base units/day.

Brokers declare exceptions (tea-picking leave, a wedding in the village, an
extra shift); the balancer publishes seasonal factors per county. Factors are
integer percentages so the arithmetic stays exact and reproducible.
"""

from dataclasses import dataclass
from datetime import date, datetime

from services.matching.domain.vocabulary import Category, County


@dataclass(frozen=True)
class DateRange:
    """Inclusive range of days."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("date range ends before it starts")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


@dataclass(frozen=True)
class CapacityException:
    """A broker's statement for some days: either a percentage of base or absolute units."""

    days: DateRange
    percent: int | None = None
    units: int | None = None

    def __post_init__(self) -> None:
        if (self.percent is None) == (self.units is None):
            raise ValueError("give exactly one of percent or units")
        if (self.percent or 0) < 0 or (self.units or 0) < 0:
            raise ValueError("percent and units must be >= 0")

    def apply(self, base: int, season_percent: int) -> int:
        """Absolute units are final; a percentage stacks with the season."""
        if self.units is not None:
            return self.units
        return base * (self.percent or 0) * season_percent // 10_000


@dataclass(frozen=True)
class SeasonalFactor:
    """Published by the balancer: capacity in a county is `percent` of normal on these days."""

    county: County
    days: DateRange
    percent: int
    category: Category | None = None

    def __post_init__(self) -> None:
        if self.percent < 0:
            raise ValueError("percent must be >= 0")

    def covers(self, county: County, category: Category) -> bool:
        return self.county == county and self.category in (None, category)


@dataclass(frozen=True)
class Hold:
    """Capacity reserved for an offer that the broker has not yet answered."""

    hold_id: str
    units_by_day: dict[date, int]
    expires_at: datetime

    def is_open(self, now: datetime) -> bool:
        return now < self.expires_at
