"""Weekly load windows and the county-by-week admin view."""

from services.balancer.domain import (
    County,
    Job,
    Season,
    county_week_load,
    overloaded_windows,
    weekly_load,
)
from services.balancer.domain.load.windows import iso_week, planned_work
from tests.unit.balancer.builders import CAT, TODAY, day, uid, view_with


def test_planned_work_spreads_evenly_front_loading_the_remainder() -> None:
    job = Job(uid("j"), uid("a"), CAT, 10, 0, day(3), day(0))
    assert list(planned_work(job, TODAY).values()) == [3, 3, 2, 2]
    assert planned_work(job, day(9)) == {day(9): 10}  # overdue lands on today


def test_tea_season_pushes_a_week_above_one_hundred_percent() -> None:
    view = view_with(("a", "Jinyun", "Hutang", 10), ("b", "Liandu", "Bihu", 10))
    view.put_job(Job(uid("j"), uid("a"), CAT, 56, 0, day(6), day(0)))  # 8 a day in week one
    assert overloaded_windows(view, TODAY, day(13)) == []
    view.calendar.put_season(Season.of("tea_picking", day(0), day(6), {"Jinyun": 0.6}))
    (hot,) = overloaded_windows(view, TODAY, day(13))
    assert (hot.provider_id, hot.week, hot.planned_units, hot.capacity_units) == (
        uid("a"),
        iso_week(TODAY),
        56,
        42,
    )
    assert hot.load_percent == 134


def test_every_provider_and_week_is_reported_even_when_idle() -> None:
    view = view_with(("a", "Jinyun", "Hutang", 10), ("b", "Liandu", "Bihu", 0))
    loads = weekly_load(view, TODAY, day(13))
    assert len(loads) == 4
    idle = next(w for w in loads if w.provider_id == uid("b"))
    assert (idle.load_percent, idle.overloaded) == (None, False)


def test_county_week_sums_providers_and_counts_the_overloaded_ones() -> None:
    view = view_with(("a", "Jinyun", "Hutang", 10), ("c", "Jinyun", "Dongdu", 10))
    view.put_job(Job(uid("j"), uid("a"), CAT, 84, 0, day(6), day(0)))
    (week_one, week_two) = county_week_load(view, TODAY, day(13))
    assert (week_one.county, week_one.planned_units, week_one.capacity_units) == (
        County.JINYUN,
        84,
        140,
    )
    assert (week_one.overloaded, week_one.overloaded_providers) == (False, 1)
    assert week_two.planned_units == 0
