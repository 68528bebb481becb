"""Lendable capacity: loans and opted-in receivers, and who enters the rebalancing problem."""

from services.balancer.domain import (
    CapacityLoan,
    Job,
    LoadView,
    ReceiverOptIn,
    Season,
    build_problem,
    project,
    rebalance,
)
from services.balancer.domain.loans.slots import loan_slots, receiver_slots
from tests.unit.balancer.builders import CAT, TODAY, day, uid, view_with
from tests.unit.balancer.oracle import OInstance, OJob, OLender, exhaustive_late


def small_region() -> LoadView:
    view = view_with(
        ("jy-a", "Jinyun", "Hutang", 3),
        ("jy-c", "Jinyun", "Dongdu", 3),
        ("sy-1", "Songyang", "Xiping", 4),
    )
    view.put_job(Job(uid("own"), uid("sy-1"), CAT, 6, 0, day(1), day(0)))
    return view


def test_receiver_lends_what_its_own_edf_schedule_leaves() -> None:
    view = small_region()
    opt_in = ReceiverOptIn(uid("sy-1"), CAT, day(0), day(3))
    slots = receiver_slots(view, project(view, TODAY), opt_in, [], day(3))
    assert [(s.day, s.units) for s in slots] == [(day(1), 2), (day(2), 4), (day(3), 4)]


def test_receiver_slots_do_not_count_an_offered_loan_twice() -> None:
    view = small_region()
    loan = CapacityLoan.offer(uid("L"), uid("sy-1"), CAT, day(2), day(2), 3)
    opt_in = ReceiverOptIn(uid("sy-1"), CAT, day(0), day(3))
    slots = receiver_slots(view, project(view, TODAY), opt_in, [loan], day(3))
    assert [(s.day, s.units) for s in slots] == [(day(1), 2), (day(2), 1), (day(3), 4)]
    assert [(s.day, s.units, s.loan_id) for s in loan_slots(view, loan, TODAY, day(9))] == [
        (day(2), 3, uid("L"))
    ]


def test_problem_holds_every_job_of_an_at_risk_provider_and_only_those() -> None:
    view = small_region()
    view.put_job(Job(uid("late"), uid("jy-a"), CAT, 9, 0, day(1), day(0)))
    view.put_job(Job(uid("fine"), uid("jy-a"), CAT, 1, 0, day(3), day(0)))
    view.put_job(Job(uid("calm"), uid("jy-c"), CAT, 1, 0, day(3), day(0)))
    opt_ins = [
        ReceiverOptIn(uid("jy-a"), CAT, day(0), day(3)),
        ReceiverOptIn(uid("sy-1"), CAT, day(0), day(3)),
    ]
    problem = build_problem(view, TODAY, receivers=opt_ins)
    assert sorted(d.job_id for d in problem.demands) == [uid("fine"), uid("late")]
    assert {s.provider_id for s in problem.own} == {uid("jy-a")}
    assert {s.provider_id for s in problem.lenders} == {uid("sy-1")}


def test_an_opted_in_receiver_absorbs_a_tea_picking_shortfall_optimally() -> None:
    view = small_region()
    view.calendar.put_season(Season.of("tea_picking", day(0), day(9), {"Jinyun": 0.6}))
    view.put_job(
        Job(uid("j1"), uid("jy-a"), CAT, 5, 0, day(3), day(0))
    )  # 1 a day in season: 1 late
    view.put_job(Job(uid("j2"), uid("jy-a"), CAT, 2, 0, day(4), day(0)))
    receiver = ReceiverOptIn(uid("sy-1"), CAT, day(0), day(9))
    plan = rebalance(build_problem(view, TODAY, receivers=[receiver]))
    # Jinyun-Songyang: 115 km, one day each way; Songyang spare after its own job.
    inst = OInstance(
        (OJob("j1", "h", 5, 0, 3), OJob("j2", "h", 2, 0, 4)),
        {"h": (1,) * 5},
        (OLender("sy-1", (0, 2, 4, 4, 4), {"h": 1}),),
    )
    assert project(view, TODAY).late_units() == 2
    assert plan.late_units == exhaustive_late(inst) == 0
    assert all(t.to_provider == uid("sy-1") and t.loan_id is None for t in plan.transfers)
