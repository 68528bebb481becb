"""The one window of request dates (shared/region/window.py) and the body cap."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import TypeAdapter, ValidationError

from shared.region import clock
from shared.region.window import DAYS_AHEAD, DAYS_BACK, MAX_RANGE_DAYS, WindowDate, check_range

DAY = TypeAdapter(WindowDate)


def test_the_window_moves_with_the_clock_and_includes_its_edges() -> None:
    with clock.frozen_at(datetime(2026, 12, 1, 4, tzinfo=UTC)):
        today = clock.today()
        assert DAY.validate_python(today + timedelta(days=DAYS_AHEAD))
        assert DAY.validate_python(today - timedelta(days=DAYS_BACK))
        for bad in (today + timedelta(days=DAYS_AHEAD + 1), date.max, date.min):
            with pytest.raises(ValidationError, match="two years ahead of today"):
                DAY.validate_python(bad)


def test_ranges_are_ordered_and_at_most_a_year() -> None:
    first = date(2027, 1, 1)
    check_range(first, first + timedelta(days=MAX_RANGE_DAYS - 1), first_name="a", last_name="b")
    with pytest.raises(ValueError, match="at most"):
        check_range(first, first + timedelta(days=MAX_RANGE_DAYS), first_name="a", last_name="b")
    with pytest.raises(ValueError, match="b must not be before a"):
        check_range(first, first - timedelta(days=1), first_name="a", last_name="b")
