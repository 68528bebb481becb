"""Each order's marginal cost in a solved min-cost flow: the dual prices pruning needs.

The network (network.py, as flow.py: order -> option -> slot -> sink, plus order ->
sink "unplaced"; a slot is a run of a provider's days, network.py) has costs on the
order -> option arcs only. Its option arcs' capacities never bind (an option's
run arcs hold at most its window's free units, the order supplies at
most its quantity), so the same optimum solves the *transport* form

    order o --[uncapacitated, c(o, p)]--> slot (p, d) --[free units]--> sink
    order o --[q_o, penalty M]--> sink

For an optimal flow the shortest distances to the sink in its residual graph are
dual prices (no residual cycle is negative): ``u_o`` for order o (what one more of
its units would cost) and ``lam_s >= 0`` for slot s (0 while s has room; a slot
carrying flow has the residual arc sink -> s of cost 0, so lam_s >= 0 by the
triangle inequality). Every residual arc then has a non-negative reduced cost;
in particular ``u_o <= c(o, p) + lam_(p,d)`` on every arc o -> (p, d).

In the transport form a residual path visits each order at most once, alternating
order -> slot (forward, c) and slot -> order' (backward along flow, -c'), so
Bellman-Ford needs at most (orders + 1) rounds; one more round that still lowers a
price means a negative cycle (the flow was not optimal) and gives None.
"""

import numpy as np

from services.matching.domain.network import Solved

INF = 2**61


def order_prices(solved: Solved, penalty: int) -> np.ndarray | None:
    """u_o per order (in the problem's order); None when the prices do not settle (the
    flow was not optimal)."""
    tails, _, caps, _ = solved.arcs
    flows = solved.flows
    k, d0, n_days = len(solved.shortfall), solved.first_run_arc, len(solved.run_flow)
    options = solved.options
    arc_order = options.order[solved.run_option]
    arc_cost = options.cost[solved.run_option]
    slots = slice(d0 + n_days, len(tails))
    arc_slot = solved.run_slot
    # an order's own price: the unplaced arc while some of its units are placed
    base_order = np.where(flows[:k] < caps[:k], penalty, INF).astype(np.int64)
    base_slot = np.where(flows[slots] < caps[slots], 0, INF).astype(np.int64)
    if n_days == 0:
        return base_order
    starts = np.flatnonzero(np.r_[True, arc_order[1:] != arc_order[:-1]])
    present = arc_order[starts]
    used = solved.run_flow > 0
    used_slot, used_order, used_cost = arc_slot[used], arc_order[used], arc_cost[used]
    order_price = base_order.copy()
    for _ in range(k + 2):
        slot_price = base_slot.copy()  # lam_s: room, or back along a flow to its order
        via = order_price[used_order]
        np.minimum.at(slot_price, used_slot, np.where(via >= INF, INF, via - used_cost))
        reach = np.minimum(arc_cost + slot_price[arc_slot], INF)
        lowered = np.minimum(base_order[present], np.minimum.reduceat(reach, starts))
        if np.array_equal(lowered, order_price[present]):
            return order_price
        order_price[present] = lowered
    return None
