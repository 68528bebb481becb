"""The min-cost-flow optimiser hits the exhaustive optimum of late units on small instances."""

import random
from datetime import date
from uuid import UUID

import pytest

from services.balancer.domain import County, RebalancePlan, RebalanceProblem, rebalance
from services.balancer.domain.rebalance import solve as optimiser
from services.balancer.domain.rebalance.residual import residual_late
from services.balancer.domain.region import transit_days
from tests.unit.balancer.builders import TRANSIT, day, name_of, to_problem, uid
from tests.unit.balancer.oracle import OInstance, OJob, OLender, exhaustive_late, lender_serves

COUNTY = {
    "h1": County.JINYUN,
    "h2": County.LIANDU,
    "l0": County.JINYUN,
    "l1": County.LIANDU,
    "l2": County.QINGYUAN,
}
DAYS = 5


def random_instance(seed: int) -> OInstance:
    rng = random.Random(seed)
    jobs = []
    for k in range(rng.randint(2, 4)):
        release = rng.randint(0, 2)
        deadline = rng.randint(release, DAYS - 1)
        jobs.append(OJob(f"j{k}", rng.choice(["h1", "h2"]), rng.randint(1, 5), release, deadline))
    home = {h: tuple(rng.randint(0, 2) for _ in range(DAYS)) for h in ("h1", "h2")}
    names = rng.sample(["l0", "l1", "l2"], rng.randint(1, 2))
    lenders = tuple(
        OLender(name, tuple(rng.randint(0, 2) for _ in range(DAYS)), _transit_to(name))
        for name in names
    )
    return OInstance(tuple(jobs), home, lenders)


def _transit_to(lender: str) -> dict[str, int]:
    return {h: TRANSIT[frozenset({COUNTY[h], COUNTY[lender]})] for h in ("h1", "h2")}


def assert_plan_is_feasible(problem: RebalanceProblem, plan: RebalancePlan) -> None:
    """Lender days within capacity and transit windows; home late units as claimed."""
    used: dict[tuple[UUID, date], int] = {}
    demands = {d.job_id: d for d in problem.demands}
    for t in plan.transfers:
        d = demands[t.job_id]
        gap = transit_days(d.county, COUNTY[name_of(t.to_provider)])
        for when, units in t.schedule:
            assert (when - d.release).days >= gap and (d.deadline - when).days >= gap
            used[(t.to_provider, when)] = used.get((t.to_provider, when), 0) + units
    capacity = {(s.provider_id, s.day): s.units for s in problem.lenders}
    assert all(units <= capacity[key] for key, units in used.items())
    assert sum(residual_late(problem, plan.moved_by_job()).values()) == plan.late_units


@pytest.mark.parametrize("seed", range(40))
def test_flow_hits_the_exhaustive_optimum(seed: int) -> None:
    inst = random_instance(seed)
    problem = to_problem(inst, COUNTY)
    plan = rebalance(problem)
    assert plan.method == "min_cost_flow"
    assert plan.late_units == exhaustive_late(inst)
    assert_plan_is_feasible(problem, plan)


@pytest.mark.parametrize("seed", range(40))
def test_greedy_is_feasible_and_never_beats_the_optimum(seed: int) -> None:
    inst = random_instance(seed)
    problem = to_problem(inst, COUNTY)
    plan = rebalance(problem, method="greedy")
    baseline = sum(residual_late(problem, {}).values())
    assert exhaustive_late(inst) <= plan.late_units <= baseline
    assert_plan_is_feasible(problem, plan)


def test_moving_an_on_time_job_frees_home_days_for_a_late_one() -> None:
    # "b" is late at home and released too late to travel; moving "a" (on time)
    # to the lender frees home day 2 for "b". Greedy only moves late jobs.
    inst = OInstance(
        (OJob("a", "h1", 2, 0, 2), OJob("b", "h1", 4, 2, 3)),
        {"h1": (0, 0, 2, 2)},
        (OLender("l1", (0, 2, 0, 0), _transit_to("l1")),),
    )
    problem = to_problem(inst, COUNTY)
    plan = rebalance(problem)
    assert (plan.late_units, exhaustive_late(inst)) == (0, 0)
    (transfer,) = plan.transfers
    assert (transfer.job_id, transfer.to_provider, transfer.schedule) == (
        uid("a"),
        uid("l1"),
        ((day(1), 2),),
    )
    assert rebalance(problem, method="greedy").late_units == 2


def test_transport_cost_breaks_ties_towards_the_nearer_lender() -> None:
    near, far = _transit_to("l0"), _transit_to("l1")
    inst = OInstance(
        (OJob("a", "h1", 6, 0, 4),),
        {"h1": (1, 1, 1, 1, 1)},
        (OLender("l0", (1, 1, 1, 1, 1), near), OLender("l1", (1, 1, 1, 1, 1), far)),
    )
    plan = rebalance(to_problem(inst, COUNTY))
    assert plan.late_units == 0
    assert {t.to_provider for t in plan.transfers} == {uid("l0")}
    assert plan.transport_cost_fen == 5  # one unit, Jinyun to Jinyun: handling only


def test_no_unit_moves_when_nothing_is_late() -> None:
    inst = OInstance(
        (OJob("a", "h1", 2, 0, 2),), {"h1": (1, 1, 1)}, (OLender("l0", (5, 5, 5), {"h1": 0}),)
    )
    plan = rebalance(to_problem(inst, COUNTY))
    assert (plan.late_units, plan.transfers) == (0, ())


def test_lender_days_outside_the_transit_window_are_not_used() -> None:
    job = OJob("a", "h1", 3, 0, 2)
    qingyuan = OLender("l2", (9, 9, 9), _transit_to("l2"))
    assert not any(lender_serves(job, qingyuan, d) for d in range(3))
    plan = rebalance(to_problem(OInstance((job,), {"h1": (0, 0, 0)}, (qingyuan,)), COUNTY))
    assert (plan.late_units, plan.transfers) == (3, ())


def test_falls_back_to_greedy_when_the_solver_has_no_optimum(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(optimiser, "solve_flow", lambda problem: None)
    plan = rebalance(to_problem(random_instance(3), COUNTY))
    assert plan.method == "greedy"
