"""flow.py's min-cost flow, built with numpy from day_grid.py's arrays, days merged.

The graph is flow.py's (order -> option -> slot -> sink, order -> sink for the
unplaced units) with one change: a slot is not one provider-day but a *run* of a
provider's days that every order of the batch either may use entirely or not at
all. The runs are cut at every order's window edges (windows depend on the order
and the provider's county only), so within a run the days are interchangeable for
every order: any flow over per-day slots maps to one over runs of the same cost
(sum the days) and back (fill the run's days in turn, each order at most its flow,
never a day beyond its free units). The optimum is the same; the graph has an arc
per option and run, not per option and day. ``lots`` turns run flows back into
per-day schedules.

Nodes: sink 0, orders 1..k, options, then slots; arcs: order->sink (k),
order->option (m), option->run (in option then day order), slot->sink. Options
are in order, then provider (id) order; slots in (grid, provider, run) order, so
the same selection always gives the same answer.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from ortools.graph.python import min_cost_flow

from services.matching.domain.day_grid import COUNTIES, DayGrid, OrderCosts
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
    run_option: np.ndarray  # per option->run arc: option index
    run_first: np.ndarray  # per arc: the run's first grid column
    run_end: np.ndarray  # one past its last
    run_slot: np.ndarray  # per arc: slot index
    run_flow: np.ndarray
    option_flow: np.ndarray
    shortfall: np.ndarray  # per order
    arcs: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # tails, heads, caps, costs
    flows: np.ndarray  # every arc's

    @property
    def first_run_arc(self) -> int:
        return len(self.shortfall) + len(self.options.cost)


def options_of(picked: Sequence[np.ndarray], costs: Sequence[OrderCosts]) -> Options:
    """The picked providers of each order that are candidates (free units in the window)."""
    parts = [np.sort(p[costs[i].window_free[p] > 0]) for i, p in enumerate(picked)]
    order = np.concatenate([np.full(len(p), i, dtype=np.int64) for i, p in enumerate(parts)])
    provider = np.concatenate(parts).astype(np.int64)
    cost = np.concatenate([costs[i].cost[p] for i, p in enumerate(parts)]).astype(np.int64)
    return Options(order, provider, cost)


class _Runs:
    """Per (grid, county): the cut columns, and each column's run."""

    def __init__(self, grid_of: np.ndarray, costs: Sequence[OrderCosts], days: int) -> None:
        grids, counties = int(grid_of.max(initial=0)) + 1, len(COUNTIES)
        self.run_of = np.zeros((grids, counties, days + 1), dtype=np.int64)
        self.starts = np.zeros((grids, counties, days + 1), dtype=np.int64)
        for g in range(grids):
            mine = [costs[i] for i in np.flatnonzero(grid_of == g).tolist()]
            for c in range(counties):
                cuts = {0, days, *(int(x.county_first[c]) for x in mine)}
                cuts |= {int(x.county_end[c]) for x in mine}
                edges = np.array(sorted(cuts), dtype=np.int64)
                self.starts[g, c, : len(edges)] = edges
                self.run_of[g, c] = np.searchsorted(edges, np.arange(days + 1), side="right") - 1


def solve(
    orders: Sequence[OrderToPlace],
    grids: Sequence[DayGrid],
    costs: Sequence[OrderCosts],
    county: np.ndarray,
    options: Options,
    penalty: int,
) -> Solved | None:
    """The optimal flow, or None when OR-Tools does not report one. ``grids[i]`` is
    the grid of order i's category (every grid covers the same days)."""
    k, m = len(orders), len(options.cost)
    grid_of = _grid_index(grids)
    days = grids[0].days
    runs = _Runs(grid_of, costs, days)
    firsts = np.array([c.first for c in costs])
    ends = np.array([c.end for c in costs])
    g_opt, c_opt = grid_of[options.order], county[options.provider]
    lo = runs.run_of[g_opt, c_opt, firsts[options.order, options.provider]]
    hi = runs.run_of[g_opt, c_opt, ends[options.order, options.provider]]
    lens = hi - lo
    run_option = np.repeat(np.arange(m, dtype=np.int64), lens)
    offsets = np.cumsum(lens) - lens
    run = np.repeat(lo - offsets, lens) + np.arange(int(lens.sum()), dtype=np.int64)
    g_arc, c_arc = g_opt[run_option], c_opt[run_option]
    run_first = runs.starts[g_arc, c_arc, run]
    run_end = runs.starts[g_arc, c_arc, run + 1]
    provider = options.provider[run_option]
    cap = _free_between(grids, grid_of, g_arc, provider, run_first, run_end)
    keep = cap > 0
    run_option, run_first, run_end, cap = (
        run_option[keep],
        run_first[keep],
        run_end[keep],
        cap[keep],
    )
    n = grids[0].free.shape[0]
    slot_key = (g_arc[keep] * n + provider[keep]) * (days + 1) + run_first
    slot_keys, first_arc, run_slot = np.unique(slot_key, return_index=True, return_inverse=True)
    slot_cap = cap[first_arc]
    first_slot = 1 + k + m
    s = len(slot_keys)
    tails = np.concatenate(
        [np.arange(1, k + 1), 1 + options.order, 1 + k + run_option, first_slot + np.arange(s)]
    )
    heads = np.concatenate(
        [np.zeros(k, np.int64), 1 + k + np.arange(m), first_slot + run_slot, np.zeros(s, np.int64)]
    )
    quantity = np.array([o.quantity for o in orders], dtype=np.int64)
    window = np.array([c.window_free for c in costs])[options.order, options.provider]
    caps = np.concatenate([quantity, np.minimum(quantity[options.order], window), cap, slot_cap])
    unit = np.concatenate([np.full(k, penalty), options.cost, np.zeros(len(cap) + s, np.int64)])
    arcs = tuple(a.astype(np.int64, copy=False) for a in (tails, heads, caps, unit))
    net = min_cost_flow.SimpleMinCostFlow()
    net.add_arcs_with_capacity_and_unit_cost(*arcs)
    supplies = np.concatenate([[-int(quantity.sum())], quantity]).astype(np.int64)
    net.set_nodes_supplies(np.arange(k + 1, dtype=np.int64), supplies)
    if net.solve() != net.OPTIMAL:
        return None
    flows = net.flows(np.arange(len(tails), dtype=np.int64))
    r0 = k + m
    return Solved(
        options,
        run_option,
        run_first,
        run_end,
        run_slot,
        flows[r0 : r0 + len(cap)],
        flows[k:r0],
        flows[:k],
        (arcs[0], arcs[1], arcs[2], arcs[3]),
        flows,
    )


def lots(solved: Solved, grids: Sequence[DayGrid]) -> dict[int, dict[date, int]]:
    """Per option with flow its units per day: each run's flows, in option order, fill
    the run's days in turn (never a day beyond its free units). Arc i of a run takes
    the units at positions [before_i, before_i + flow_i) of the run's days laid end
    to end, so a day gets the overlap of that span with its own."""
    fl = np.flatnonzero(solved.run_flow > 0)
    fl = fl[np.lexsort((solved.run_option[fl], solved.run_slot[fl]))]
    slot, flow = solved.run_slot[fl], solved.run_flow[fl]
    taken = np.cumsum(flow)
    opens = np.flatnonzero(np.r_[True, slot[1:] != slot[:-1]]) if len(fl) else fl
    group_start = np.repeat(opens, np.diff(np.r_[opens, len(fl)]))
    before = taken - flow - (taken[group_start] - flow[group_start]) if len(fl) else flow
    first, lens = solved.run_first[fl], solved.run_end[fl] - solved.run_first[fl]
    arc = np.repeat(np.arange(len(fl), dtype=np.int64), lens)
    offsets = np.cumsum(lens) - lens
    day = np.repeat(first - offsets, lens) + np.arange(int(lens.sum()), dtype=np.int64)
    option = solved.run_option[fl][arc]
    order, provider = solved.options.order[option], solved.options.provider[option]
    grid_of = _grid_index(grids)
    free = _free_between(grids, grid_of, grid_of[order], provider, day, day + 1)
    laid = np.cumsum(free)
    day_before = laid - free - (laid[offsets] - free[offsets])[arc]
    start, end = before[arc], before[arc] + flow[arc]
    units = np.minimum(end, day_before + free) - np.maximum(start, day_before)
    keep = units > 0
    option, day, units = option[keep], day[keep], units[keep]
    by = np.lexsort((day, option))
    option, day, units = option[by], day[by], units[by]
    dates = [grids[0].first + timedelta(d) for d in range(grids[0].days)]
    cuts = np.flatnonzero(np.r_[True, option[1:] != option[:-1], True]).tolist()
    days_as_dates = [dates[d] for d in day.tolist()]
    counts = units.tolist()
    return (
        {
            int(option[a]): dict(zip(days_as_dates[a:b], counts[a:b], strict=True))
            for a, b in itertools.pairwise(cuts)
        }
        if len(option)
        else {}
    )


def _grid_index(grids: Sequence[DayGrid]) -> np.ndarray:
    """Per order, which of the batch's distinct grids (categories) it uses."""
    ids = {id(g): n for n, g in enumerate(dict.fromkeys(grids))}
    return np.array([ids[id(g)] for g in grids], dtype=np.int64)


def _free_between(
    grids: Sequence[DayGrid],
    grid_of: np.ndarray,
    grid: np.ndarray,
    provider: np.ndarray,
    first: np.ndarray,
    end: np.ndarray,
) -> np.ndarray:
    """Free units of each provider's days [first, end) in its grid."""
    out = np.zeros(len(first), dtype=np.int64)
    for n, g in enumerate(dict.fromkeys(grids)):
        mine = grid == n
        cum = g.cum_free
        out[mine] = cum[provider[mine], end[mine]] - cum[provider[mine], first[mine]]
    return out
