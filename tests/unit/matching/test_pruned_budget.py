"""The freight budget's search on pruned graphs (budget_parts.PrunedParts) at >= 1,000 providers.

- every probe is exact: at weights 0, 3,000 and 12,000 the pruned solve places the same
  units at the same cost as the full problem's components re-costed at that weight;
- the budgeted result with pruning places the same units as without, stays within its
  budget, and its cost-only plan's transport is within 1.001x (optimal plans may differ
  by ties), its plan's low-income fee within 1 % of the full path's (the same search, from plans
  equally optimal);
- pruning is used: the full problem is never built, and every graph solved is smaller;
- with lot rules the pruned flow may break one: the batch is then solved the full way.
"""

from dataclasses import replace
from typing import Any

import pytest

from services.matching.domain import freight_budget, pruning
from services.matching.domain.budget_parts import ProblemParts, PrunedParts, competing
from services.matching.domain.costs import DEFAULT_WEIGHTS, NO_MARKET_RECORD
from services.matching.domain.freight_budget import BudgetedResult, place_batch_within_budget
from services.matching.domain.network import Solved, solve
from services.matching.domain.problem import build_problem
from services.matching.domain.solver import DEFAULT_LIMITS, SolverLimits
from tests.bench.matching_instances import Batch, Shape, batch

FULL = SolverLimits(prune_from=10**9)
ZERO = replace(DEFAULT_WEIGHTS, low_income=0)


def _budgeted(b: Batch, limits: SolverLimits = DEFAULT_LIMITS) -> BudgetedResult:
    return place_batch_within_budget(b.orders, b.providers, b.calendars, limits=limits)


def _placed(found: BudgetedResult) -> int:
    return sum(p.placed for p in found.result.placements)


@pytest.mark.parametrize("one_category", [True, False])
def test_every_probe_is_the_full_problems_optimum_at_its_weight(one_category: bool) -> None:
    b = batch(5, Shape(1_000, 8, one_category=one_category))
    pruned = PrunedParts(b.orders, b.providers, b.calendars, ZERO, NO_MARKET_RECORD)
    problem = build_problem(b.orders, b.providers, b.calendars, ZERO)
    full = ProblemParts(problem, ZERO, FULL)
    for weight in (0, 3_000, 12_000):
        mine, theirs = pruned.solve(weight), full.solve(weight)
        units = [sum(p.placed for part in plan for p in part) for plan in (mine, theirs)]
        cost = [sum(p.cost for part in plan for p in part) for plan in (mine, theirs)]
        assert units[0] == units[1] > 0
        assert cost[0] == cost[1], weight  # both optimal at this weight: equal


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("one_category", [True, False])
def test_budgeted_result_with_pruning_equals_the_full_one(seed: int, one_category: bool) -> None:
    b = batch(seed, Shape(1_000, 8, one_category=one_category))
    pruned, full = _budgeted(b), _budgeted(b, FULL)
    assert _placed(pruned) == _placed(full) == full.outcome.cost_only.placed > 0
    mine, theirs = pruned.outcome, full.outcome
    assert mine.plan.placed == theirs.plan.placed
    assert mine.plan.transport_millifen <= mine.transport_limit  # the budget holds
    t0, t1 = mine.cost_only.transport_millifen, theirs.cost_only.transport_millifen
    assert max(t0, t1) <= 1.001 * min(t0, t1)
    assert mine.plan.low_income_fee_fen >= 0.99 * theirs.plan.low_income_fee_fen
    assert mine.low_income_fee_gained_fen > 0


def test_pruning_is_used_from_prune_from_providers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails when the budget's search builds the full problem (or solves no smaller graph)."""
    b = batch(2, Shape(1_000, 8, one_category=True))
    candidates = len(build_problem(b.orders, b.providers, b.calendars).options)

    def refused(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the full problem was built")

    sizes: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Solved | None:
        sizes.append(len(args[4].cost))  # options in the graph
        return solve(*args, **kwargs)

    monkeypatch.setattr(freight_budget, "build_problem", refused)
    monkeypatch.setattr(pruning, "solve", counted)
    found = _budgeted(b)
    assert found.outcome.solves >= 2 and len(sizes) >= found.outcome.solves
    assert max(sizes) < 0.8 * candidates, (sizes, candidates)


def test_with_lot_rules_the_search_falls_back_to_the_full_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    b = batch(1, Shape(300, 6, lot_rules=True))
    small = SolverLimits(prune_from=300)
    built: list[int] = []
    real = freight_budget.build_problem

    def spied(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(freight_budget, "build_problem", spied)
    pruned, full = _budgeted(b, small), _budgeted(b, FULL)
    assert built == [1, 1]  # the pruned flow broke a lot rule: the full way, as without
    assert pruned.outcome == full.outcome
    assert pruned.result == full.result


def test_competing_orders_chain_by_category_and_overlapping_days() -> None:
    b = batch(0, Shape(50, 12, days=40))
    groups = competing(b.orders)
    by_id = {o.order_id: o for o in b.orders}
    assert sorted(i for g in groups for i in g) == sorted(by_id)
    for g in groups:
        for h in groups:
            if g is h:
                continue
            for a in g:
                for c in h:
                    x, y = by_id[a], by_id[c]
                    apart = x.plan_until < y.materials_ready or y.plan_until < x.materials_ready
                    assert x.category != y.category or apart
