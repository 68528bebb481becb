"""Seasons validate their input and shrink (or grow) capacity where they apply."""

from datetime import date
from fractions import Fraction

import pytest

from services.balancer.domain import (
    CalendarException,
    County,
    InvalidFact,
    InvalidSeason,
    Season,
    UnknownCounty,
    VillageGroup,
    parse_county,
)
from tests.unit.balancer.builders import CAT, day, uid, view_with


def tea(**counties: float) -> Season:
    return Season.of("tea_picking", day(0), day(13), counties)


@pytest.mark.parametrize("factor", [-0.1, 2.01, "lots"])
def test_factor_outside_zero_to_two_is_refused(factor: float | str) -> None:
    with pytest.raises(InvalidSeason):
        Season.of("tea_picking", day(0), day(1), {"Jinyun": factor})


def test_season_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidSeason):
        Season.of("autumn_peak", day(5), day(4), {"Jinyun": 1.2})


def test_unknown_county_is_refused_and_names_are_case_insensitive() -> None:
    with pytest.raises(UnknownCounty):
        Season.of("spring_festival", day(0), day(1), {"Hangzhou": 0})
    assert parse_county(" jinyun ") is County.JINYUN


def test_village_group_needs_villages() -> None:
    with pytest.raises(InvalidSeason):
        VillageGroup.of("Jinyun", [], 0.5)


def test_factor_is_exact() -> None:
    assert tea(Jinyun=0.6).county_factors[County.JINYUN] == Fraction(3, 5)


def test_tea_picking_cuts_capacity_only_in_its_county_and_dates() -> None:
    view = view_with(("a", "Jinyun", "Hutang", 10), ("b", "Liandu", "Bihu", 10))
    view.calendar.put_season(tea(Jinyun=0.6))
    assert view.capacity(uid("a"), CAT, day(0)) == 6
    assert view.capacity(uid("a"), CAT, day(14)) == 10
    assert view.capacity(uid("b"), CAT, day(0)) == 10
    assert view.capacity(uid("a"), "crochet", day(0)) == 0


def test_capacity_rounds_down_to_whole_units() -> None:
    view = view_with(("a", "Jinyun", "Hutang", 7))
    view.calendar.put_season(tea(Jinyun=0.6))
    assert view.capacity(uid("a"), CAT, day(0)) == 4  # 4.2 units


def test_village_group_overrides_its_county() -> None:
    view = view_with(("a", "Jinyun", "Hutang", 10), ("b", "Jinyun", "Dongdu", 10))
    slopes = VillageGroup.of("Jinyun", ["Hutang"], 0)
    view.calendar.put_season(Season.of("tea_picking", day(0), day(3), {"Jinyun": 0.8}, [slopes]))
    assert (view.capacity(uid("a"), CAT, day(1)), view.capacity(uid("b"), CAT, day(1))) == (0, 8)


def test_overlapping_seasons_multiply_and_replacing_by_name_works() -> None:
    view = view_with(("a", "Jinyun", "Hutang", 10))
    view.calendar.put_season(tea(Jinyun=0.5))
    view.calendar.put_season(Season.of("spring_festival", day(0), day(2), {"Jinyun": 0.4}))
    assert view.capacity(uid("a"), CAT, day(1)) == 2
    view.calendar.put_season(tea(Jinyun=1))
    assert view.capacity(uid("a"), CAT, day(1)) == 4
    view.calendar.remove_season("spring_festival")
    assert view.capacity(uid("a"), CAT, day(1)) == 10


def test_autumn_peak_overtime_raises_capacity() -> None:
    view = view_with(("a", "Suichang", "Miaogao", 10))
    view.calendar.put_season(
        Season.of("autumn_peak", date(2025, 9, 1), date(2025, 10, 31), {"Suichang": 1.5})
    )
    assert view.capacity(uid("a"), CAT, date(2025, 9, 15)) == 15


def test_broker_exception_overrides_the_season() -> None:
    view = view_with(("a", "Jinyun", "Hutang", 10))
    view.calendar.put_season(tea(Jinyun=0.6))
    view.calendar.put_exception(CalendarException.of(uid("a"), day(2), 0))
    view.calendar.put_exception(CalendarException.of(uid("a"), day(3), "1"))
    assert [view.capacity(uid("a"), CAT, day(n)) for n in range(1, 4)] == [6, 0, 10]
    with pytest.raises(InvalidFact):
        CalendarException.of(uid("a"), day(2), 3)
