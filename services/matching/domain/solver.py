"""Place a batch of orders with the best providers: the entry point of the domain.

Per independent component of the batch (see components.py):
1. greedy, when it is provably exact (one order whose lot rules cannot bind);
2. otherwise min-cost flow (flow.py), kept as is when it respects the lot rules;
3. otherwise the flow answer is repaired (lot_repair.py) and, when the
   component is small enough, CP-SAT solves it exactly with the lot rules
   (lot_solver.py), starting from the repaired answer as a hint;
4. the best of those and greedy is kept (fewest units unplaced, then cost).
Every method books from the same per-slot free units, so no provider is ever
booked beyond its free units on any day, across all orders of the batch.

From ``SolverLimits.prune_from`` providers on, the batch is first solved on a
pruned graph (pruning.py) whose answer is proven to be the full graph's optimum;
only when that flow breaks a lot rule does the full batch go the way above.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from services.matching.domain.components import components
from services.matching.domain.costs import DEFAULT_WEIGHTS, NO_MARKET_RECORD, CostWeights
from services.matching.domain.feasibility import Calendars
from services.matching.domain.flow import solve_min_cost_flow
from services.matching.domain.greedy import greedy_is_exact, place_greedily
from services.matching.domain.lot_repair import repair_lots
from services.matching.domain.lot_solver import solve_with_lot_rules
from services.matching.domain.order import OrderToPlace
from services.matching.domain.placement import BatchResult, Method, Placement
from services.matching.domain.problem import Problem, build_problem, require_unique
from services.matching.domain.provider import OnTimeHistory, Provider
from services.matching.domain.pruning import place_pruned
from services.matching.domain.splitting import breaks_lot_rules, placements


class Strategy(StrEnum):
    OPTIMAL = "optimal"
    GREEDY = "greedy"


@dataclass(frozen=True)
class SolverLimits:
    """CP-SAT runs only on components with at most `exact_day_variables`
    (order x provider x day) variables, for at most `exact_deterministic_time`
    deterministic seconds (reproducible, unlike wall time)."""

    exact_day_variables: int = 500
    exact_deterministic_time: float = 1.0
    prune_from: int = 1_000  # providers; below, the full graph is built at once


DEFAULT_LIMITS = SolverLimits()


def place_batch(
    orders: Iterable[OrderToPlace],
    providers: Iterable[Provider],
    calendars: Calendars | None = None,
    weights: CostWeights = DEFAULT_WEIGHTS,
    strategy: Strategy = Strategy.OPTIMAL,
    limits: SolverLimits = DEFAULT_LIMITS,
    market: OnTimeHistory = NO_MARKET_RECORD,
) -> BatchResult:
    """Place every order; placements come back in the order the orders were given.

    `market` is the marketplace's delivery record (every provider's jobs summed): the
    prior a provider's own record is shrunk toward (costs.py)."""
    given = list(orders)
    pool = list(providers)
    if strategy is Strategy.OPTIMAL and len(pool) >= limits.prune_from:
        pruned = _pruned(given, pool, calendars or {}, weights, market)
        if pruned is not None:
            return pruned
    problem = build_problem(given, pool, calendars or {}, weights, market)
    by_id = {}
    for part in components(problem):
        found = solve_component(part, limits) if strategy is Strategy.OPTIMAL else _greedy(part)
        by_id.update({p.order_id: p for p in found})
    return BatchResult(tuple(by_id[o.order_id] for o in given))


def _pruned(
    given: list[OrderToPlace],
    pool: list[Provider],
    calendars: Calendars,
    weights: CostWeights,
    market: OnTimeHistory,
) -> BatchResult | None:
    ordered = sorted(given, key=lambda o: o.order_id.int)
    providers = sorted(pool, key=lambda p: p.id.int)
    require_unique([o.order_id for o in ordered], "order_id")
    require_unique([p.id for p in providers], "provider id")
    found = place_pruned(ordered, providers, calendars, weights, market)
    if found is None:
        return None
    by_id = {p.order_id: p for p in found}
    return BatchResult(tuple(by_id[o.order_id] for o in given))


def _greedy(problem: Problem) -> list[Placement]:
    return placements(problem, place_greedily(problem), Method.GREEDY)


def solve_component(problem: Problem, limits: SolverLimits = DEFAULT_LIMITS) -> list[Placement]:
    """The best placements of one independent component (see the module docstring)."""
    if greedy_is_exact(problem):
        return _greedy(problem)
    flow = solve_min_cost_flow(problem) or {}
    if flow and not breaks_lot_rules(problem, flow):
        return placements(problem, flow, Method.MIN_COST_FLOW)
    repaired = repair_lots(problem, flow)
    found = [placements(problem, repaired, Method.REPAIRED_FLOW), _greedy(problem)]
    if problem.day_variables <= limits.exact_day_variables:
        exact = solve_with_lot_rules(problem, repaired, limits.exact_deterministic_time)
        if exact is not None:
            found.insert(0, placements(problem, exact, Method.CP_SAT))
    return min(found, key=_score)


def _score(result: list[Placement]) -> tuple[int, int]:
    """Lexicographic objective: units left unplaced first, then cost."""
    return sum(p.shortfall for p in result), sum(p.cost for p in result)
