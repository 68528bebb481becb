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

from datetime import date

from ortools.graph.python import min_cost_flow

from services.matching.domain.problem import Allocation, Option, Problem, SlotKey

SINK = 0


def _node_ids(problem: Problem) -> tuple[dict[object, int], dict[SlotKey, int]]:
    keys: list[object] = [o.order_id for o in problem.orders]
    keys += [opt.key for opt in problem.options]
    inner = {key: n for n, key in enumerate(keys, start=1)}
    slots = {slot: n for n, slot in enumerate(problem.capacity, start=len(inner) + 1)}
    return inner, slots


def solve_min_cost_flow(problem: Problem) -> Allocation | None:
    """Per-day allocation of the optimum, or None when OR-Tools does not solve it."""
    net = min_cost_flow.SimpleMinCostFlow()
    nodes, slots = _node_ids(problem)
    penalty = problem.shortfall_penalty
    for order in problem.orders:
        net.add_arc_with_capacity_and_unit_cost(
            nodes[order.order_id], SINK, order.quantity, penalty
        )
        net.set_node_supply(nodes[order.order_id], order.quantity)
    net.set_node_supply(SINK, -sum(o.quantity for o in problem.orders))
    day_arcs: list[tuple[int, Option, date]] = []
    for opt in problem.options:
        tail, head = nodes[opt.key[0]], nodes[opt.key]
        net.add_arc_with_capacity_and_unit_cost(
            tail, head, opt.candidate.feasible_units, opt.unit_cost
        )
        for day in opt.days:
            cap = problem.capacity[opt.slot(day)]
            arc = net.add_arc_with_capacity_and_unit_cost(head, slots[opt.slot(day)], cap, 0)
            day_arcs.append((arc, opt, day))
    for slot, node in slots.items():
        net.add_arc_with_capacity_and_unit_cost(node, SINK, problem.capacity[slot], 0)
    if net.solve() != net.OPTIMAL:
        return None
    return _allocation(net, day_arcs)


def _allocation(
    net: min_cost_flow.SimpleMinCostFlow, day_arcs: list[tuple[int, Option, date]]
) -> Allocation:
    allocation: Allocation = {}
    for arc, opt, day in day_arcs:
        units = net.flow(arc)
        if units > 0:
            allocation.setdefault(opt.key, {})[day] = units
    return allocation
