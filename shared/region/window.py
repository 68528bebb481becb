"""The window of dates a request may name, and how long a range of them may be.

Unbounded dates are a denial of service (issue 17): a calendar exception to year 8369
makes the balancer expand millions of days, and ``date.max + 27 days`` overflows. Every
date in a request of intake, matching and the balancer is therefore at most ``DAYS_BACK``
days before and ``DAYS_AHEAD`` days after today (the Lishui date, ``clock.today()``), and a
range of days is at most ``MAX_RANGE_DAYS`` long. Schemas use ``WindowDate`` and
``check_range``; the window moves with the clock, so ``clock.frozen_at`` moves it in tests.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import AfterValidator

from shared.region import clock

DAYS_BACK = 366  # one year back: late deliveries and this season's history
DAYS_AHEAD = 2 * 366  # two years ahead: next year's seasons and long orders
MAX_RANGE_DAYS = 366  # one exception, loan, season or query covers at most a year


def bounds() -> tuple[date, date]:
    """The first and last day a request may name today."""
    today = clock.today()
    return today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD)


def check_day(day: date) -> date:
    """``day`` itself, or ValueError saying the window (pydantic makes it a 422)."""
    first, last = bounds()
    if not first <= day <= last:
        raise ValueError(
            f"must be between {first.isoformat()} and {last.isoformat()} "
            "(one year back to two years ahead of today)"
        )
    return day


def check_range(first: date, last: date, *, first_name: str, last_name: str) -> None:
    """ValueError unless ``first <= last`` and the range spans at most MAX_RANGE_DAYS."""
    if last < first:
        raise ValueError(f"{last_name} must not be before {first_name}")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise ValueError(f"{first_name} to {last_name} may cover at most {MAX_RANGE_DAYS} days")


WindowDate = Annotated[date, AfterValidator(check_day)]
