"""A batch of orders turned into the data every placement method works on.

An *option* is one (order, provider) pair with its per-unit cost and the days
it may use. A *slot* is one provider's free units of one category on one day;
slots are shared by every order in the batch, which is what keeps the batch
from double-booking. Orders that share no slot are independent, so a batch is
solved per connected component.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from uuid import UUID

from services.matching.domain.costs import (
    DEFAULT_WEIGHTS,
    NO_MARKET_RECORD,
    CostWeights,
    unit_cost,
)
from services.matching.domain.feasibility import Calendars, Candidate, find_candidates
from services.matching.domain.order import OrderToPlace
from services.matching.domain.provider import OnTimeHistory, Provider
from services.matching.domain.vocabulary import CategoryCode

SlotKey = tuple[UUID, CategoryCode, date]
Allocation = dict[tuple[UUID, UUID], dict[date, int]]
"""(order_id, provider_id) -> units per day; only positive entries."""


@dataclass(frozen=True)
class Option:
    candidate: Candidate
    unit_cost: int

    @property
    def key(self) -> tuple[UUID, UUID]:
        return self.candidate.order.order_id, self.candidate.provider.id

    @cached_property
    def days(self) -> tuple[date, ...]:
        return tuple(sorted(d for d, units in self.candidate.free_by_day.items() if units > 0))

    def recosted(self, unit_cost: int) -> "Option":
        """The same option at another unit cost, keeping its (cached) days."""
        other = Option(self.candidate, unit_cost)
        other.__dict__["days"] = self.days  # cached_property's slot: no re-sort per re-cost
        return other

    def slot(self, day: date) -> SlotKey:
        return self.candidate.provider.id, self.candidate.order.category, day


@dataclass(frozen=True)
class Problem:
    orders: tuple[OrderToPlace, ...]
    options: tuple[Option, ...]
    capacity: Mapping[SlotKey, int]
    categories_on_offer: frozenset[CategoryCode]

    @cached_property
    def _options_by_order(self) -> dict[UUID, tuple[Option, ...]]:
        grouped: dict[UUID, list[Option]] = {}
        for opt in self.options:
            grouped.setdefault(opt.key[0], []).append(opt)
        return {order_id: tuple(opts) for order_id, opts in grouped.items()}

    def options_for(self, order_id: UUID) -> tuple[Option, ...]:
        return self._options_by_order.get(order_id, ())

    @property
    def day_variables(self) -> int:
        """Size of the per-day model: one variable per (order, provider, day)."""
        return sum(len(opt.days) for opt in self.options)

    @property
    def shortfall_penalty(self) -> int:
        """Per unfilled unit; exceeds the cost of placing every unit of the batch."""
        worst = max((o.unit_cost for o in self.options), default=0)
        return 1 + worst * sum(order.quantity for order in self.orders)

    def recosted(self, unit_costs: Mapping[tuple[UUID, UUID], int]) -> "Problem":
        """The same batch with each option's unit cost replaced (same slots and orders)."""
        options = tuple(o.recosted(unit_costs[o.key]) for o in self.options)
        return Problem(self.orders, options, self.capacity, self.categories_on_offer)

    def restricted_to(self, order_ids: frozenset[UUID]) -> "Problem":
        orders = tuple(o for o in self.orders if o.order_id in order_ids)
        options = tuple(o for o in self.options if o.key[0] in order_ids)
        # In the options' order (sorted orders, providers, days): deterministic without a sort.
        capacity = {s: self.capacity[s] for opt in options for s in map(opt.slot, opt.days)}
        return Problem(orders, options, capacity, self.categories_on_offer)


def build_problem(
    orders: Iterable[OrderToPlace],
    providers: Iterable[Provider],
    calendars: Calendars,
    weights: CostWeights = DEFAULT_WEIGHTS,
    market: OnTimeHistory = NO_MARKET_RECORD,
) -> Problem:
    ordered = tuple(sorted(orders, key=lambda o: o.order_id.int))  # .int: C compares
    pool = tuple(sorted(providers, key=lambda p: p.id.int))
    require_unique([o.order_id for o in ordered], "order_id")
    require_unique([p.id for p in pool], "provider id")
    candidates = [c for o in ordered for c in find_candidates(o, pool, calendars)]
    options = tuple(Option(c, unit_cost(c, weights, market).total) for c in candidates)
    # Slots in the options' order (sorted orders, providers, days), so deterministic unsorted.
    capacity = {opt.slot(d): opt.candidate.free_by_day[d] for opt in options for d in opt.days}
    offered = frozenset(cat for p in pool for cat, units in p.categories.items() if units > 0)
    return Problem(ordered, options, capacity, offered)


def require_unique(ids: list[UUID], what: str) -> None:
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate {what} in batch")
