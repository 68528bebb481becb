"""Optimum by enumeration, independent of the flow and CP-SAT models.

Every integer lot size of every (order, candidate) pair is tried. A choice of
lot sizes is schedulable on one provider's category calendar iff, for every
interval of days [a, b], the lots whose windows lie inside [a, b] need no more
than the free units in [a, b] (Hall's condition; windows are intervals).
"""

import itertools
from collections.abc import Iterator, Sequence
from datetime import date

from services.matching.domain import Candidate, CostWeights, find_candidates, unit_cost
from services.matching.domain.costs import DEFAULT_WEIGHTS

from .random_instances import Instance

Choice = tuple[tuple[Candidate, int], ...]


def _lot_choices(cands: Sequence[Candidate], quantity: int, smallest: int) -> Iterator[Choice]:
    ranges = [[0, *range(smallest, c.feasible_units + 1)] for c in cands]
    for sizes in itertools.product(*ranges):
        if sum(sizes) <= quantity:
            yield tuple(zip(cands, sizes, strict=True))


def _schedulable(lots: list[tuple[Candidate, int]]) -> bool:
    by_calendar: dict[tuple[object, object], list[tuple[Candidate, int]]] = {}
    for c, units in lots:
        if units:
            by_calendar.setdefault((c.provider.id, c.order.category), []).append((c, units))
    return all(_hall(group) for group in by_calendar.values())


def _hall(group: list[tuple[Candidate, int]]) -> bool:
    free: dict[date, int] = {}
    for c, _ in group:
        free.update(c.free_by_day)
    days = sorted(free)
    for i, a in enumerate(days):
        for b in days[i:]:
            need = sum(u for c, u in group if a <= c.first_day and c.last_day <= b)
            if need > sum(free[d] for d in days if a <= d <= b):
                return False
    return True


def search_space(inst: Instance) -> int:
    size = 1
    for o in inst.orders:
        for c in find_candidates(o, inst.providers, inst.calendars):
            size *= c.feasible_units + 1
    return size


def optimum(inst: Instance, weights: CostWeights = DEFAULT_WEIGHTS) -> tuple[int, int]:
    """(units left unplaced, cost) minimised lexicographically."""
    per_order = []
    for o in inst.orders:
        cands = find_candidates(o, inst.providers, inst.calendars)
        per_order.append(list(_lot_choices(cands, o.quantity, o.smallest_lot)))
    best = (sum(o.quantity for o in inst.orders), 0)
    for combo in itertools.product(*per_order):
        lots = [lot for choice in combo for lot in choice]
        placed = sum(u for _, u in lots)
        cost = sum(u * unit_cost(c, weights).total for c, u in lots)
        score = (sum(o.quantity for o in inst.orders) - placed, cost)
        if score < best and _schedulable(lots):
            best = score
    return best
