"""A lender lends no more a day than it makes, and the planner never plans more than it has free."""

from collections.abc import Sequence
from datetime import date

import pytest

from services.balancer.domain import (
    CapacityLoan,
    Job,
    LoadView,
    Season,
    build_problem,
    project,
    rebalance,
)
from services.balancer.domain.loans.limits import LoanExceedsCapacity, check_loan_capacity
from tests.unit.balancer.builders import CAT, TODAY, day, uid, view_with


def lender_view() -> LoadView:
    view = view_with(("jy-a", "Jinyun", "Hutang", 3), ("ld-1", "Liandu", "Bihu", 6))
    view.put_job(Job(uid("J1"), uid("jy-a"), CAT, 40, 0, day(10), day(1)))  # 10 units late at 3/day
    return view


def loan(units: int, first: int = 0, last: int = 20, loan_id: str = "L1") -> CapacityLoan:
    return CapacityLoan.offer(uid(loan_id), uid("ld-1"), CAT, day(first), day(last), units)


def test_a_loan_up_to_what_the_lender_makes_is_fine() -> None:
    check_loan_capacity(lender_view().calendar, loan(6), [], TODAY)


def test_a_loan_above_what_the_lender_makes_names_the_field_and_the_day() -> None:
    with pytest.raises(LoanExceedsCapacity, match=f"units_per_day 7 .* on {day(0)}: it makes 6"):
        check_loan_capacity(lender_view().calendar, loan(7), [], TODAY)
    assert LoanExceedsCapacity.field == "units_per_day"


def test_a_season_on_the_lender_lowers_what_it_may_lend_on_those_days_only() -> None:
    view = lender_view()
    view.calendar.put_season(Season.of("tea", day(5), day(8), {"Liandu": 0.5}))
    check_loan_capacity(view.calendar, loan(3), [], TODAY)
    check_loan_capacity(view.calendar, loan(5, 0, 4), [], TODAY)
    with pytest.raises(LoanExceedsCapacity, match=f"on {day(5)}: it makes 3"):
        check_loan_capacity(view.calendar, loan(5), [], TODAY)


def test_other_live_loans_of_the_same_lender_and_category_count() -> None:
    calendar = lender_view().calendar
    first = loan(4, 0, 5, "L0")
    check_loan_capacity(calendar, loan(2, 0, 20), [first], TODAY)
    check_loan_capacity(calendar, loan(5, 6, 20), [first], TODAY)  # no overlap
    with pytest.raises(LoanExceedsCapacity, match="already lends 4 on other loans"):
        check_loan_capacity(calendar, loan(3, 3, 20), [first], TODAY)
    first.withdraw()
    check_loan_capacity(calendar, loan(6), [first], TODAY)


def test_days_before_today_and_unknown_lenders_are_not_checked() -> None:
    view = lender_view()
    view.calendar.put_units(uid("ld-1"), CAT, day(-1), 0)
    check_loan_capacity(view.calendar, loan(6, -3, 5), [], TODAY)
    stranger = CapacityLoan.offer(uid("L9"), uid("nobody"), CAT, day(0), day(5), 99)
    check_loan_capacity(view.calendar, stranger, [], TODAY)


def planned_per_day(view: LoadView, loans: Sequence[CapacityLoan]) -> dict[date, int]:
    plan = rebalance(build_problem(view, TODAY, loans))
    per_day: dict[date, int] = {}
    for t in plan.transfers:
        for d, units in t.schedule:
            per_day[d] = per_day.get(d, 0) + units
    return per_day


def test_the_planner_never_plans_past_the_lenders_free_units() -> None:
    view = lender_view()
    # The lender's own 20 units due on day 3 fill days 0..2 and take 2 of day 3 (EDF).
    view.put_job(Job(uid("OWN"), uid("ld-1"), CAT, 20, 0, day(3), day(0)))
    problem = build_problem(view, TODAY, [loan(6)])
    slots = {s.day: s.units for s in problem.lenders}
    assert day(1) not in slots and day(2) not in slots and slots[day(3)] == 4
    assert slots[day(4)] == 6
    projection = project(view, TODAY)
    per_day = planned_per_day(view, [loan(6)])
    for d, units in per_day.items():
        assert units <= view.capacity(uid("ld-1"), CAT, d) - projection.used_on(uid("ld-1"), CAT, d)
    assert sum(per_day.values()) == 10


def test_two_loans_of_one_lender_share_its_free_units() -> None:
    view = lender_view()
    view.calendar.put_units(uid("ld-1"), CAT, day(2), 1)  # a machine down on day 2
    problem = build_problem(view, TODAY, [loan(3, loan_id="La"), loan(3, loan_id="Lb")])
    on_day_2 = [s.units for s in problem.lenders if s.day == day(2)]
    assert sum(on_day_2) == 1
    for d in map(day, range(21)):
        assert sum(s.units for s in problem.lenders if s.day == d) <= 6
