"""The exact freight-budget model (domain/exact_budget.py) against enumeration, and the
weight search against it: the exact plan is the enumerated best, places exactly the
cost-only plan's units and never exceeds the budget; the search never beats it."""

from dataclasses import replace

import pytest

from services.matching.domain import Category, County, Market
from services.matching.domain.costs import low_income_fee_fen, transport
from services.matching.domain.exact_budget import place_exactly_within_budget
from services.matching.domain.feasibility import find_candidates
from services.matching.domain.freight_budget import FreightBudget, place_batch_within_budget

from .builders import BEADS, order, provider
from .test_freight_budget import FAR_RICH, NEAR_POOR, _enumerated_best, _pool


@pytest.mark.parametrize("bp", [0, 200, 1_000, 5_000, 10_000])
@pytest.mark.parametrize("quantity", [30, 40])
def test_exact_plan_is_the_enumerated_best(bp: int, quantity: int) -> None:
    o = order(1, quantity, deadline=14)
    exact = place_exactly_within_budget([o], _pool(), budget=FreightBudget(bp), seconds=10)
    assert exact.optimal and exact.plan is not None
    assert exact.plan.placed == exact.cost_only.placed == quantity
    assert exact.plan.transport_millifen <= exact.transport_limit
    best_fee, _ = _enumerated_best(quantity, bp, exact.cost_only.transport_millifen)
    assert exact.plan.low_income_fee_fen == best_fee
    search = place_batch_within_budget([o], _pool(), budget=FreightBudget(bp), probes=6)
    assert search.outcome.plan.low_income_fee_fen <= exact.plan.low_income_fee_fen


def test_relaxed_bound_is_above_every_plan() -> None:
    o = order(1, 40, deadline=14)
    relaxed = place_exactly_within_budget([o], _pool(), budget=FreightBudget(1_000), relaxed=True)
    best_fee, _ = _enumerated_best(40, 1_000, relaxed.cost_only.transport_millifen)
    assert relaxed.plan is None
    assert relaxed.bound_fen >= best_fee


def _batch(quantities: tuple[int, ...], min_lot: int) -> list:
    markets = [Market.YIWU, Market.WENZHOU, Market.HANGZHOU]
    return [
        order(n, q, deadline=6 + n, market=markets[n % 3], min_lot=min_lot)
        for n, q in enumerate(quantities, start=1)
    ]


@pytest.mark.parametrize("bp", [0, 100, 300, 2_000, 10_000])
@pytest.mark.parametrize(("quantities", "min_lot"), [((20, 15), 1), ((25, 10, 12), 5)])
def test_search_places_exactly_the_cost_only_units_within_budget(
    bp: int, quantities: tuple[int, ...], min_lot: int
) -> None:
    """Several orders competing for the same providers, lot rules binding: the search's
    plan stays within the budget, places exactly the cost-only units, and brings no more
    fee than the proven-optimal exact plan (which places the same units)."""
    orders = _batch(quantities, min_lot)
    search = place_batch_within_budget(orders, _pool(), budget=FreightBudget(bp)).outcome
    exact = place_exactly_within_budget(orders, _pool(), budget=FreightBudget(bp), seconds=10)
    assert search.plan.transport_millifen <= search.transport_limit
    assert search.plan.placed == search.cost_only.placed
    assert exact.optimal and exact.plan is not None
    assert exact.plan.placed == exact.cost_only.placed == search.cost_only.placed
    assert exact.plan.transport_millifen <= exact.transport_limit
    assert search.cost_only.low_income_fee_fen <= search.plan.low_income_fee_fen
    assert search.plan.low_income_fee_fen <= exact.plan.low_income_fee_fen


def test_components_may_keep_plans_of_different_weights() -> None:
    """Two orders in different categories (independent components), the same providers
    and market, so any one weight moves both to the far low-income provider or neither;
    the budget pays for moving the small dear one only. Mixing components' plans moves
    it (a single weight moves both, over budget, or neither: no gain)."""
    cats = {BEADS: 4, Category.CROCHET: 4}
    pool = [
        provider(1, county=County.JINYUN, workforce=NEAR_POOR, categories=cats),
        provider(2, county=County.QINGYUAN, workforce=FAR_RICH, categories=cats),
    ]
    cheap = order(1, 50, deadline=14)
    dear = replace(order(2, 10, deadline=14, category=Category.CROCHET), unit_fee_fen=800)
    near, far = (transport(c) for c in find_candidates(dear, pool, {}))
    t0 = 60 * near
    bp = 12 * (far - near) * 10_000 // t0  # moving the dear order fits, the cheap one not
    budget = FreightBudget(bp)
    out = place_batch_within_budget([cheap, dear], pool, budget=budget).outcome
    exact = place_exactly_within_budget([cheap, dear], pool, budget=budget, seconds=10)
    assert out.cost_only.transport_millifen == t0
    assert out.plan.placed == out.cost_only.placed == 60
    assert out.plan.transport_millifen <= out.transport_limit
    moved_dear = low_income_fee_fen(find_candidates(dear, pool, {})[1], 10)
    assert out.low_income_fee_gained_fen >= moved_dear > 0
    assert exact.plan is not None and exact.optimal
    assert out.plan.low_income_fee_fen <= exact.plan.low_income_fee_fen
