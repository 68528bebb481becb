"""Place a batch as a min-cost flow (OR-Tools), ignoring lot rules.

    order (supply = quantity) --[feasible units, unit cost]--> option (order x provider)
    option --[free units that day, 0]--> slot (provider x category x day)
    slot --[free units that day, 0]--> sink
    order --[quantity, shortfall penalty]--> sink            "unplaced" arc

Slots are shared by every order of the batch, so the flow can never book a
provider beyond its free units on any day. The unplaced arc makes every batch
feasible: units that cannot be placed show up as shortfall, never as failure.
The penalty exceeds any placement cost, so the flow places as many units as
possible first and only then minimises cost. Nodes and arcs are added in a
sorted order, so the same batch always gives the same answer.
"""

from collections.abc import Set
from datetime import date
from uuid import UUID

import numpy as np
from ortools.graph.python import min_cost_flow

from services.matching.domain.problem import Allocation, Option, Problem

SINK = 0
DayArc = tuple[Option, date]


class _Network:
    """Arcs collected in plain lists, then handed to OR-Tools in one call."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.tails: list[int] = []
        self.heads: list[int] = []
        self.caps: list[int] = []
        self.costs: list[int] = []
        self.day_arcs: list[DayArc] = []

    def arc(self, tail: int, head: int, cap: int, cost: int) -> int:
        self.tails.append(tail)
        self.heads.append(head)
        self.caps.append(cap)
        self.costs.append(cost)
        return len(self.tails) - 1

    def build(self) -> int:
        """Adds every arc; returns the index of the first option->slot arc."""
        p = self.problem
        order_node = {o.order_id: n for n, o in enumerate(p.orders, start=1)}
        first_option = len(order_node) + 1
        first_slot = first_option + len(p.options)
        # node and capacity per slot in one dict: slot keys hold a UUID, slow to hash in Python
        slots = {s: (n, cap) for n, (s, cap) in enumerate(p.capacity.items(), start=first_slot)}
        for order in p.orders:
            self.arc(order_node[order.order_id], SINK, order.quantity, p.shortfall_penalty)
        for n, opt in enumerate(p.options, start=first_option):
            self.arc(order_node[opt.key[0]], n, opt.candidate.feasible_units, opt.unit_cost)
        first_day_arc = len(self.tails)
        for n, opt in enumerate(p.options, start=first_option):
            for day in opt.days:
                self.arc(n, *slots[opt.slot(day)], 0)
                self.day_arcs.append((opt, day))
        for node, cap in slots.values():
            self.arc(node, SINK, cap, 0)
        return first_day_arc


class FlowModel:
    """The network of one problem, built once and re-solvable with options ruled out."""

    def __init__(self, problem: Problem) -> None:
        network = _Network(problem)
        self._first_day_arc = network.build()
        self._day_arcs = network.day_arcs
        self._options = problem.options
        self._first_option_arc = len(problem.orders)
        self._net = min_cost_flow.SimpleMinCostFlow()
        columns = (network.tails, network.heads, network.caps, network.costs)
        self._net.add_arcs_with_capacity_and_unit_cost(
            *(np.array(c, dtype=np.int64) for c in columns)
        )
        for n, order in enumerate(problem.orders, start=1):
            self._net.set_node_supply(n, order.quantity)
        self._net.set_node_supply(SINK, -sum(o.quantity for o in problem.orders))

    def solve(self, excluded: Set[tuple[UUID, UUID]] = frozenset()) -> Allocation | None:
        """Optimal per-day allocation, or None when OR-Tools does not solve it."""
        caps = [0 if o.key in excluded else o.candidate.feasible_units for o in self._options]
        first_option = self._first_option_arc
        option_arcs = np.arange(first_option, first_option + len(caps), dtype=np.int64)
        self._net.set_arc_capacities(option_arcs, np.array(caps, dtype=np.int64))
        if self._net.solve() != self._net.OPTIMAL:
            return None
        first = self._first_day_arc
        flows = self._net.flows(np.arange(first, first + len(self._day_arcs), dtype=np.int64))
        return _allocation(flows, self._day_arcs)


def solve_min_cost_flow(problem: Problem) -> Allocation | None:
    return FlowModel(problem).solve()


def _allocation(flows: np.ndarray, day_arcs: list[DayArc]) -> Allocation:
    """Only the arcs that carry flow (a few hundred of maybe a million) are visited."""
    allocation: Allocation = {}
    for i in np.flatnonzero(flows > 0).tolist():
        opt, day = day_arcs[i]
        allocation.setdefault(opt.key, {})[day] = int(flows[i])
    return allocation
