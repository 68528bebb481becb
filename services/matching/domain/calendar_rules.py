"""The adjustments a capacity calendar applies to a provider's base units/day.

Brokers declare exceptions (tea-picking leave, a wedding in the village, an
extra shift); the balancer publishes seasonal factors per county and per
village group (named villages of one county, e.g. the tea-growing slopes).
Factors are integer percentages so the arithmetic stays exact and reproducible.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from services.matching.domain.vocabulary import CategoryCode, County


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
class DeclaredException:
    """A broker's exception as declared: for which category (None: every one) and why."""

    id: UUID
    provider_id: UUID
    category: CategoryCode | None
    rule: CapacityException
    reason: str = ""


@dataclass(frozen=True)
class SeasonalFactor:
    """Published by the balancer: capacity is `percent` of normal on these days, in a
    county or, when `villages` names some, only in those villages of the county.

    A provider belongs to a village group when its county is the group's county and
    its village is one of the group's names (compared exactly after trimming, as the
    balancer does); township plays no part. Within one season a village group's
    factor replaces its county's for those villages (see `seasons_for`).
    """

    county: County
    days: DateRange
    percent: int
    category: CategoryCode | None = None
    villages: frozenset[str] = frozenset()  # empty: the whole county
    season_id: UUID | None = None

    def __post_init__(self) -> None:
        if self.percent < 0:
            raise ValueError("percent must be >= 0")

    @property
    def for_village_group(self) -> bool:
        return bool(self.villages)

    def covers(self, county: County, category: CategoryCode, village: str | None = None) -> bool:
        if self.county != county or self.category not in (None, category):
            return False
        return not self.villages or (village or "").strip() in self.villages


def village_names(group: str | None) -> frozenset[str]:
    """The balancer's wire form: comma-separated village names; None or '' is the county."""
    return frozenset(v.strip() for v in (group or "").split(",") if v.strip())


def seasons_for(
    county: County, village: str, category: CategoryCode, seasons: Iterable[SeasonalFactor]
) -> tuple[SeasonalFactor, ...]:
    """The factors that apply to one provider: its county's, except where the same
    season names the provider's village in a group, which then wins."""
    covering = [s for s in seasons if s.covers(county, category, village)]
    grouped = {s.season_id for s in covering if s.for_village_group and s.season_id is not None}
    return tuple(s for s in covering if s.for_village_group or s.season_id not in grouped)


@dataclass(frozen=True)
class Hold:
    """Capacity reserved for an offer that the broker has not yet answered."""

    hold_id: str
    units_by_day: dict[date, int]
    expires_at: datetime

    def is_open(self, now: datetime) -> bool:
        return now < self.expires_at
