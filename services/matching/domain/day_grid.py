"""Every provider's free and gross units per day as arrays, and every unit cost from them.

For large batches (pruning.py) the per-candidate objects of problem.py cost more than
the solve: a calendar window, a Candidate, a CostBreakdown and an Option per (order,
provider), a Python arc per day. Here each category's calendars become two arrays
(provider x day: free units, gross units) with running sums, so any production
window's free units F and gross units G are two subtractions, and costs.unit_cost
is evaluated for all providers of an order at once, to the same integer:

    transport + w_lateness * min(q, F) // F + low_income + w_fairness * (G - F) // G
              + reliability + established

(the provider-only terms are computed once per provider, memoised per workforce and
record, with costs.py's own functions). ``tests/unit/matching/test_pruning.py``
checks these costs against costs.unit_cost option by option.
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from services.matching.domain.costs import CostWeights, record_premium, reliability
from services.matching.domain.feasibility import Calendars, county_window
from services.matching.domain.order import OrderToPlace
from services.matching.domain.provider import OnTimeHistory, Provider
from services.matching.domain.vocabulary import CategoryCode, County
from shared.region.distances import road_km

COUNTIES = tuple(County)
_COUNTY = {c: n for n, c in enumerate(COUNTIES)}


@dataclass(frozen=True)
class OrderCosts:
    """One order against every provider of the pool (arrays by provider position)."""

    cost: np.ndarray  # unit cost, millifen
    window_free: np.ndarray  # F; 0 where the provider is no candidate
    first: np.ndarray  # window's first day index in the grid
    end: np.ndarray  # one past its last day index (== first when empty)
    county_first: np.ndarray  # the same per county (COUNTIES order)
    county_end: np.ndarray


class DayGrid:
    """Free and gross units of one category, provider x day, from ``first`` on."""

    def __init__(
        self,
        pool: Sequence[Provider],
        calendars: Calendars,
        category: CategoryCode,
        first: date,
        days: int,
    ) -> None:
        self.first, self.days = first, days
        n = len(pool)
        self.base = np.array([p.categories.get(category, 0) for p in pool], dtype=np.int64)
        self.free = np.zeros((n, days), dtype=np.int64)
        gross = np.zeros((n, days), dtype=np.int64)
        makes = self.base > 0
        # Without a calendar a provider works its base rate (feasibility.calendar_for).
        daily = self.base.copy()
        rows: list[int] = []
        cols: list[int] = []
        taken: list[int] = []
        special = []
        plain_rows: list[int] = []
        plain_base: list[int] = []
        column = {first + timedelta(d): d for d in range(days)}.get  # -1: outside the grid
        making = makes.tolist()
        row = {p.id.int: j for j, p in enumerate(pool)}  # .int: a UUID hashes in Python
        for (provider_id, cat), cal in calendars.items():
            j = row.get(provider_id.int) if cat == category else None
            if j is None or not making[j]:
                continue
            if cal.exceptions or cal.seasons or cal.holds:
                special.append((j, cal))
                continue
            plain_rows.append(j)  # the calendar's base every day, less what is booked
            plain_base.append(cal.base_units)
            if booked := cal.booked:
                rows.extend([j] * len(booked))
                cols.extend(map(column, booked, itertools.repeat(-1)))
                taken.extend(booked.values())
        daily[plain_rows] = plain_base
        gross[makes] = daily[makes, None]
        self.free[:] = gross
        r, c = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
        inside = c >= 0
        r, c, used = r[inside], c[inside], np.array(taken, dtype=np.int64)[inside]
        self.free[r, c] = np.maximum(0, gross[r, c] - used)
        every = [first + timedelta(d) for d in range(days)]
        for j, cal in special:
            gross[j] = [cal.gross_units(d) for d in every]
            self.free[j] = [cal.free_units(d) for d in every]
        self.cum_free = _running(self.free)
        self.cum_gross = _running(gross)

    def columns(self, day: date) -> int:
        return (day - self.first).days


class PoolCosts:
    """The provider-only cost terms and counties of a pool, and per-order unit costs."""

    def __init__(
        self, pool: Sequence[Provider], weights: CostWeights, market: OnTimeHistory
    ) -> None:
        self.weights = weights
        self.county = np.array([_COUNTY[p.county] for p in pool], dtype=np.int64)
        self.fixed = _fixed_terms(pool, weights, market)
        self.rows = np.arange(len(pool), dtype=np.int64)

    def for_order(self, order: OrderToPlace, grid: DayGrid) -> OrderCosts:
        windows = [county_window(order, c) for c in COUNTIES]
        first = np.array([grid.columns(a) for a, _ in windows], dtype=np.int64)
        end = np.array([max(grid.columns(b) + 1, grid.columns(a)) for a, b in windows])
        county_first = np.clip(first, 0, grid.days)
        county_end = np.maximum(np.clip(end, 0, grid.days), county_first)
        first, end = county_first[self.county], county_end[self.county]
        free = grid.cum_free[self.rows, end] - grid.cum_free[self.rows, first]
        gross = grid.cum_gross[self.rows, end] - grid.cum_gross[self.rows, first]
        free[grid.base <= 0] = 0
        w, q = self.weights, order.quantity
        rate = w.transport_millifen_per_unit_km
        freight = np.array([2 * road_km(c, order.origin_market) * rate for c in COUNTIES])
        lateness = np.where(free > 0, w.lateness * np.minimum(q, free) // np.maximum(free, 1), 0)
        fairness = np.where(
            gross > 0, w.fairness * np.maximum(0, gross - free) // np.maximum(gross, 1), w.fairness
        )
        cost = freight[self.county] + self.fixed + lateness + fairness
        return OrderCosts(cost, free, first, end, county_first, county_end)


def batch_grid_days(orders: Sequence[OrderToPlace]) -> tuple[date, int]:
    """The first day any order's window may open and how many days up to the last."""
    windows = [county_window(o, c) for o in orders for c in COUNTIES]
    first = min(a for a, _ in windows)
    last = max(b for _, b in windows)
    return first, max(1, (last - first).days + 1)


def _running(units: np.ndarray) -> np.ndarray:
    out = np.zeros((units.shape[0], units.shape[1] + 1), dtype=np.int64)
    np.cumsum(units, axis=1, out=out[:, 1:])
    return out


def _fixed_terms(
    pool: Sequence[Provider], weights: CostWeights, market: OnTimeHistory
) -> np.ndarray:
    """low_income + reliability + established per provider, as costs.unit_cost has them,
    computed once per distinct record and workforce (a region has far fewer of those
    than providers) with costs.py's own functions."""
    n = len(pool)
    records = np.array(
        [
            (h.delivered_jobs, h.late_jobs, h.inspected_lots, h.rejected_lots)
            for h in (p.history for p in pool)
        ],
        dtype=np.int64,
    ).reshape(n, 4)
    people = np.array(
        [(w.total, w.low_income) for w in (p.workforce for p in pool)], dtype=np.int64
    ).reshape(n, 2)
    kinds, which = np.unique(records, axis=0, return_inverse=True)
    record_cost = [
        reliability(h, market, weights) + record_premium(h, market, weights)
        for h in (OnTimeHistory(*(int(x) for x in row)) for row in kinds)
    ]
    groups, member = np.unique(people, axis=0, return_inverse=True)
    people_cost = [
        weights.low_income * (total - low) // total if total > 0 else weights.low_income
        for total, low in groups.tolist()
    ]
    by_record = np.array(record_cost, dtype=np.int64)[which.reshape(-1)] if n else np.zeros(0)
    by_people = np.array(people_cost, dtype=np.int64)[member.reshape(-1)] if n else np.zeros(0)
    return (by_record + by_people).astype(np.int64)
