"""A lender that declined a job is never planned for it again; the optimiser finds another."""

import pytest

from services.balancer.domain import CapacityLoan, Job, LoadView, build_problem, rebalance
from services.balancer.domain.rebalance.solve import Method
from tests.unit.balancer.builders import CAT, TODAY, day, name_of, uid, view_with


def region_with_two_equal_lenders() -> tuple[list[CapacityLoan], LoadView]:
    view = view_with(
        ("jy-a", "Jinyun", "Hutang", 3),
        ("ld-1", "Liandu", "Bihu", 6),
        ("ld-2", "Liandu", "Nanming", 6),
    )
    view.put_job(Job(uid("J1"), uid("jy-a"), CAT, 40, 0, day(10), day(1)))
    loans = [
        CapacityLoan.offer(uid(f"L{n}"), uid(f"ld-{n}"), CAT, day(0), day(20), 3) for n in (1, 2)
    ]
    return loans, view


@pytest.mark.parametrize("method", ["flow", "greedy"])
def test_refused_pairs_are_left_out_of_the_plan(method: Method) -> None:
    loans, view = region_with_two_equal_lenders()
    for refused in ("ld-1", "ld-2"):
        problem = build_problem(view, TODAY, loans, refused=[(uid("J1"), uid(refused))])
        plan = rebalance(problem, method)
        assert plan.late_units == 0
        assert {name_of(t.to_provider) for t in plan.transfers} == {"ld-1", "ld-2"} - {refused}


def test_when_every_lender_refused_the_job_stays_late() -> None:
    loans, view = region_with_two_equal_lenders()
    problem = build_problem(
        view, TODAY, loans, refused=[(uid("J1"), uid("ld-1")), (uid("J1"), uid("ld-2"))]
    )
    plan = rebalance(problem)
    assert plan.transfers == () and plan.late_units == 10
