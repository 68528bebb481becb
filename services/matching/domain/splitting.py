"""Lot rules, and turning a per-day allocation into lots and placements.

Rules: a lot (one provider's share of one order) must be at least
`order.smallest_lot` units: `min_lot`, or the whole order when that is
smaller; a non-splittable order's smallest lot is its whole quantity, so it
goes to one provider or stays unplaced. Min-cost flow cannot express these
rules; the solver checks its answer with `breaks_lot_rules`, then repairs it
(lot_repair.py) and, for small components, re-solves exactly with CP-SAT
(lot_solver.py); see solver.py.
"""

from uuid import UUID

from services.matching.domain.order import OrderToPlace
from services.matching.domain.placement import Lot, Method, Placement, ShortfallReason
from services.matching.domain.problem import Allocation, Option, Problem


def lot_units(allocation: Allocation, option: Option) -> int:
    return sum(allocation.get(option.key, {}).values())


def breaks_lot_rules(problem: Problem, allocation: Allocation) -> bool:
    return any(
        0 < lot_units(allocation, opt) < opt.candidate.order.smallest_lot for opt in problem.options
    )


def shortfall_reason(problem: Problem, order: OrderToPlace) -> ShortfallReason:
    options = problem.options_for(order.order_id)
    one_can_hold = any(o.candidate.window_free >= order.quantity for o in options)
    return reason_for(order, order.category in problem.categories_on_offer, one_can_hold)


def reason_for(order: OrderToPlace, on_offer: bool, one_can_hold: bool) -> ShortfallReason:
    """Why units of `order` stay unplaced: `on_offer` whether any provider makes its
    category, `one_can_hold` whether one candidate's window could hold all of it."""
    if order.deadline_passed:
        return ShortfallReason.DEADLINE_PASSED
    if order.beyond_horizon:
        return ShortfallReason.BEYOND_HORIZON
    if not on_offer:
        return ShortfallReason.NO_PROVIDER_FOR_CATEGORY
    if not order.splittable and not one_can_hold:
        return ShortfallReason.NO_SINGLE_PROVIDER
    return ShortfallReason.NOT_ENOUGH_CAPACITY


def _lots(problem: Problem, allocation: Allocation, order_id: UUID) -> tuple[Lot, ...]:
    lots = []
    for opt in problem.options_for(order_id):
        schedule = {d: u for d, u in sorted(allocation.get(opt.key, {}).items()) if u > 0}
        if schedule:
            lots.append(Lot(opt.key[1], schedule, opt.unit_cost * sum(schedule.values())))
    return tuple(lots)


def placements(problem: Problem, allocation: Allocation, method: Method) -> list[Placement]:
    """One placement per order of the problem, in order-id order."""
    result = []
    for order in problem.orders:
        lots = _lots(problem, allocation, order.order_id)
        shortfall = order.quantity - sum(lot.units for lot in lots)
        reason = shortfall_reason(problem, order) if shortfall else None
        result.append(Placement(order.order_id, lots, shortfall, reason, method))
    return result
