"""A lower bound on every (order, provider) unit cost, for every provider at once.

pruning.py solves a large batch on a few of its providers and must show that the
others could not improve the plan; it compares each left-out provider's bound with
the order's marginal cost. The bound must never exceed the real unit cost
(costs.py), and must be cheap: numpy over all providers, no calendar windows.

    bound(o, p) = transport(p.county, o.market) + low_income(p) + reliability(p)
                  + established(p) + lateness_bound(o, p)             (fairness >= 0)

The first four terms are exactly the unit cost's: they depend on the provider (and
the order's market) only. ``lateness = w * min(q, F) // F`` depends on the free
units F in p's window for o, which only the calendar's window knows; but
``F <= R = most_units_a_day(p) * days_in_window(o, p.county)`` (capacity.py), so

    q >= R:  F <= R <= q, lateness = w * F // F = w          (exact)
    q <  R:  F <= q gives w >= w*q//R; F > q gives w*q//F >= w*q//R

Fairness ``w * (G - F) // G`` is never negative, so leaving it out keeps a bound.
``R`` also bounds the units a provider could give the order (pruning's first guess).
"""

from collections.abc import Sequence
from datetime import timedelta

import numpy as np

from services.matching.domain.costs import CostWeights, record_premium, reliability
from services.matching.domain.feasibility import Calendars, calendar_for
from services.matching.domain.order import OrderToPlace
from services.matching.domain.provider import OnTimeHistory, Provider, Workforce
from services.matching.domain.vocabulary import CategoryCode, County
from shared.region.distances import road_km, transit_days

COUNTIES = tuple(County)
NONE = 2**61  # no candidate at all: never in the graph
_COUNTY = {c: n for n, c in enumerate(COUNTIES)}


class ProviderBounds:
    """The pool's provider-only cost terms and capacity bounds, as arrays by position."""

    def __init__(
        self,
        pool: Sequence[Provider],
        calendars: Calendars,
        categories: set[CategoryCode],
        weights: CostWeights,
        market: OnTimeHistory,
    ) -> None:
        self.weights = weights
        self.county = np.array([_COUNTY[p.county] for p in pool], dtype=np.int64)
        self.fixed = np.array(_fixed_terms(pool, weights, market), dtype=np.int64)
        self.most: dict[CategoryCode, np.ndarray] = {}
        for cat in categories:
            self.most[cat] = np.array(
                [
                    calendar_for(p, cat, calendars).most_units_a_day() if p.makes(cat) else 0
                    for p in pool
                ],
                dtype=np.int64,
            )

    def for_order(self, order: OrderToPlace) -> tuple[np.ndarray, np.ndarray]:
        """(cost bound per provider, NONE where no candidate; units bound per provider)."""
        days = np.array([_window_days(order, c) for c in COUNTIES], dtype=np.int64)
        rate = self.weights.transport_millifen_per_unit_km
        freight = np.array(
            [2 * road_km(c, order.origin_market) * rate for c in COUNTIES], dtype=np.int64
        )
        room = self.most[order.category] * days[self.county]
        w, q = self.weights.lateness, order.quantity
        lateness = np.where(q >= room, w, (w * q) // np.maximum(room, 1))
        bound = freight[self.county] + self.fixed + lateness
        bound[room <= 0] = NONE
        return bound, room

    def most_per_unit(self, orders: Sequence[OrderToPlace]) -> int:
        """No option of these orders costs more a unit (the shortfall penalty's base)."""
        rate = self.weights.transport_millifen_per_unit_km
        freight = max(2 * road_km(c, o.origin_market) * rate for c in COUNTIES for o in orders)
        fixed = int(self.fixed.max(initial=0))
        return freight + fixed + self.weights.lateness + self.weights.fairness


def _window_days(order: OrderToPlace, county: County) -> int:
    """Days in the production window of a provider of `county` (feasibility.py)."""
    transit = timedelta(days=transit_days(county, order.origin_market))
    first = order.materials_ready + transit
    if order.not_before is not None:
        first = max(first, order.not_before)
    return max(0, (order.plan_until - transit - first).days + 1)


def _fixed_terms(pool: Sequence[Provider], weights: CostWeights, market: OnTimeHistory) -> list[int]:
    """low_income + reliability + established per provider, as costs.unit_cost has them;
    memoised per workforce and record (a region has far fewer of those than providers)."""
    by_record: dict[OnTimeHistory, int] = {}
    by_workforce: dict[Workforce, int] = {}
    found = []
    for p in pool:
        record = by_record.get(p.history)
        if record is None:
            record = by_record[p.history] = reliability(
                p.history, market, weights
            ) + record_premium(p.history, market, weights)
        people = by_workforce.get(p.workforce)
        if people is None:
            w = p.workforce
            people = by_workforce[w] = (
                weights.low_income * (w.total - w.low_income) // w.total
                if w.total > 0
                else weights.low_income
            )
        found.append(record + people)
    return found
