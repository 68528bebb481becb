"""The low-income priority as a freight budget (domain/freight_budget.py).

Small instances where every plan can be enumerated: two or three providers in
counties at different distances, with different low-income shares, one order.
"""

import itertools

import pytest

from services.matching.domain import County, Market, Workforce
from services.matching.domain.costs import CostWeights, low_income_fee_fen, transport
from services.matching.domain.feasibility import find_candidates
from services.matching.domain.freight_budget import FreightBudget, place_batch_within_budget

from .builders import order, provider

NEAR_POOR = Workforce(total=20, low_income=0)
FAR_RICH = Workforce(total=20, low_income=18)
MID = Workforce(total=20, low_income=9)


def _pool() -> list:
    return [
        provider(1, county=County.JINYUN, units=4, workforce=NEAR_POOR),
        provider(2, county=County.QINGYUAN, units=4, workforce=FAR_RICH),
        provider(3, county=County.SONGYANG, units=4, workforce=MID),
    ]


def _enumerated_best(quantity: int, bp: int, cost_only_transport: int) -> tuple[int, int]:
    """(fee, -transport) of the best plan under the budget, by trying every split."""
    o = order(1, quantity, deadline=14)  # long enough for every provider
    cands = find_candidates(o, _pool(), {})
    plans = []
    for sizes in itertools.product(*(range(c.feasible_units + 1) for c in cands)):
        if sum(sizes) == quantity:
            t = sum(u * transport(c) for c, u in zip(cands, sizes, strict=True))
            f = sum(low_income_fee_fen(c, u) for c, u in zip(cands, sizes, strict=True))
            plans.append((f, t))
    limit = FreightBudget(bp).limit(cost_only_transport)
    return max((f, -t) for f, t in plans if t <= limit)


@pytest.mark.parametrize("bp", [0, 100, 200, 1_000, 5_000, 10_000])
def test_within_budget_and_never_fewer_units(bp: int) -> None:
    o = order(1, 30, deadline=14)
    found = place_batch_within_budget([o], _pool(), budget=FreightBudget(bp), probes=6)
    out = found.outcome
    assert out.plan.transport_millifen <= out.transport_limit
    assert out.plan.placed >= out.cost_only.placed == 30
    assert out.plan.low_income_fee_fen >= out.cost_only.low_income_fee_fen
    best_fee, _ = _enumerated_best(30, bp, out.cost_only.transport_millifen)
    assert out.plan.low_income_fee_fen <= best_fee


def test_budget_zero_keeps_the_cost_only_transport() -> None:
    out = place_batch_within_budget(
        [order(1, 30, deadline=14)], _pool(), budget=FreightBudget(0)
    ).outcome
    assert out.plan.transport_millifen == out.cost_only.transport_millifen


def test_a_large_budget_buys_low_income_fee() -> None:
    """With room to spare the search gains fee over the cost-only plan, never more than
    enumeration allows (it weighs the other cost terms too, so it may stop short)."""
    out = place_batch_within_budget(
        [order(1, 40, deadline=14)], _pool(), budget=FreightBudget(10_000), probes=6
    ).outcome
    best = _enumerated_best(40, 10_000, out.cost_only.transport_millifen)
    assert out.low_income_fee_gained_fen > 0
    assert out.plan.low_income_fee_fen <= best[0]


def test_budget_bounds() -> None:
    with pytest.raises(ValueError, match="between 0 % and 100 %"):
        FreightBudget(-1)
    assert FreightBudget(200).limit(10_000) == 10_200


def test_same_placements_as_place_batch_at_weight_zero_when_budget_is_tight() -> None:
    from services.matching.domain import place_batch

    o = order(1, 30, deadline=14, market=Market.YIWU)
    plain = place_batch([o], _pool(), weights=CostWeights(low_income=0))
    budgeted = place_batch_within_budget([o], _pool(), budget=FreightBudget(0)).result
    assert budgeted.total_shortfall == plain.total_shortfall
