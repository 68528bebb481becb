"""Which planned transfers the service proposes, and when a job is announced at risk."""

from datetime import date

from services.balancer.domain import (
    JobProjection,
    PlannedTransfer,
    RebalancePlan,
    TransferState,
    build_problem,
    rebalance,
)
from services.balancer.domain.rebalance.policy import (
    PastTransfer,
    ProposalContext,
    context_of,
    risk_notices,
    select_proposals,
)
from tests.unit.balancer.builders import CAT, TODAY, day, name_of, uid
from tests.unit.balancer.test_refused_lenders import region_with_two_equal_lenders


def planned(job: str, to: str, units: int, cost: int = 7) -> PlannedTransfer:
    return PlannedTransfer(
        uid(job), uid("jy-a"), uid(to), CAT, uid(f"loan-{to}"), ((day(2), units),), cost
    )


def plan(*transfers: PlannedTransfer) -> RebalancePlan:
    return RebalancePlan(transfers, 0, {}, "min_cost_flow")


def chosen(p: RebalancePlan, ctx: ProposalContext) -> list[tuple[str, str]]:
    return [(name_of(t.job_id), name_of(t.to_provider)) for t in select_proposals(p, ctx)]


def test_one_proposal_per_job_the_one_moving_most_units() -> None:
    p = plan(planned("J1", "ld-1", 4), planned("J1", "ld-2", 6), planned("J2", "ld-1", 3))
    assert chosen(p, ProposalContext()) == [("J1", "ld-2"), ("J2", "ld-1")]


def test_equal_units_go_to_the_cheaper_lender() -> None:
    p = plan(planned("J1", "ld-1", 5, cost=9), planned("J1", "sy-1", 5, cost=3))
    assert chosen(p, ProposalContext()) == [("J1", "sy-1")]


def test_jobs_with_an_open_transfer_are_left_alone() -> None:
    p = plan(planned("J1", "ld-1", 4), planned("J2", "ld-1", 3))
    assert chosen(p, ProposalContext(open_jobs=frozenset({uid("J1")}))) == [("J2", "ld-1")]


def test_a_receiver_that_said_no_is_not_asked_again_for_that_job() -> None:
    p = plan(planned("J1", "ld-1", 6), planned("J1", "ld-2", 4), planned("J2", "ld-1", 3))
    ctx = ProposalContext(refused=frozenset({(uid("J1"), uid("ld-1"))}))
    assert chosen(p, ctx) == [("J1", "ld-2"), ("J2", "ld-1")]


def test_after_three_retries_a_job_is_left_to_people() -> None:
    p = plan(planned("J1", "ld-1", 4))
    assert chosen(p, ProposalContext(failures={uid("J1"): 3})) == [("J1", "ld-1")]
    assert chosen(p, ProposalContext(failures={uid("J1"): 4})) == []


def test_stand_ins_for_transfers_in_flight_are_never_proposed() -> None:
    ctx = ProposalContext(stand_ins=frozenset({uid("t1")}))
    assert chosen(plan(planned("t1", "ld-1", 4)), ctx) == []


def risk(job: str, late: int) -> JobProjection:
    return JobProjection(uid(job), uid("jy-a"), CAT, 10, date(2025, 4, 10), None, late)


def test_risk_is_announced_once_per_change_of_late_units() -> None:
    jobs = [risk("J1", 5), risk("J2", 3), risk("t1", 2)]
    notices = risk_notices(jobs, {uid("J1"): 5, uid("J2"): 1}, frozenset({uid("t1")}))
    assert [(name_of(j.job_id), j.late_units) for j in notices] == [("J2", 3)]


def past(job: str, to: str, outcome: str | None, open_: bool = False) -> PastTransfer:
    ended = None if outcome is None else TransferState(outcome)
    state = TransferState.PROPOSED if open_ else TransferState.COMPENSATED
    return PastTransfer(uid(f"{job}>{to}"), uid(job), uid(to), state, ended)


def test_a_receiver_matching_refused_to_split_onto_is_ruled_out_like_a_decline() -> None:
    ctx = context_of(
        [
            past("J1", "ld-1", "failed"),
            past("J1", "ld-2", "declined"),
            past("J1", "ld-3", "expired"),
            past("J2", "ld-1", "completed"),
            past("J3", "ld-4", None, open_=True),
        ]
    )
    assert ctx.refused == {(uid("J1"), uid(f"ld-{n}")) for n in (1, 2, 3)}
    assert ctx.failures == {uid("J1"): 1} and ctx.open_jobs == {uid("J3")}
    assert ctx.stand_ins == {uid("J3>ld-4")}
    p = plan(planned("J1", "ld-1", 6), planned("J1", "ld-5", 4), planned("J2", "ld-1", 3))
    assert chosen(p, ctx) == [("J1", "ld-5"), ("J2", "ld-1")]


def test_after_a_refusal_the_plan_itself_leaves_that_receiver_out() -> None:
    loans, view = region_with_two_equal_lenders()
    ctx = context_of([past("J1", "ld-1", "failed")])
    plan_ = rebalance(build_problem(view, TODAY, loans, refused=ctx.refused))
    assert plan_.late_units == 0 and {t.to_provider for t in plan_.transfers} == {uid("ld-2")}
