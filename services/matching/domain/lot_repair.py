"""Repair a min-cost flow answer that breaks lot rules, by ruling out offending lots.

Used for components too large for CP-SAT to handle quickly. Each round finds
the lots that break a rule, forbids those (order, provider) pairs and solves
the flow again, so the freed capacity and the order's units flow elsewhere:

- a non-splittable order spread over providers is pinned to its cheapest
  provider (then lowest id) still allowed whose window could hold the whole
  order: every other provider is forbidden for it;
- any other lot smaller than the order's smallest allowed lot is forbidden.

Every round forbids at least one pair still in use (pinning forbids every
used pair but one), so it terminates; after MAX_ROUNDS the remaining
offending lots are simply dropped (left unplaced), which is always valid.
Not optimal, but it never over-books and never breaks a rule.
"""

from uuid import UUID

from services.matching.domain.flow import FlowModel
from services.matching.domain.order import OrderToPlace
from services.matching.domain.problem import Allocation, Option, Problem

MAX_ROUNDS = 10

Key = tuple[UUID, UUID]


def _used(options: tuple[Option, ...], allocation: Allocation) -> list[tuple[Option, int]]:
    lots = [(opt, sum(allocation.get(opt.key, {}).values())) for opt in options]
    return [(opt, units) for opt, units in lots if units > 0]


def _pin(order: OrderToPlace, options: tuple[Option, ...], excluded: set[Key]) -> set[Key]:
    """Keys to forbid so that a non-splittable order can only go to one provider."""
    capable = [
        o for o in options if o.key not in excluded and o.candidate.window_free >= order.quantity
    ]
    keep = min(capable, key=lambda o: (o.unit_cost, o.key[1]), default=None)
    return {o.key for o in options if o is not keep}


def _offending(problem: Problem, allocation: Allocation, excluded: set[Key]) -> set[Key]:
    bad: set[Key] = set()
    for order in problem.orders:
        options = problem.options_for(order.order_id)
        lots = _used(options, allocation)
        if not order.splittable and len(lots) > 1:
            bad |= _pin(order, options, excluded)
        else:
            bad |= {opt.key for opt, units in lots if units < order.smallest_lot}
    return bad


def repair_lots(problem: Problem, allocation: Allocation) -> Allocation:
    """An allocation that respects the lot rules, starting from a flow answer."""
    excluded: set[Key] = set()
    model = FlowModel(problem)
    for _ in range(MAX_ROUNDS):
        bad = _offending(problem, allocation, excluded)
        if not bad:
            return allocation
        excluded |= bad
        allocation = model.solve(excluded) or {}
    return _drop_offending(problem, allocation)


def _drop_offending(problem: Problem, allocation: Allocation) -> Allocation:
    while bad := _offending(problem, allocation, set()):
        allocation = {key: days for key, days in allocation.items() if key not in bad}
    return allocation
