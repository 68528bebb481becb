"""The pure min-cost flow optimum of a batch, written apart from the matcher's network.

It uses the matcher's cost model and capacities (``build_problem``: same
instance, same prices) but its own graph: order -> provider-day slot arcs at
the option's unit cost, slot -> sink at the slot's free units, and an
unplaced arc per order. No option nodes: an order's supply and the slot
capacities already bound what one provider can take. Lot rules are ignored,
so on batches where they cannot bind this is the true optimum, and elsewhere
a lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from services.matching.domain.problem import Problem


@dataclass(frozen=True)
class Optimum:
    cost: int
    placed: int


def optimum(problem: Problem) -> Optimum:
    orders = {o.order_id: n for n, o in enumerate(problem.orders, start=1)}
    slots = {s: n for n, s in enumerate(problem.capacity, start=len(orders) + 1)}
    sink = 0
    arcs = [
        (orders[o.order_id], sink, o.quantity, problem.shortfall_penalty) for o in problem.orders
    ]
    placing = len(arcs)
    arcs += [
        (orders[opt.key[0]], slots[opt.slot(day)], problem.capacity[opt.slot(day)], opt.unit_cost)
        for opt in problem.options
        for day in opt.days
    ]
    placed_arcs = len(arcs) - placing
    arcs += [(node, sink, problem.capacity[s], 0) for s, node in slots.items()]
    net = min_cost_flow.SimpleMinCostFlow()
    tails, heads, caps, costs = (np.array(c, dtype=np.int64) for c in zip(*arcs, strict=True))
    net.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    for o in problem.orders:
        net.set_node_supply(orders[o.order_id], o.quantity)
    net.set_node_supply(sink, -sum(o.quantity for o in problem.orders))
    if net.solve() != net.OPTIMAL:
        raise RuntimeError("reference min-cost flow found no optimum")
    flows = net.flows(np.arange(placing, placing + placed_arcs, dtype=np.int64))
    unit = costs[placing : placing + placed_arcs]
    return Optimum(int((flows * unit).sum()), int(flows.sum()))
