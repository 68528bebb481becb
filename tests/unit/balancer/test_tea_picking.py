"""Tea picking takes 40% of Jinyun's workers two weeks before a batch of deadlines.

Without balancing, Jinyun's pearl-embroidery jobs finish late. With the
optimiser's transfers to a Liandu factory's loan, late units equal the optimum
found by the independent enumeration (0 with a generous loan, 4 with a thin one).
"""

from datetime import datetime, timedelta

import pytest

from services.balancer.domain import (
    CapacityLoan,
    County,
    Job,
    LoadView,
    RebalancePlan,
    Season,
    build_problem,
    county_week_load,
    project,
    propose_transfer,
    rebalance,
)
from services.balancer.domain.load.windows import iso_week
from tests.unit.balancer.builders import CAT, TODAY, day, name_of, uid, view_with
from tests.unit.balancer.oracle import OInstance, OJob, OLender, enumerated_late

BASE = 5
SEASON_UNITS = BASE * 6 // 10  # 3 a day while 40% pick tea
JOBS = (("A1", "jy-a", 18, 6), ("A2", "jy-a", 30, 13), ("B1", "jy-b", 45, 13))
HORIZON = 14  # days 0..13 hold every deadline of the batch


def jinyun_view(tea: bool = True) -> LoadView:
    view = view_with(
        ("jy-a", "Jinyun", "Hutang", BASE),
        ("jy-b", "Jinyun", "Dongdu", BASE),
        ("ld-1", "Liandu", "Bihu", 6),
    )
    if tea:
        view.calendar.put_season(Season.of("tea_picking", day(0), day(20), {"Jinyun": 0.6}))
    for job_id, provider, units, deadline in JOBS:
        view.put_job(Job(uid(job_id), uid(provider), CAT, units, 0, day(deadline), day(0)))
    return view


def liandu_loan(units: int, first: int, last: int) -> CapacityLoan:
    return CapacityLoan.offer(uid("loan-ld"), uid("ld-1"), CAT, day(first), day(last), units)


def oracle_optimum(units: int, first: int, last: int) -> int:
    """Same scenario written with plain numbers: Jinyun→Liandu is one day each way."""
    lender = tuple(units if first <= d <= last else 0 for d in range(HORIZON))
    return enumerated_late(
        OInstance(
            tuple(OJob(j, home, u, 0, dl) for j, home, u, dl in JOBS),
            {"jy-a": (SEASON_UNITS,) * HORIZON, "jy-b": (SEASON_UNITS,) * HORIZON},
            (OLender("ld-1", lender, {"jy-a": 1, "jy-b": 1}),),
        )
    )


def test_jobs_fit_before_the_season_and_run_late_in_it() -> None:
    assert project(jinyun_view(tea=False), TODAY).late_units() == 0
    projection = project(jinyun_view(), TODAY)
    assert projection.late_units() == 9 == oracle_optimum(0, 0, 0)
    assert [j.job_id for j in projection.at_risk()] == [uid("A2"), uid("B1")]


def test_admins_see_jinyun_overloaded_and_liandu_not() -> None:
    cells = {(c.county, c.week): c for c in county_week_load(jinyun_view(), TODAY, day(13))}
    assert cells[(County.JINYUN, iso_week(TODAY))].overloaded
    assert not cells[(County.LIANDU, iso_week(TODAY))].overloaded


@pytest.mark.parametrize(
    ("units", "first", "last", "optimum"),
    [(2, 1, 12, 0), (1, 8, 12, 4)],
    ids=["generous-loan", "thin-loan"],
)
def test_transfers_reach_the_enumerated_optimum(
    units: int, first: int, last: int, optimum: int
) -> None:
    view = jinyun_view()
    loan = liandu_loan(units, first, last)
    plan = rebalance(build_problem(view, TODAY, loans=[loan]))
    assert plan.late_units == oracle_optimum(units, first, last) == optimum
    assert plan.transfers and all(t.to_provider == uid("ld-1") for t in plan.transfers)
    apply_plan(view, plan, loan)
    assert project(view, TODAY).late_units() == optimum


def test_greedy_fallback_also_clears_the_generous_case() -> None:
    problem = build_problem(jinyun_view(), TODAY, loans=[liandu_loan(2, 1, 12)])
    assert rebalance(problem, method="greedy").late_units == 0


def apply_plan(view: LoadView, plan: RebalancePlan, loan: CapacityLoan) -> None:
    """Reserve on the loan through the saga, then split the jobs as matching would."""
    for n, planned in enumerate(plan.transfers):
        transfer = propose_transfer(uid(f"t{n}"), planned, datetime(2025, 4, 2), loan)
        transfer.accept()
        transfer.request_split()
        transfer.complete()
        job = view.job(planned.job_id)
        view.put_job(
            Job(
                job.job_id,
                job.provider_id,
                CAT,
                job.units - planned.units,
                0,
                job.deadline,
                job.start,
            )
        )
        first_day, back_by = planned.schedule[0][0], job.deadline - timedelta(days=1)
        split = Job(
            uid(f"{name_of(job.job_id)}-t{n}"),
            uid("ld-1"),
            CAT,
            planned.units,
            0,
            back_by,
            first_day,
        )
        view.put_job(split)
