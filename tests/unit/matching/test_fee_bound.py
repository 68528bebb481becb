"""The freight budget's search skips its probes when no plan can bring more low-income fee
than the cost-only plan (budget_parts.fee_bound).

- the bound holds: on seeded instances no probe at any weight, and no budgeted plan,
  brings more fee than it (full problem and pruned graphs);
- when the cost-only plan reaches it (nobody low-income, or the cheapest provider is
  also the one with the largest share) the search makes one solve instead of three
  (fails on the old code: it always probed) and returns what it returned with probes;
- when it does not, the search probes as before.
"""

from dataclasses import replace

import pytest

from services.matching.domain import County, Workforce, budget_parts
from services.matching.domain.budget_parts import ProblemParts, PrunedParts
from services.matching.domain.costs import DEFAULT_WEIGHTS, NO_MARKET_RECORD
from services.matching.domain.freight_budget import BudgetedResult, place_batch_within_budget
from services.matching.domain.problem import build_problem
from services.matching.domain.solver import DEFAULT_LIMITS, SolverLimits
from tests.bench.matching_instances import Shape, batch

from .builders import order, provider
from .random_instances import instance

ZERO = replace(DEFAULT_WEIGHTS, low_income=0)
FULL = SolverLimits(prune_from=10**9)
NOBODY = Workforce(total=20, low_income=0)


def _fee(parts: budget_parts.Parts, plan: list[list]) -> int:
    return sum(
        budget_parts.low_income_fee(t.workforce, t.unit_fee_fen, lot.units)
        for part in plan
        for p in part
        for lot in p.lots
        for t in [parts.terms((p.order_id, lot.provider_id))]
    )


@pytest.mark.parametrize("seed", range(40))
def test_no_probe_brings_more_fee_than_the_bound(seed: int) -> None:
    i = instance(seed, max_orders=4, max_providers=6)
    problem = build_problem(i.orders, i.providers, i.calendars, ZERO)
    parts = ProblemParts(problem, ZERO, DEFAULT_LIMITS)
    bound = parts.fee_bound()
    for weight in (0, 1_000, 3_000, 12_000, 100_000):
        assert _fee(parts, parts.solve(weight)) <= bound


@pytest.mark.parametrize("one_category", [True, False])
def test_the_pruned_bound_holds_too(one_category: bool) -> None:
    b = batch(3, Shape(1_000, 8, one_category=one_category))
    parts = PrunedParts(b.orders, b.providers, b.calendars, ZERO, NO_MARKET_RECORD)
    bound = parts.fee_bound()
    for weight in (0, 3_000, 12_000):
        assert _fee(parts, parts.solve(weight)) <= bound
    found = place_batch_within_budget(b.orders, b.providers, b.calendars)
    assert found.outcome.plan.low_income_fee_fen <= bound


def _search(
    pool: list, orders: list, skip: bool, monkeypatch: pytest.MonkeyPatch
) -> BudgetedResult:
    if not skip:  # the old search: the bound never reached
        monkeypatch.setattr(ProblemParts, "fee_bound", lambda self: 2**62)
    return place_batch_within_budget(orders, pool, limits=FULL)


@pytest.mark.parametrize(
    "pool",
    [
        # nobody low-income anywhere: every plan brings 0
        [provider(n, county=c, units=4, workforce=NOBODY) for n, c in enumerate(County)],
        # the nearest provider (cheapest) also has the largest share
        [
            provider(1, county=County.LIANDU, units=6, workforce=Workforce(20, 20)),
            provider(2, county=County.QINGYUAN, units=6, workforce=Workforce(20, 5)),
        ],
    ],
)
def test_one_solve_when_the_cost_only_plan_reaches_the_bound(
    pool: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    orders = [order(1, 12, deadline=10), order(2, 6, deadline=10)]
    skipped = _search(pool, orders, True, monkeypatch)
    assert skipped.outcome.solves == 1
    probed = _search(pool, orders, False, monkeypatch)
    assert probed.outcome.solves > 1
    assert skipped.result == probed.result
    assert skipped.outcome.plan == probed.outcome.plan


def test_probes_when_a_richer_provider_could_gain_fee(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = [
        provider(1, county=County.LIANDU, units=6, workforce=Workforce(20, 0)),
        provider(2, county=County.QINGYUAN, units=6, workforce=Workforce(20, 20)),
    ]
    found = _search(pool, [order(1, 12, deadline=10)], True, monkeypatch)
    assert found.outcome.cost_only.low_income_fee_fen == 0  # the near, poorer one
    assert found.outcome.solves > 1
