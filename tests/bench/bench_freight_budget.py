"""Row 7: the low-income priority as a 2 % freight budget against weight 0 (issue 19).

The demo region (100 seeded providers, `procnet simulate`'s orders, 4 weeks, one
batch; demo_batches.py) at ~30 % and ~70 % load, fixed seeds. Low-income fee =
each lot's fee x its enterprise's low-income workers / workforce. Time: the budgeted
batch against one `place_batch` at the default fixed weight, interleaved per seed.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from services.matching.domain import place_batch
from services.matching.domain.exact_budget import place_exactly_within_budget
from services.matching.domain.freight_budget import FreightBudget, place_batch_within_budget
from tests.bench.context import Context
from tests.bench.demo_batches import demo_batch
from tests.bench.report import Row
from tests.bench.stats import Ratio

BUDGET = FreightBudget(200)
TARGET_FEE = {0.3: 0.40, 0.7: 0.18}


@dataclass(frozen=True)
class Outcome:
    fee: float  # plan / weight 0
    transport: float
    units_equal: bool
    time: float  # budgeted / one place_batch (CPU)
    units: int  # placed, = the cost-only plan's when units_equal
    exact_fee: float  # the exact model's LP bound / weight 0
    exact_time: float  # cost-only solve + LP / one place_batch (CPU)


def outcome(seed: int, load: float, per_week: int) -> Outcome:
    b = demo_batch(seed, load, per_week=per_week)
    t0 = time.process_time()
    place_batch(b.orders, b.providers)
    single = time.process_time() - t0
    t0 = time.process_time()
    out = place_batch_within_budget(b.orders, b.providers, budget=BUDGET).outcome
    budgeted = time.process_time() - t0
    t0 = time.process_time()
    exact = place_exactly_within_budget(b.orders, b.providers, budget=BUDGET, relaxed=True)
    exact_time = time.process_time() - t0
    base, plan = out.cost_only, out.plan
    return Outcome(
        plan.low_income_fee_fen / base.low_income_fee_fen,
        plan.transport_millifen / base.transport_millifen,
        plan.placed == base.placed,
        budgeted / single,
        plan.placed,
        exact.bound_fen / base.low_income_fee_fen,
        exact_time / single,
    )


def row(load: float, found: list[Outcome]) -> Row:
    fee = Ratio.of([o.fee for o in found])
    freight = Ratio.of([o.transport for o in found])
    took = Ratio.of([o.time for o in found])
    units = all(o.units_equal for o in found)
    bound = Ratio.of([o.exact_fee for o in found])
    exact_took = Ratio.of([o.exact_time for o in found])
    met = fee.low >= 1 + TARGET_FEE[load] and freight.high <= 1.02 and units and took.high <= 3
    return Row(
        "7a" if load < 0.5 else "7b",
        f"low-income fee, 2 % freight budget, demo region ~{load:.0%} load",
        "weight 0 (cost-only plan)",
        f"{fee.median - 1:+.1%} fee",
        fee.spread,
        f"≥ +{TARGET_FEE[load]:.0%} fee, transport ≤ +2 %, units equal, time ≤ 3×",
        met,
        f"transport {freight.median - 1:+.2%} (worst {freight.high - 1:+.2%}); units equal: "
        f"{units}; CPU time {took.median:.2f}× one place_batch (worst {took.high:.2f}×); "
        f"exact model's LP bound {bound.median - 1:+.1%} fee in {exact_took.median:.1f}× "
        "(integer model: no plan in 60 s)",
        {"outcomes": [vars(o) for o in found]},
    )


async def run(ctx: Context) -> list[Row]:
    seeds, per_week = range(ctx.pick(3, 5)), ctx.pick(50, 200)
    rows = []
    for load in (0.3, 0.7):
        found = [await asyncio.to_thread(outcome, s, load, per_week) for s in seeds]
        rows.append(row(load, found))
    return rows
