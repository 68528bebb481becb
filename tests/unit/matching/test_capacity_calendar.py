from datetime import datetime, timedelta

import pytest

from services.matching.domain import (
    CapacityCalendar,
    CapacityException,
    County,
    DateRange,
    Hold,
    SeasonalFactor,
)
from services.matching.domain.vocabulary import Category

from .builders import BEADS, day, provider

P = provider(1, county=County.SUICHANG, units=100)
TEA_PICKING = DateRange(day(2), day(4))
NOW = datetime(2025, 4, 1, 12, 0)


def calendar(**kwargs: object) -> CapacityCalendar:
    return CapacityCalendar.for_provider(P, BEADS, **kwargs)  # type: ignore[arg-type]


def test_plain_calendar_frees_the_base_rate() -> None:
    assert calendar().free_units(day(0)) == 100


def test_a_percentage_exception_applies_only_inside_its_range() -> None:
    cal = calendar(exceptions=[CapacityException(TEA_PICKING, percent=40)])
    assert [cal.free_units(day(n)) for n in range(1, 6)] == [100, 40, 40, 40, 100]


def test_an_absolute_exception_replaces_the_base_and_ignores_the_season() -> None:
    season = SeasonalFactor(County.SUICHANG, TEA_PICKING, percent=50)
    cal = calendar(exceptions=[CapacityException(TEA_PICKING, units=130)], seasons=[season])
    assert cal.free_units(day(3)) == 130


def test_overlapping_statements_resolve_to_the_most_restrictive() -> None:
    cal = calendar(
        exceptions=[
            CapacityException(DateRange(day(0), day(9)), percent=80),
            CapacityException(TEA_PICKING, units=30),
        ]
    )
    assert (cal.free_units(day(1)), cal.free_units(day(3))) == (80, 30)


def test_seasons_stack_with_percentage_exceptions_and_round_down() -> None:
    season = SeasonalFactor(County.SUICHANG, TEA_PICKING, percent=55)
    cal = calendar(
        exceptions=[CapacityException(DateRange(day(3), day(3)), percent=33)], seasons=[season]
    )
    assert cal.free_units(day(2)) == 55
    assert cal.free_units(day(3)) == 100 * 33 * 55 // 10_000 == 18


def test_seasons_of_other_counties_or_categories_are_ignored() -> None:
    seasons = [
        SeasonalFactor(County.JINYUN, TEA_PICKING, percent=10),
        SeasonalFactor(County.SUICHANG, TEA_PICKING, percent=10, category=Category.CROCHET),
        SeasonalFactor(County.SUICHANG, TEA_PICKING, percent=70, category=BEADS),
    ]
    assert calendar(seasons=seasons).free_units(day(2)) == 70


def test_booked_and_held_units_are_subtracted_and_free_never_goes_negative() -> None:
    hold = Hold("h1", {day(1): 30, day(2): 500}, expires_at=NOW + timedelta(hours=1))
    cal = calendar(booked={day(1): 50}, holds=[hold])
    assert (cal.free_units(day(1)), cal.free_units(day(2)), cal.free_units(day(3))) == (20, 0, 100)


def test_expired_holds_release_their_units() -> None:
    open_hold = Hold("open", {day(1): 10}, expires_at=NOW + timedelta(minutes=5))
    stale = Hold("stale", {day(1): 25}, expires_at=NOW)
    cal = calendar(holds=[open_hold, stale])
    assert cal.free_units(day(1)) == 65
    assert cal.without_expired_holds(NOW).free_units(day(1)) == 90


def test_free_by_day_covers_the_inclusive_range() -> None:
    cal = calendar(booked={day(2): 100})
    assert cal.free_by_day(day(1), day(3)) == {day(1): 100, day(2): 0, day(3): 100}
    assert cal.free_by_day(day(3), day(2)) == {}


def test_a_category_the_provider_lacks_has_no_capacity() -> None:
    assert CapacityCalendar.for_provider(P, Category.CROCHET).free_units(day(0)) == 0


@pytest.mark.parametrize(
    "kwargs",
    [{"percent": 50, "units": 5}, {}, {"percent": -1}, {"units": -3}],
)
def test_an_exception_states_exactly_one_non_negative_value(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        CapacityException(TEA_PICKING, **kwargs)


def test_a_date_range_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        DateRange(day(3), day(2))
