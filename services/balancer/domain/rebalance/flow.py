"""Optimal rebalancing as one min-cost flow: fewest late units first, then least freight.

Each job's remaining units flow from the job to a day that makes them: one of
its own provider's days (cost 0), a lender's day inside the transit window
(freight per unit), or the "late" arc. Every day is a capacity node draining
to the sink, so units moved away free the provider's days for its other jobs.
The late arc costs more than all freight together could, which makes the
objective lexicographic: late units, then transport cost.
"""

from dataclasses import dataclass
from itertools import product

from services.balancer.domain.loans.slots import LenderSlot
from services.balancer.domain.rebalance.network import FlowNetwork
from services.balancer.domain.rebalance.plan import Move, RebalancePlan, assemble_transfers
from services.balancer.domain.rebalance.problem import (
    Demand,
    RebalanceProblem,
    serves_at_home,
    unit_cost,
)
from services.balancer.domain.region import transport_fen_per_unit
from shared.region import County

SINK = ("sink",)
MAX_UNIT_COST = max(transport_fen_per_unit(a, b) for a, b in product(County, County))


@dataclass(frozen=True)
class LateArc:
    demand: Demand


@dataclass(frozen=True)
class LenderArc:
    demand: Demand
    slot: LenderSlot


ArcTag = LateArc | LenderArc


def late_penalty(problem: RebalanceProblem) -> int:
    """Dearer than moving every unit at the highest freight rate."""
    return 1 + MAX_UNIT_COST * sum(d.units for d in problem.demands)


def solve_flow(problem: RebalanceProblem) -> RebalancePlan | None:
    """The optimal plan, or None when the solver does not report optimality."""
    flows = _network(problem).solve()
    if flows is None:
        return None
    late = {d.job_id: 0 for d in problem.demands}
    moves: list[Move] = []
    for tag, units in flows:
        if isinstance(tag, LateArc):
            late[tag.demand.job_id] += units
        else:
            moves.append((tag.demand, tag.slot, units))
    return RebalancePlan(assemble_transfers(moves), sum(late.values()), late, "min_cost_flow")


def _network(problem: RebalanceProblem) -> FlowNetwork[ArcTag]:
    net: FlowNetwork[ArcTag] = FlowNetwork()
    penalty = late_penalty(problem)
    for demand in problem.demands:
        _demand_arcs(net, problem, demand, penalty)
    for i, own in enumerate(problem.own):
        net.arc(("own", i), SINK, own.units, 0, None)
    for i, slot in enumerate(problem.lenders):
        net.arc(("lend", i), SINK, slot.units, 0, None)
    net.supply(SINK, -sum(d.units for d in problem.demands))
    return net


def _demand_arcs(
    net: FlowNetwork[ArcTag], problem: RebalanceProblem, demand: Demand, penalty: int
) -> None:
    job = ("job", demand.job_id)
    net.supply(job, demand.units)
    net.arc(job, SINK, demand.units, penalty, LateArc(demand))
    for i in problem.own_slots.get((demand.provider_id, demand.category), []):
        if problem.own[i].units > 0 and serves_at_home(demand, problem.own[i]):
            net.arc(job, ("own", i), demand.units, 0, None)
    for i in problem.lender_slots.get(demand.category, []):
        slot = problem.lenders[i]
        if problem.may_serve(demand, slot):
            net.arc(
                job, ("lend", i), demand.units, unit_cost(demand, slot), LenderArc(demand, slot)
            )
