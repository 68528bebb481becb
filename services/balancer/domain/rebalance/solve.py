"""The optimiser's front door: min-cost flow, with the greedy fallback behind it."""

from typing import Literal

from services.balancer.domain.rebalance.flow import solve_flow
from services.balancer.domain.rebalance.greedy import solve_greedy
from services.balancer.domain.rebalance.plan import RebalancePlan
from services.balancer.domain.rebalance.problem import RebalanceProblem

Method = Literal["flow", "greedy"]


def rebalance(problem: RebalanceProblem, method: Method = "flow") -> RebalancePlan:
    """The optimal plan; the greedy one if asked for or if the solver gives no optimum."""
    if method == "flow" and (plan := solve_flow(problem)) is not None:
        return plan
    return solve_greedy(problem)
