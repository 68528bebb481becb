"""How the freight budget's search (freight_budget.py) solves a batch at a low-income weight.

The search needs, per probe weight ``w``, one plan per independent component of the
batch (components share no capacity, so the final plan may mix the components' plans
of different probes), and per lot its county, freight and low-income fee. Two ways:

``ProblemParts`` (below ``SolverLimits.prune_from`` providers, or when the pruned flow
breaks a lot rule): build_problem once over every order x provider x day, split it
into components (components.py), and per probe solve every component re-costed at
``w`` with solver.solve_component (lot rules, repair and CP-SAT as in place_batch).

``PrunedParts`` (from ``prune_from`` providers on): every probe is one pruned solve of
the whole batch (pruning.PrunedBatch, the day grids built once) with the cost weights
at ``low_income = w``, split afterwards into components. Why each probe is exact for
its weight: at ``w`` every unit cost is ``c_0(o, p) + premium_w(p)`` (costs.py: the
low-income term is ``w * (total - low) // total`` of the provider's workforce), which
is what day_grid.py computes from ``CostWeights(low_income=w)`` to the integer, and
is exactly the re-costing ProblemParts applies; the costs are non-negative for any
``w >= 0``, and pruning.py's proof (dual prices: no left-out provider has a reduced
cost below its order's price) holds for any non-negative costs. So each probe's plan
is an optimum of the full graph at ``w``: the most units, then the least cost at ``w``.
When several plans tie at that cost the pruned graph may return another of them than
flow.py would (other transport and fee, the same cost): the search then proceeds from
an equally optimal probe. The whole batch is solved at once, not per component: the
components' joint optimum is every component's optimum (they share no slot, and the
shortfall penalty is above every component's own bound), and one solve per weight
costs less than one per component. Components are found without the full problem:
orders of one category whose days ``[materials_ready, plan_until]`` overlap compete
(every county window lies inside those days), chained; orders that do not overlap
share no provider-day. These components are never coarser than components.py's
(which joins orders sharing a provider at all), so the Pareto mix keeps its choice.

If the pruned flow breaks a lot rule at any weight (pruning returns None), the batch
is not exact this way: ``NotExact`` is raised and the caller starts over with
ProblemParts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol
from uuid import UUID

from services.matching.domain.components import components
from services.matching.domain.costs import (
    CostWeights,
    freight,
    low_income_fee,
    low_income_premium,
    transport,
)
from services.matching.domain.feasibility import Calendars
from services.matching.domain.order import OrderToPlace
from services.matching.domain.placement import Placement
from services.matching.domain.problem import Problem, require_unique
from services.matching.domain.provider import OnTimeHistory, Provider, Workforce
from services.matching.domain.pruning import PrunedBatch
from services.matching.domain.solver import SolverLimits, solve_component
from services.matching.domain.vocabulary import County

Key = tuple[UUID, UUID]  # (order id, provider id)


class NotExact(Exception):
    """The pruned flow broke a lot rule: solve the batch the full way."""


@dataclass(frozen=True)
class LotTerms:
    """What one unit of an order placed with a provider weighs in the budget."""

    county: County  # the provider's: its county's budget pays
    freight: int  # millifen per unit
    workforce: Workforce
    unit_fee_fen: int


class Parts(Protocol):
    count: int  # components

    def solve(self, weight: int) -> list[list[Placement]]:
        """Per component, its placements at low-income weight ``weight``."""
        ...

    def terms(self, key: Key) -> LotTerms: ...

    def fee_bound(self) -> int:
        """No plan of the batch brings more low-income fee than this (fee_bound())."""
        ...


class ProblemParts:
    """The full problem, split once into components; re-costed per probe."""

    def __init__(self, problem: Problem, weights: CostWeights, limits: SolverLimits) -> None:
        self.limits = limits
        self.parts = components(problem)
        self.count = len(self.parts)
        self.base = {o.key: o.unit_cost for o in problem.options}
        self.candidates = {o.key: o.candidate for o in problem.options}
        self.freight = {o.key: transport(o.candidate, weights) for o in problem.options}

    def solve(self, weight: int) -> list[list[Placement]]:
        if weight == 0:
            return [solve_component(part, self.limits) for part in self.parts]
        costs = {
            k: c + low_income_premium(self.candidates[k], weight) for k, c in self.base.items()
        }
        return [solve_component(part.recosted(costs), self.limits) for part in self.parts]

    def fee_bound(self) -> int:
        best: dict[UUID, tuple[OrderToPlace, Workforce]] = {}
        for (order_id, _), c in self.candidates.items():
            known = best.get(order_id)
            richer = _richer(known[1] if known else None, c.provider.workforce)
            best[order_id] = (c.order, richer)
        return fee_bound(best.values())

    def terms(self, key: Key) -> LotTerms:
        c = self.candidates[key]
        return LotTerms(
            c.provider.county, self.freight[key], c.provider.workforce, c.order.unit_fee_fen
        )


class PrunedParts:
    """The batch on pruned graphs, one exact solve per weight (module docstring)."""

    def __init__(
        self,
        orders: Sequence[OrderToPlace],
        pool: Sequence[Provider],
        calendars: Calendars,
        weights: CostWeights,
        market: OnTimeHistory,
    ) -> None:
        ordered = sorted(orders, key=lambda o: o.order_id.int)
        providers = sorted(pool, key=lambda p: p.id.int)
        require_unique([o.order_id for o in ordered], "order_id")
        require_unique([p.id for p in providers], "provider id")
        self.weights = weights
        self.batch = PrunedBatch(ordered, providers, calendars, market)
        self.groups = competing(ordered)
        self.count = len(self.groups)
        self.orders = {o.order_id: o for o in ordered}
        self.providers = {p.id: p for p in providers}
        self._terms: dict[Key, LotTerms] = {}

    def solve(self, weight: int) -> list[list[Placement]]:
        found = self.batch.place(replace(self.weights, low_income=weight))
        if found is None:
            raise NotExact
        by_id = {p.order_id: p for p in found}
        return [[by_id[o] for o in group] for group in self.groups]

    def fee_bound(self) -> int:
        """Over every provider of the pool, a superset of each order's candidates."""
        best: dict[str, Workforce] = {}
        for p in self.providers.values():
            for category in p.categories:
                if p.makes(category):
                    best[category] = _richer(best.get(category), p.workforce)
        return fee_bound(
            (o, w) for o in self.orders.values() if (w := best.get(o.category)) is not None
        )

    def terms(self, key: Key) -> LotTerms:
        known = self._terms.get(key)
        if known is None:
            order, provider = self.orders[key[0]], self.providers[key[1]]
            known = self._terms[key] = LotTerms(
                provider.county,
                freight(provider.county, order.origin_market, self.weights),
                provider.workforce,
                order.unit_fee_fen,
            )
        return known


def competing(orders: Sequence[OrderToPlace]) -> list[list[UUID]]:
    """Order ids in groups that may compete for capacity: one category, days
    ``[materials_ready, plan_until]`` overlapping (chained); groups by smallest id,
    each in the given order."""
    groups: list[list[OrderToPlace]] = []
    by_category: dict[str, list[OrderToPlace]] = {}
    for o in orders:
        by_category.setdefault(o.category, []).append(o)
    for same in by_category.values():
        reach = None
        for o in sorted(same, key=lambda o: o.materials_ready):
            if reach is None or o.materials_ready > reach:
                groups.append([])
                reach = o.plan_until
            groups[-1].append(o)
            reach = max(reach, o.plan_until)
    position = {o.order_id: n for n, o in enumerate(orders)}
    ordered = [sorted(g, key=lambda o: position[o.order_id]) for g in groups]
    ordered.sort(key=lambda g: min(o.order_id.int for o in g))
    return [[o.order_id for o in g] for g in ordered]


def fee_bound(orders: Iterable[tuple[OrderToPlace, Workforce]]) -> int:
    """The most low-income fee any plan can bring, given per order the workforce with the
    largest low-income share among its candidates: the sum of that order's whole
    quantity's fee at that share (floored).

    Why no plan brings more: a plan's fee is a sum over its lots of
    ``floor(u * f_o * L_p / T_p)`` (costs.low_income_fee); each lot's share
    ``L_p / T_p`` is at most the order's largest share ``s_o``, a floor of a sum is at
    least the sum of the floors, and an order's lots hold at most its quantity ``q_o``:
    so the order's lots bring at most ``floor(q_o * f_o * s_o)``. The freight budget's
    search (freight_budget.py) keeps another plan than the cost-only one only when it
    brings strictly more fee, so when the cost-only plan already brings this much no
    probe can change the result, and the probes are skipped.
    """
    return sum(low_income_fee(w, o.unit_fee_fen, o.quantity) for o, w in orders)


def _richer(known: Workforce | None, other: Workforce) -> Workforce:
    """The workforce with the larger low-income share (one with nobody counts as 0),
    compared exactly: L1 / T1 > L2 / T2 as L1 * T2 > L2 * T1."""
    if known is None or known.total == 0:
        return other
    if other.total == 0:
        return known
    return other if other.low_income * known.total > known.low_income * other.total else known
