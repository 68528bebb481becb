"""Solve a large batch on a smaller graph, and prove the answer is the full graph's.

At 10,000 or 100,000 providers the full min-cost flow (flow.py) has an arc per
order x provider x day: a million arcs or more, most of them carrying nothing.
Here every (order, provider) unit cost is computed at once from the day grid
(day_grid.py: numpy over all providers, the same integers as costs.unit_cost), so
the bound used to leave a provider out is its exact unit cost c(o, p), the
tightest lower bound there is. Each order first gets its cheapest candidates, as
many as can hold FIRST_COVER x what the orders competing with it ask; the flow is
solved on that graph (network.py, days merged into runs); then the solution's
dual prices (duals.py) say whether any left-out provider could help:

    u_o = what one more unit of order o costs at the pruned optimum
    a left-out provider p may stay out of order o's graph if  c(o, p) >= u_o

Those that may not are added and the graph is solved again, until none is left
(one round on the bench's batches; the first guess only decides how many).

Why the answer is then the full graph's optimum (the same units placed, the same
cost). The pruned flow is feasible in the full graph. Its dual prices (u_o per
order, lam_s >= 0 per slot, duals.py) give every residual arc of the pruned graph
a non-negative reduced cost. Extend them to the full graph: a slot of a provider
absent from the pruned graph has room and no flow, so lam_s = 0 there. The full
graph adds only arcs o -> (p, s) of left-out pairs (and the new slots' arcs to the
sink, reduced cost 0 - 0 = 0), each with reduced cost

    c(o, p) + lam_s - u_o  >=  c(o, p) - u_o  >=  0        (lam_s >= 0)

So no arc of the full residual graph has a negative reduced cost: no negative
cycle, and the pruned flow is optimal in the full graph (the min-cost flow
optimality criterion).

Both graphs use the same shortfall penalty M = 1 + k * w, with k the batch's orders
and w the largest unit cost of any candidate (of the full graph). That is enough for
"optimal" to mean most units placed, then least cost: a flow placing fewer units than
possible has, in its residual graph, a cycle sink -> o (undoing one unplaced unit,
-M) -> ... -> sink along a simple path that enters each order at most once, so
through at most k arcs of positive cost, each at most w: the cycle costs < 0, and the
flow was not optimal. (flow.py's penalty, 1 + w * units, is larger; any penalty above
k * w gives the same units and the same cost.) An order left with a shortfall has
u_o = M, above every unit cost, so every candidate for it joins its graph: the
shortfall's reason (splitting.reason_for) is read from all of them, as without pruning.

Lot rules are not part of that argument: when the pruned flow breaks one, the
caller solves the full batch as before (lot repair and CP-SAT are not exact at this
size either way). ``tests/unit/matching/test_pruning.py`` compares pruned and full
answers on seeded instances.
"""

from collections.abc import Sequence

import numpy as np

from services.matching.domain.costs import CostWeights
from services.matching.domain.day_grid import DayGrid, OrderCosts, PoolCosts, batch_grid_days
from services.matching.domain.duals import order_prices
from services.matching.domain.feasibility import Calendars
from services.matching.domain.network import Options, Solved, lots, options_of, solve
from services.matching.domain.order import OrderToPlace
from services.matching.domain.placement import Lot, Method, Placement
from services.matching.domain.provider import OnTimeHistory, Provider
from services.matching.domain.splitting import reason_for

FIRST_COVER = 1.0  # the first graph: each order's cheapest providers able to hold what
# every order competing with it asks (same category, overlapping dates), this many times
MAX_ROUNDS = 12  # then the caller solves the full graph (2-4 rounds are the rule)
NONE = 2**62  # no candidate: never in the graph


def place_pruned(
    orders: Sequence[OrderToPlace],
    pool: Sequence[Provider],
    calendars: Calendars,
    weights: CostWeights,
    market: OnTimeHistory,
    prune: bool = True,
) -> list[Placement] | None:
    """The full batch's optimal placements (orders and pool sorted by id), found on a
    pruned graph (every candidate when ``prune`` is False); None when the flow breaks
    a lot rule or its prices do not settle."""
    return PrunedBatch(orders, pool, calendars, market).place(weights, prune)


class PrunedBatch:
    """One batch's day grids, built once: ``place`` solves it at any cost weights (the
    freight budget's search re-costs the same batch once per probe)."""

    def __init__(
        self,
        orders: Sequence[OrderToPlace],
        pool: Sequence[Provider],
        calendars: Calendars,
        market: OnTimeHistory,
    ) -> None:
        self.orders, self.pool, self.market = orders, pool, market
        self.grids: list[DayGrid] = []
        if orders:
            first, days = batch_grid_days(orders)
            grids = {
                c: DayGrid(pool, calendars, c, first, days) for c in {o.category for o in orders}
            }
            self.grids = [grids[o.category] for o in orders]

    def place(self, weights: CostWeights, prune: bool = True) -> list[Placement] | None:
        """The batch's optimal placements at ``weights`` (see place_pruned)."""
        orders, pool = self.orders, self.pool
        if not orders:
            return []
        terms = PoolCosts(pool, weights, self.market)
        costs = [terms.for_order(o, g) for o, g in zip(orders, self.grids, strict=True)]
        bound = [np.where(c.window_free > 0, c.cost, NONE) for c in costs]
        worst = max(int(c.cost[c.window_free > 0].max(initial=0)) for c in costs)
        penalty = 1 + worst * len(orders)  # see the module docstring
        picked = [
            _first_pick(b, c.window_free, _contested(o, orders))
            if prune
            else np.flatnonzero(b < NONE)
            for b, c, o in zip(bound, costs, orders, strict=True)
        ]
        for _ in range(MAX_ROUNDS):
            selected = options_of(picked, costs)
            solved = solve(orders, self.grids, costs, terms.county, selected, penalty)
            prices = order_prices(solved, penalty) if solved is not None else None
            if solved is None or prices is None:
                return None
            grown = False
            for i in range(len(orders)):
                chosen = np.zeros(len(pool), dtype=bool)
                chosen[picked[i]] = True
                missing = np.flatnonzero(~chosen & (bound[i] < prices[i]))
                if len(missing):
                    picked[i] = np.concatenate([picked[i], missing])
                    grown = True
            if not grown:
                return _placements(orders, pool, self.grids, costs, solved)
        return None


def _contested(order: OrderToPlace, orders: Sequence[OrderToPlace]) -> int:
    """Units asked by the orders that compete with ``order`` for the same capacity."""
    return sum(
        o.quantity
        for o in orders
        if o.category == order.category
        and o.materials_ready <= order.plan_until
        and order.materials_ready <= o.plan_until
    )


def _first_pick(bound: np.ndarray, free: np.ndarray, units: int) -> np.ndarray:
    """The cheapest candidates whose windows add up to FIRST_COVER x ``units``: the
    guess only decides how many rounds it takes, never the answer."""
    ranked = np.argsort(bound, kind="stable")
    ranked = ranked[bound[ranked] < NONE]
    enough = int(np.searchsorted(np.cumsum(free[ranked]), FIRST_COVER * units)) + 1
    return ranked[:enough]


def _placements(
    orders: Sequence[OrderToPlace],
    pool: Sequence[Provider],
    grids: Sequence[DayGrid],
    costs: Sequence[OrderCosts],
    solved: Solved,
) -> list[Placement] | None:
    """Per order its lots (provider id order, days ascending); None when a lot breaks
    a lot rule (the caller then solves the full batch the usual way). Every grid of
    the batch starts on the same day (batch_grid_days)."""
    options: Options = solved.options
    lot_units = solved.option_flow
    smallest = np.array([o.smallest_lot for o in orders], dtype=np.int64)[options.order]
    if np.any((lot_units > 0) & (lot_units < smallest)):
        return None
    schedules = lots(solved, grids)
    found_lots: list[list[Lot]] = [[] for _ in orders]
    for opt in sorted(schedules):
        provider = pool[int(options.provider[opt])].id
        cost = int(lot_units[opt]) * int(options.cost[opt])
        found_lots[int(options.order[opt])].append(Lot(provider, schedules[opt], cost))
    found = []
    for i, order in enumerate(orders):
        shortfall = int(solved.shortfall[i])
        reason = None
        if shortfall:
            one_can_hold = bool(np.any(costs[i].window_free >= order.quantity))
            on_offer = bool(grids[i].base.max(initial=0) > 0)  # anyone makes the category
            reason = reason_for(order, on_offer, one_can_hold)
        method = Method.MIN_COST_FLOW
        found.append(Placement(order.order_id, tuple(found_lots[i]), shortfall, reason, method))
    return found
