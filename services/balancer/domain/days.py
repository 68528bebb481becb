"""Inclusive runs of calendar days, the unit every capacity figure is counted in."""

from collections.abc import Iterator
from datetime import date, timedelta


def days(first: date, last: date) -> Iterator[date]:
    """first, first+1, ..., last (nothing when last < first)."""
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
