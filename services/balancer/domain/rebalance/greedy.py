"""Greedy fallback: fast, not optimal. Used when the solver cannot answer.

Repeatedly take the most urgent job that is still late at home and move its
late units to the cheapest lender days that can serve it on time, then
re-run EDF at home (moving a job's late units clears exactly that many).
"""

from datetime import date
from uuid import UUID

from services.balancer.domain.loans.slots import LenderSlot
from services.balancer.domain.rebalance.plan import Move, RebalancePlan, assemble_transfers
from services.balancer.domain.rebalance.problem import (
    Demand,
    RebalanceProblem,
    unit_cost,
)
from services.balancer.domain.rebalance.residual import group_late, residual_late


def solve_greedy(problem: RebalanceProblem) -> RebalancePlan:
    spare = [slot.units for slot in problem.lenders]
    moved: dict[UUID, int] = {}
    moves: list[Move] = []
    late = residual_late(problem, moved)
    stuck: set[UUID] = set()
    while step := _next_step(problem, late, spare, stuck):
        demand = step[0][0]
        moved[demand.job_id] = moved.get(demand.job_id, 0) + sum(units for *_, units in step)
        moves += step
        late |= group_late(problem, demand.provider_id, demand.category, moved)
    return RebalancePlan(assemble_transfers(moves), sum(late.values()), late, "greedy")


def _next_step(
    problem: RebalanceProblem, late: dict[UUID, int], spare: list[int], stuck: set[UUID]
) -> list[Move]:
    """The next move; a job that once found no lender never will (spare only shrinks)."""
    for demand in sorted(problem.demands, key=lambda d: (d.deadline, d.job_id)):
        if late[demand.job_id] == 0 or demand.job_id in stuck:
            continue
        if step := _take(problem, demand, late, spare):
            return step
        stuck.add(demand.job_id)
    return []


def _take(
    problem: RebalanceProblem, demand: Demand, late: dict[UUID, int], spare: list[int]
) -> list[Move]:
    """Cheapest, then earliest, lender days for the job's late units (reserves them)."""
    wanted = late[demand.job_id]
    step: list[Move] = []
    for i in sorted(
        _usable(problem, demand, spare), key=lambda i: _rank(demand, problem.lenders[i])
    ):
        units = min(wanted, spare[i])
        spare[i] -= units
        wanted -= units
        step.append((demand, problem.lenders[i], units))
        if wanted == 0:
            break
    return step


def _usable(problem: RebalanceProblem, demand: Demand, spare: list[int]) -> list[int]:
    return [
        i
        for i, slot in enumerate(problem.lenders)
        if spare[i] > 0 and problem.may_serve(demand, slot)
    ]


def _rank(demand: Demand, slot: LenderSlot) -> tuple[int, date, UUID]:
    return (unit_cost(demand, slot), slot.day, slot.provider_id)
