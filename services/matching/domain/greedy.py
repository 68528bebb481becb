"""Greedy placement: cheapest feasible provider first, filled on its earliest free days.

Orders are served earliest deadline first (then by id); each takes providers
in order of unit cost (then id) and keeps a lot only if it meets the lot rules.
A shared ledger of free units per slot means greedy never over-books either.

It is exact for a lone order whose lot rules cannot bind (min lot of 1, a lot
that must be the whole order, or a single candidate): there the cheapest-first
fill is the optimum. Elsewhere it is the fallback when the solvers fail, and
the baseline the optimum is measured against.
"""

from datetime import date

from services.matching.domain.order import OrderToPlace
from services.matching.domain.problem import Allocation, Option, Problem, SlotKey


def greedy_is_exact(problem: Problem) -> bool:
    if len(problem.orders) != 1:
        return False
    order = problem.orders[0]
    rules_cannot_bind = order.smallest_lot in (1, order.quantity)
    return rules_cannot_bind or len(problem.options) <= 1


def place_greedily(problem: Problem) -> Allocation:
    free = dict(problem.capacity)
    allocation: Allocation = {}
    for order in sorted(problem.orders, key=lambda o: (o.deadline, o.order_id)):
        _place_one(order, problem.options_for(order.order_id), free, allocation)
    return allocation


def _place_one(
    order: OrderToPlace, options: tuple[Option, ...], free: dict[SlotKey, int], out: Allocation
) -> None:
    remaining = order.quantity
    for opt in sorted(options, key=lambda o: (o.unit_cost, o.key[1])):
        available = sum(free[opt.slot(d)] for d in opt.days)
        take = min(remaining, available)
        if take > 0 and take >= order.smallest_lot:
            out[opt.key] = _fill(opt, take, free)
            remaining -= take


def _fill(opt: Option, units: int, free: dict[SlotKey, int]) -> dict[date, int]:
    schedule = {}
    for day in opt.days:
        today = min(units, free[opt.slot(day)])
        if today > 0:
            schedule[day] = today
            free[opt.slot(day)] -= today
            units -= today
    return schedule
