"""A job scheduled late can still move to earlier lender days: its materials were home sooner."""

from dataclasses import replace
from datetime import timedelta

import pytest

from services.balancer.domain import (
    CapacityLoan,
    County,
    Job,
    RebalancePlan,
    build_problem,
    rebalance,
)
from services.balancer.domain.load.materials import (
    materials_at_home,
)
from services.balancer.domain.rebalance.solve import Method
from tests.unit.balancer.builders import CAT, TODAY, day, uid, view_with


def test_materials_reach_the_broker_a_day_or_two_after_they_are_ready() -> None:
    assert materials_at_home(County.JINYUN, "yiwu", day(1)) == day(2)  # 110 km
    assert materials_at_home(County.QINGYUAN, "ningbo", day(1)) == day(3)  # 460 km
    assert materials_at_home(County.JINYUN, "mars", day(1)) is None


def test_a_job_moves_from_its_materials_day_never_after_its_own_start() -> None:
    job = Job(uid("J1"), uid("jy-a"), CAT, 10, 0, day(12), day(8))
    assert job.movable_from == day(8)
    assert replace(job, materials_home=day(2)).movable_from == day(2)
    assert replace(job, materials_home=day(9)).movable_from == day(8)


def late_scheduled_job(materials_home: int | None, method: Method = "flow") -> RebalancePlan:
    """A job matching scheduled from day 8 (deadline 12) at 3 a day; a loan only on days 2..6."""
    view = view_with(("jy-a", "Jinyun", "Hutang", 3), ("ld-1", "Liandu", "Bihu", 6))
    home = None if materials_home is None else day(materials_home)
    view.put_job(Job(uid("J1"), uid("jy-a"), CAT, 25, 0, day(12), day(8), home))
    loan = CapacityLoan.offer(uid("L1"), uid("ld-1"), CAT, day(2), day(6), 6)
    return rebalance(build_problem(view, TODAY, [loan]), method)


def test_without_the_materials_day_the_early_loan_days_are_out_of_reach() -> None:
    plan = late_scheduled_job(None)
    assert plan.late_units == 10 and plan.transfers == ()


@pytest.mark.parametrize("method", ["flow", "greedy"])
def test_with_the_materials_day_the_job_moves_to_the_early_loan_days(method: Method) -> None:
    plan = late_scheduled_job(1, method)
    assert plan.late_units == 0
    (moved,) = plan.transfers
    assert moved.units == 10
    # Materials home on day 1, a day's drive to Liandu: day 2 at the earliest.
    assert min(d for d, _ in moved.schedule) >= day(1) + timedelta(days=1)


def test_materials_before_today_move_from_today() -> None:
    view = view_with(("jy-a", "Jinyun", "Hutang", 3), ("ld-1", "Liandu", "Bihu", 6))
    view.put_job(Job(uid("J1"), uid("jy-a"), CAT, 25, 0, day(12), day(8), day(-5)))
    (demand,) = build_problem(view, TODAY, []).demands
    assert demand.lend_release == TODAY and demand.release == day(8)
