"""flow.py's min-cost flow network, built with numpy from day_grid.py's arrays.

The same graph as flow.py (order -> option -> slot -> sink, order -> sink for the
unplaced units), for the options pruning.py selects: nodes are numbered sink 0,
orders 1..k, options, then slots; arcs come as order->sink (k), order->option (m),
option->slot (one per option and day with free units, in option then day order),
slot->sink. Options are in order, then provider (id) order, slots in (category,
provider, day) order, so the same selection always gives the same answer.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from services.matching.domain.day_grid import DayGrid, OrderCosts
from services.matching.domain.order import OrderToPlace


@dataclass(frozen=True)
class Options:
    """The selected (order, provider) pairs with a candidate, by order then provider."""

    order: np.ndarray  # order index
    provider: np.ndarray  # provider position in the pool
    cost: np.ndarray  # unit cost


@dataclass(frozen=True)
class Solved:
    options: Options
    day_option: np.ndarray  # per day arc: option index
    day: np.ndarray  # per day arc: grid column
    day_flow: np.ndarray
    option_flow: np.ndarray
    shortfall: np.ndarray  # per order
    arcs: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # tails, heads, caps, costs
    flows: np.ndarray  # every arc's

    @property
    def first_day_arc(self) -> int:
        return len(self.shortfall) + len(self.options.cost)


def options_of(picked: Sequence[np.ndarray], costs: Sequence[OrderCosts]) -> Options:
    """The picked providers of each order that are candidates (free units in the window)."""
    parts = [np.sort(p[costs[i].window_free[p] > 0]) for i, p in enumerate(picked)]
    order = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(parts)])
    provider = np.concatenate(parts).astype(np.int64)
    cost = np.concatenate([costs[i].cost[p] for i, p in enumerate(parts)]).astype(np.int64)
    return Options(order, provider, cost)


def solve(
    orders: Sequence[OrderToPlace],
    grids: Sequence[DayGrid],
    costs: Sequence[OrderCosts],
    options: Options,
    penalty: int,
) -> Solved | None:
    """The optimal flow, or None when OR-Tools does not report one. ``grids[i]`` is
    the grid of order i's category (orders of one category share it)."""
    k, m = len(orders), len(options.cost)
    firsts = np.array([costs[i].first for i in range(k)]) if k else np.zeros((0, 0))
    ends = np.array([costs[i].end for i in range(k)]) if k else np.zeros((0, 0))
    first = firsts[options.order, options.provider]
    lens = ends[options.order, options.provider] - first
    day_option = np.repeat(np.arange(m, dtype=np.int64), lens)
    starts = np.cumsum(lens) - lens
    day = np.repeat(first - starts, lens) + np.arange(int(lens.sum()), dtype=np.int64)
    grid_of = _grid_index(orders, grids)
    width = max((g.days for g in grids), default=1)
    n = max((g.free.shape[0] for g in grids), default=0)
    day_grid = grid_of[options.order[day_option]]
    day_provider = options.provider[day_option]
    free = _free_at(grids, day_grid, day_provider, day)
    keep = free > 0
    day_option, day, free = day_option[keep], day[keep], free[keep]
    slot_key = (day_grid[keep] * n + day_provider[keep]) * width + day
    slot_keys, first_arc, slot_of_arc = np.unique(slot_key, return_inverse=True, return_index=True)
    slot_cap = free[first_arc]
    first_slot = 1 + k + m
    tails = np.concatenate(
        [
            np.arange(1, k + 1),
            1 + options.order,
            1 + k + day_option,
            first_slot + np.arange(len(slot_keys)),
        ]
    ).astype(np.int64)
    heads = np.concatenate(
        [
            np.zeros(k, dtype=np.int64),
            1 + k + np.arange(m),
            first_slot + slot_of_arc,
            np.zeros(len(slot_keys), dtype=np.int64),
        ]
    ).astype(np.int64)
    quantity = np.array([o.quantity for o in orders], dtype=np.int64)
    feasible = np.minimum(quantity[options.order], costs_window(costs, options))
    caps = np.concatenate([quantity, feasible, free, slot_cap]).astype(np.int64)
    unit = np.concatenate(
        [np.full(k, penalty), options.cost, np.zeros(len(free) + len(slot_keys))]
    ).astype(np.int64)
    net = min_cost_flow.SimpleMinCostFlow()
    net.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, unit)
    supplies = np.concatenate([[-int(quantity.sum())], quantity]).astype(np.int64)
    net.set_nodes_supplies(np.arange(k + 1, dtype=np.int64), supplies)
    if net.solve() != net.OPTIMAL:
        return None
    flows = net.flows(np.arange(len(tails), dtype=np.int64))
    d0 = k + m
    return Solved(
        options,
        day_option,
        day,
        flows[d0 : d0 + len(free)],
        flows[k:d0],
        flows[:k],
        (tails, heads, caps, unit),
        flows,
    )


def costs_window(costs: Sequence[OrderCosts], options: Options) -> np.ndarray:
    free = np.array([c.window_free for c in costs]) if costs else np.zeros((0, 0))
    return free[options.order, options.provider]


def _grid_index(orders: Sequence[OrderToPlace], grids: Sequence[DayGrid]) -> np.ndarray:
    ids = {id(g): n for n, g in enumerate(dict.fromkeys(grids))}
    return np.array([ids[id(g)] for g in grids], dtype=np.int64)


def _free_at(
    grids: Sequence[DayGrid], grid: np.ndarray, provider: np.ndarray, day: np.ndarray
) -> np.ndarray:
    distinct = list(dict.fromkeys(grids))
    if len(distinct) == 1:
        return distinct[0].free[provider, day]
    out = np.zeros(len(day), dtype=np.int64)
    for n, g in enumerate(distinct):
        mine = grid == n
        out[mine] = g.free[provider[mine], day[mine]]
    return out
