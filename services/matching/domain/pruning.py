"""Solve a large batch on a smaller graph, and prove the answer is the full graph's.

At 10,000 or 100,000 providers the full min-cost flow (flow.py) has an arc per
order x provider x day: millions of arcs built in Python, most of them carrying
nothing. Here each order first gets only its cheapest providers *by a lower bound*
(bounds.py: cost terms known without a calendar window), enough to hold its
quantity FIRST_COVER times over; the flow is solved on that graph; then the
solution's dual prices (duals.py) say whether any left-out provider could help:

    u_o = what one more unit of order o costs at the pruned optimum
    a left-out provider p may stay out of order o's graph if  bound(o, p) >= u_o

Those that may not are added and the graph is solved again, until none is left.

Why the answer is then the full graph's optimum (the same units placed, the same
cost). The pruned flow is feasible in the full graph. Its dual prices (u_o per
order, lam_s >= 0 per slot, duals.py) give every residual arc of the pruned graph
a non-negative reduced cost. Extend them to the full graph: a slot of a provider
absent from the pruned graph has room and no flow, so lam_s = 0 there. The full
graph adds only arcs o -> (p, d) of left-out pairs (and the new slots' arcs to the
sink, reduced cost 0 - 0 = 0), each with reduced cost

    c(o, p) + lam_(p,d) - u_o  >=  bound(o, p) - u_o  >=  0

because c >= bound (bounds.py) and lam >= 0. So no arc of the full residual graph
has a negative reduced cost: no negative cycle, and the pruned flow is optimal in
the full graph (the min-cost flow optimality criterion). Both graphs use the same
shortfall penalty, above every option's unit cost times the batch's units (bounded
by ``ProviderBounds.most_per_unit``), so "optimal" means most units placed, then
least cost, in both. An order left with a shortfall has u_o = penalty, above every
bound, so every provider with a window for it joins its graph: the shortfall's
reason (splitting.shortfall_reason) is read from all of them, as without pruning.

Lot rules are not part of that argument: when the pruned flow breaks one, the
caller solves the full batch as before (lot repair and CP-SAT are not exact at this
size either way). The test ``tests/unit/matching/test_pruning.py`` compares pruned
and full answers on seeded instances.
"""

from collections.abc import Sequence

import numpy as np

from services.matching.domain.bounds import NONE, ProviderBounds
from services.matching.domain.costs import CostWeights, unit_cost
from services.matching.domain.duals import order_prices
from services.matching.domain.feasibility import Calendars, candidate
from services.matching.domain.flow import FlowModel
from services.matching.domain.order import OrderToPlace
from services.matching.domain.placement import Method, Placement
from services.matching.domain.problem import Option, Problem
from services.matching.domain.provider import OnTimeHistory, Provider
from services.matching.domain.splitting import breaks_lot_rules, placements

FIRST_COVER = 3  # the first graph: cheapest providers (by bound) able to hold 3x the order
MAX_ROUNDS = 12  # then the caller solves the full graph (never seen: 2-4 rounds suffice)


class _Graph:
    """The growing set of (order, provider) options, each candidate built once."""

    def __init__(
        self,
        orders: Sequence[OrderToPlace],
        pool: Sequence[Provider],
        calendars: Calendars,
        weights: CostWeights,
        market: OnTimeHistory,
    ) -> None:
        self.orders, self.pool, self.calendars = orders, pool, calendars
        self.weights, self.market = weights, market
        self.chosen = [np.zeros(len(pool), dtype=bool) for _ in orders]
        self.options: list[dict[int, Option]] = [{} for _ in orders]

    def add(self, i: int, providers: np.ndarray) -> None:
        order, mine = self.orders[i], self.options[i]
        self.chosen[i][providers] = True
        for j in providers.tolist():
            found = candidate(order, self.pool[j], self.calendars)
            if found is not None:
                mine[j] = Option(found, unit_cost(found, self.weights, self.market).total)

    def problem(self, penalty: int) -> Problem:
        # orders and providers in id order, as build_problem has them: deterministic
        options = tuple(opt for mine in self.options for _, opt in sorted(mine.items()))
        capacity = {opt.slot(d): opt.candidate.free_by_day[d] for opt in options for d in opt.days}
        offered = frozenset(
            cat for p in self.pool for cat, units in p.categories.items() if units > 0
        )
        return Problem(tuple(self.orders), options, capacity, offered, penalty)


def place_pruned(
    orders: Sequence[OrderToPlace],
    pool: Sequence[Provider],
    calendars: Calendars,
    weights: CostWeights,
    market: OnTimeHistory,
) -> list[Placement] | None:
    """The full batch's optimal placements (orders and pool sorted by id), found on a
    pruned graph; None when the flow breaks a lot rule or the prices do not settle."""
    bounds = ProviderBounds(pool, calendars, {o.category for o in orders}, weights, market)
    penalty = 1 + bounds.most_per_unit(orders) * sum(o.quantity for o in orders)
    graph = _Graph(orders, pool, calendars, weights, market)
    bound = []
    for i, order in enumerate(orders):
        cost, room = bounds.for_order(order)
        bound.append(cost)
        graph.add(i, _first_pick(cost, room, order.quantity))
    for _ in range(MAX_ROUNDS):
        problem = graph.problem(penalty)
        model = FlowModel(problem)
        allocation = model.solve()
        prices = order_prices(model, problem.shortfall_penalty, len(orders))
        if allocation is None or prices is None:
            return None
        grown = False
        for i in range(len(orders)):
            missing = np.flatnonzero(~graph.chosen[i] & (bound[i] < prices[i]))
            if len(missing):
                graph.add(i, missing)
                grown = True
        if not grown:
            if breaks_lot_rules(problem, allocation):
                return None
            return placements(problem, allocation, Method.MIN_COST_FLOW)
    return None


def _first_pick(cost: np.ndarray, room: np.ndarray, quantity: int) -> np.ndarray:
    """The cheapest providers by bound whose rooms add up to FIRST_COVER x quantity."""
    ranked = np.argsort(cost, kind="stable")
    ranked = ranked[cost[ranked] < NONE]
    enough = int(np.searchsorted(np.cumsum(room[ranked]), FIRST_COVER * quantity)) + 1
    return ranked[:enough]
