"""Inclusive runs of calendar days, the unit every capacity figure is counted in, and the
window of days the balancer ever expands (issue 17).

A stored row far in the future (a calendar exception to year 8369, a job due
9999-12-31) once made the balancer expand millions of days, or overflow ``date`` at
9999-12-31 + a few days, and pinned its load view. Every run of days the balancer
expands from stored facts is clamped to ``window(today)``: the request window (one
year back, two years ahead, ``shared.region.window``); a run wholly outside is skipped.
"""

from collections.abc import Iterator
from datetime import date, timedelta

from shared.region.window import DAYS_AHEAD, DAYS_BACK

Window = tuple[date, date]


def days(first: date, last: date) -> Iterator[date]:
    """first, first+1, ..., last (nothing when last < first)."""
    day = first
    while day <= last:
        yield day
        if day == date.max:
            return
        day += timedelta(days=1)


def window(today: date) -> Window:
    """The first and last day the balancer expands on ``today``."""
    return today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD)


def clamp(first: date, last: date, within: Window) -> Window | None:
    """``first..last`` cut to ``within``; None when nothing of it is inside."""
    start, end = max(first, within[0]), min(last, within[1])
    return (start, end) if start <= end else None
