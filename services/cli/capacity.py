"""The demo region's capacity as the system plans with it, day by day.

A county's capacity in a category on a day is the sum of its seeded providers'
units a day in that category (the `categories` of their registration) times
the factor of every demo season covering that day in that county (Spring
Festival 0, tea picking 0.6-0.8, the autumn peak 1.15). Providers work seven
days a week. The tea leave the simulated world adds on top of the calendar is
a surprise, so it is not in here: it shows as late work, not as lost capacity.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from services.cli import demo_providers, demo_region

# (county, category) -> units a day, summed over the county's seeded providers
BASE: Counter[tuple[str, str]] = Counter()
for _p in demo_providers.providers():
    for _category, _units in _p.body["categories"].items():
        BASE[(_p.county, _category)] += _units
CATEGORIES = tuple(sorted({c for _, c in BASE}))


def season_factor(county: str, day: date) -> Decimal:
    """Product of the factors of the demo seasons covering the day in the county (1 outside)."""
    factor = Decimal(1)
    for s in demo_region.seasons():
        if s.start <= day <= s.end and county in s.factors:
            factor *= Decimal(s.factors[county])
    return factor


def day_capacity(day: date, county: str | None = None, category: str | None = None) -> int:
    """Units the county (or region) can make that day in the category (or in every one)."""
    total = Decimal(0)
    for (c, cat), units in BASE.items():
        if (county is None or c == county) and (category is None or cat == category):
            total += units * season_factor(c, day)
    return int(total)


def days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


def window_capacity(first: date, count: int, category: str | None = None) -> int:
    """Capacity over `count` days from `first`, in one category or in all."""
    return sum(day_capacity(d, category=category) for d in days(first, count))
