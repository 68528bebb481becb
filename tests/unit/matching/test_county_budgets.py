"""The freight budget per county (domain/budget_policy.py): a county's budget pays for
extra freight in proportion to the transport its providers carry in the cost-only plan."""

import pytest

from services.matching.domain import County
from services.matching.domain.budget_policy import CountyBudgets, FreightBudget
from services.matching.domain.freight_budget import place_batch_within_budget

from .builders import order
from .test_freight_budget import _enumerated_best, _pool

NONE, ALL = FreightBudget(0), FreightBudget(10_000)


def test_one_budget_everywhere_is_the_region_formula() -> None:
    by_county = {County.JINYUN: 7_000, County.QINGYUAN: 3_001}
    assert CountyBudgets(FreightBudget(200)).limit(by_county) == FreightBudget(200).limit(10_001)


def test_each_county_pays_its_share_at_its_own_rate() -> None:
    b = CountyBudgets(FreightBudget(200), {County.JINYUN: FreightBudget(1_000)})
    # 10 % of Jinyun's 6,000 plus 2 % of the rest's 4,000
    assert b.limit({County.JINYUN: 6_000, County.SONGYANG: 4_000}) == 10_000 + 600 + 80
    assert b.of(County.JINYUN).basis_points == 1_000
    assert b.of(County.LONGQUAN) == FreightBudget(200)


def test_budget_bounds_hold_per_county() -> None:
    with pytest.raises(ValueError, match="between 0 % and 100 %"):
        CountyBudgets(FreightBudget(200), {County.JINYUN: FreightBudget(10_001)})


def test_the_budget_of_the_county_the_work_is_in_decides() -> None:
    """The cost-only plan puts all 30 units with the near provider (Jinyun): Jinyun's own
    budget of 0 keeps the cost-only transport whatever the region's default says, and a
    region default of 0 with Jinyun at 100 % buys what 100 % everywhere buys."""
    o = order(1, 30, deadline=14)
    held = place_batch_within_budget(
        [o], _pool(), budget=CountyBudgets(ALL, {County.JINYUN: NONE}), probes=6
    ).outcome
    assert held.cost_only.by_county == {County.JINYUN: held.cost_only.transport_millifen}
    assert held.plan.transport_millifen == held.cost_only.transport_millifen
    assert held.basis_points == 0

    spent = place_batch_within_budget(
        [o], _pool(), budget=CountyBudgets(NONE, {County.JINYUN: ALL}), probes=6
    ).outcome
    everywhere = place_batch_within_budget([o], _pool(), budget=ALL, probes=6).outcome
    assert spent.plan == everywhere.plan
    assert spent.basis_points == 10_000
    assert spent.low_income_fee_gained_fen > 0
    assert spent.plan.transport_millifen <= spent.transport_limit
    best_fee, _ = _enumerated_best(30, 10_000, spent.cost_only.transport_millifen)
    assert spent.plan.low_income_fee_fen <= best_fee
