"""Pruned batches (pruning.py) give the full graph's optimum, by a smaller graph.

- on the bench's seeded instances (1,000 providers, one category) the pruned answer
  places the same units at the same cost (<= 1.001x) as the full graph, on a graph
  with fewer arcs; with a shortfall (load above capacity) and with lot rules too;
- on 200 small enumerated instances it equals the brute-force optimum;
- day_grid.py's vectorised unit costs equal costs.unit_cost option by option, with
  exceptions, seasons and holds in the calendars;
- duals.py's price of an order is what one more of its units costs (re-solved).
"""

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from ortools.graph.python import min_cost_flow

from services.matching.domain import (
    BatchResult,
    CapacityException,
    DateRange,
    Hold,
    SeasonalFactor,
    place_batch,
    pruning,
)
from services.matching.domain.costs import DEFAULT_WEIGHTS, NO_MARKET_RECORD, unit_cost
from services.matching.domain.day_grid import DayGrid, PoolCosts, batch_grid_days
from services.matching.domain.duals import order_prices
from services.matching.domain.feasibility import candidate
from services.matching.domain.network import Solved, options_of, solve
from services.matching.domain.solver import SolverLimits
from tests.bench.matching_instances import DAY0, Batch, Shape, batch

from .brute_force import optimum, search_space
from .invariants import assert_valid
from .random_instances import instance

PRUNED = SolverLimits(prune_from=0)
FULL = SolverLimits(prune_from=10**9)


def _both(b: Batch, limits: SolverLimits = PRUNED) -> tuple[BatchResult, BatchResult]:
    return (
        place_batch(b.orders, b.providers, b.calendars, limits=limits),
        place_batch(b.orders, b.providers, b.calendars, limits=FULL),
    )


def _graph_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Options in each graph pruning.py solves."""
    sizes: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Solved | None:
        sizes.append(len(args[4].cost))
        return solve(*args, **kwargs)

    monkeypatch.setattr(pruning, "solve", counted)
    return sizes


@pytest.mark.parametrize("seed", range(4))
def test_pruned_equals_the_full_optimum_at_1000_providers(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    b = batch(seed, Shape(1_000, 8, one_category=True))
    sizes = _graph_sizes(monkeypatch)
    pruned, full = _both(b)
    assert pruned.total_shortfall == full.total_shortfall == 0
    assert sum(p.placed for p in pruned.placements) == sum(p.placed for p in full.placements)
    assert pruned.total_cost <= full.total_cost * 1.001
    assert pruned.total_cost == full.total_cost  # both optimal: equal, not merely close
    assert sizes and sizes[-1] < 0.9 * sum(1 for o in b.orders for _ in b.providers)
    assert_valid(pruned, b.orders, b.providers, b.calendars)


@pytest.mark.parametrize("seed", range(2))
def test_pruned_equals_the_full_optimum_with_two_categories_and_a_shortfall(seed: int) -> None:
    b = batch(seed, Shape(400, 10, load=4.0))  # more asked than the windows hold
    pruned, full = _both(b)
    assert pruned.total_shortfall == full.total_shortfall > 0
    assert pruned.total_cost == full.total_cost  # which order falls short may differ (ties)
    assert_valid(pruned, b.orders, b.providers, b.calendars)


def test_with_lot_rules_the_answer_is_still_the_full_batchs() -> None:
    """The pruned flow breaks a lot rule here: the full batch is solved as before."""
    b = batch(1, Shape(300, 6, lot_rules=True))
    pruned, full = _both(b)
    assert (pruned.total_shortfall, pruned.total_cost) == (full.total_shortfall, full.total_cost)
    assert_valid(pruned, b.orders, b.providers, b.calendars)


@pytest.mark.skipif(
    not os.environ.get("PROCNET_SLOW_TESTS"), reason="about a minute: PROCNET_SLOW_TESTS=1"
)
def test_pruned_equals_the_full_optimum_at_10000_providers() -> None:
    b = batch(3, Shape(10_000, 8, one_category=True))
    pruned, full = _both(b)
    assert pruned.total_shortfall == full.total_shortfall
    assert pruned.total_cost == full.total_cost


def test_pruned_equals_brute_force_on_small_instances() -> None:
    checked = 0
    for seed in range(100):
        inst = instance(seed)
        if search_space(inst) > 60_000:
            continue
        found = place_batch(inst.orders, inst.providers, inst.calendars, limits=PRUNED)
        assert (found.total_shortfall, found.total_cost) == optimum(inst), seed
        assert_valid(found, inst.orders, inst.providers, inst.calendars)
        checked += 1
    assert checked >= 40


def _with_rules(b: Batch) -> Batch:
    """The same batch with exceptions, seasons and holds on a third of the calendars,
    and no calendar at all for some providers."""
    season = SeasonalFactor(b.providers[0].county, DateRange(DAY0, DAY0 + timedelta(5)), 60)
    later = datetime(2100, 1, 1, tzinfo=UTC)
    cals = dict(b.calendars)
    for n, key in enumerate(sorted(cals, key=lambda k: (k[0].int, k[1]))):
        if n % 7 == 1:
            del cals[key]  # no calendar: the provider's base rate (feasibility.calendar_for)
            continue
        if n % 3:
            continue
        cal = cals[key]
        extra = CapacityException(DateRange(DAY0 + timedelta(3), DAY0 + timedelta(9)), units=45)
        leave = CapacityException(DateRange(DAY0 + timedelta(8), DAY0 + timedelta(12)), percent=50)
        hold = Hold("h", {DAY0 + timedelta(4): 3, DAY0 + timedelta(6): 1}, later)
        cals[key] = replace(
            cal, exceptions=(extra, leave), seasons=(season,), holds=(hold,), booked=cal.booked
        )
    return Batch(b.orders, b.providers, cals)


def test_vectorised_costs_equal_unit_cost_option_by_option() -> None:
    b = _with_rules(batch(5, Shape(300, 6)))
    pool = sorted(b.providers, key=lambda p: p.id.int)
    first, days = batch_grid_days(b.orders)
    terms = PoolCosts(pool, DEFAULT_WEIGHTS, NO_MARKET_RECORD)
    compared = 0
    for order in b.orders:
        grid = DayGrid(pool, b.calendars, order.category, first, days)
        costs = terms.for_order(order, grid)
        for j, p in enumerate(pool):
            c = candidate(order, p, b.calendars)
            assert (costs.window_free[j] > 0) == (c is not None)
            if c is not None:
                assert costs.window_free[j] == c.window_free
                assert costs.cost[j] == unit_cost(c, DEFAULT_WEIGHTS, NO_MARKET_RECORD).total
                compared += 1
    assert compared > 500
    pruned, full = _both(b)
    assert (pruned.total_shortfall, pruned.total_cost) == (full.total_shortfall, full.total_cost)


def _resolved_cost(solved: Solved, supplies: np.ndarray) -> int:
    net = min_cost_flow.SimpleMinCostFlow()
    net.add_arcs_with_capacity_and_unit_cost(*solved.arcs)
    net.set_nodes_supplies(np.arange(len(supplies), dtype=np.int64), supplies)
    assert net.solve() == net.OPTIMAL
    return int(net.optimal_cost())


def test_an_orders_price_is_what_one_more_unit_costs() -> None:
    b = batch(2, Shape(120, 5, one_category=True))
    orders = sorted(b.orders, key=lambda o: o.order_id.int)
    pool = sorted(b.providers, key=lambda p: p.id.int)
    first, days = batch_grid_days(orders)
    grid = DayGrid(pool, b.calendars, orders[0].category, first, days)
    terms = PoolCosts(pool, DEFAULT_WEIGHTS, NO_MARKET_RECORD)
    costs = [terms.for_order(o, grid) for o in orders]
    every = [np.flatnonzero(c.window_free > 0) for c in costs]
    solved = solve(
        orders, [grid] * len(orders), costs, terms.county, options_of(every, costs), 10**9
    )
    assert solved is not None
    prices = order_prices(solved, 10**9)
    assert prices is not None
    quantity = np.array([o.quantity for o in orders], dtype=np.int64)
    supplies = np.concatenate([[-quantity.sum()], quantity])
    before = _resolved_cost(solved, supplies)
    for i in range(len(orders)):
        more = supplies.copy()
        more[0] -= 1
        more[1 + i] += 1
        assert _resolved_cost(solved, more) - before == prices[i]
