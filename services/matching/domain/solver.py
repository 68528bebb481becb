"""Place a batch of orders with the best providers: the entry point of the domain.

Per independent component of the batch (see components.py):
1. greedy, when it is provably exact (one order whose lot rules cannot bind);
2. otherwise min-cost flow (flow.py); kept if it respects the lot rules;
3. otherwise CP-SAT with the lot rules (lot_solver.py), compared with greedy
   in case CP-SAT stopped at its time limit before proving optimality;
4. greedy as the last resort should both solvers fail.
Every method books from the same per-slot free units, so no provider is ever
booked beyond its free units on any day, across all orders of the batch.
"""

from collections.abc import Iterable
from enum import StrEnum

from services.matching.domain.components import components
from services.matching.domain.costs import DEFAULT_WEIGHTS, CostWeights
from services.matching.domain.feasibility import Calendars
from services.matching.domain.flow import solve_min_cost_flow
from services.matching.domain.greedy import greedy_is_exact, place_greedily
from services.matching.domain.lot_solver import solve_with_lot_rules
from services.matching.domain.order import OrderToPlace
from services.matching.domain.placement import BatchResult, Method, Placement
from services.matching.domain.problem import Problem, build_problem
from services.matching.domain.provider import Provider
from services.matching.domain.splitting import breaks_lot_rules, placements


class Strategy(StrEnum):
    OPTIMAL = "optimal"
    GREEDY = "greedy"


def place_batch(
    orders: Iterable[OrderToPlace],
    providers: Iterable[Provider],
    calendars: Calendars | None = None,
    weights: CostWeights = DEFAULT_WEIGHTS,
    strategy: Strategy = Strategy.OPTIMAL,
) -> BatchResult:
    """Place every order; placements come back in the order the orders were given."""
    given = list(orders)
    problem = build_problem(given, providers, calendars or {}, weights)
    solve = _solve_optimally if strategy is Strategy.OPTIMAL else _solve_greedily
    by_id = {p.order_id: p for part in components(problem) for p in solve(part)}
    return BatchResult(tuple(by_id[o.order_id] for o in given))


def _solve_greedily(problem: Problem) -> list[Placement]:
    return placements(problem, place_greedily(problem), Method.GREEDY)


def _solve_optimally(problem: Problem) -> list[Placement]:
    if greedy_is_exact(problem):
        return _solve_greedily(problem)
    flow = solve_min_cost_flow(problem)
    if flow is not None and not breaks_lot_rules(problem, flow):
        return placements(problem, flow, Method.MIN_COST_FLOW)
    exact = solve_with_lot_rules(problem)
    fallback = _solve_greedily(problem)
    if exact is None:
        return fallback
    found = placements(problem, exact, Method.CP_SAT)
    return found if _score(found) <= _score(fallback) else fallback


def _score(result: list[Placement]) -> tuple[int, int]:
    """Lexicographic objective: units left unplaced first, then cost."""
    return sum(p.shortfall for p in result), sum(p.cost for p in result)
