"""Row 3: the matcher's total cost against the pure min-cost flow optimum, and greedy's gap.

3a: batches without lot rules (min lot 1, all splittable), where the flow
optimum is the true optimum. 3b, 3c: batches with lot rules (large: flow and
repair; small: CP-SAT), where the flow is only a bound: the solver against
greedy, in units placed first (the matcher's first objective), then cost.
Costs are deterministic, so the spread is over seeded instances, not rounds.
"""

from __future__ import annotations

import asyncio
import statistics
from dataclasses import dataclass

from services.matching.domain import Strategy, place_batch
from services.matching.domain.problem import build_problem
from tests.bench.context import Context
from tests.bench.matching_instances import Shape, batch
from tests.bench.reference_flow import optimum
from tests.bench.report import Row
from tests.bench.stats import Ratio

FREE = Shape(providers=200, orders=40)
LOTS = Shape(providers=200, orders=30, load=0.4, lot_rules=True)
# Small enough for CP-SAT (at most 500 order x provider x day variables).
SMALL_LOTS = Shape(providers=8, orders=4, days=4, load=0.9, lot_rules=True)


@dataclass(frozen=True)
class Outcome:
    optimum: int  # flow optimum cost (a lower bound under lot rules)
    optimum_placed: int
    matcher: int
    matcher_placed: int
    greedy: int
    greedy_placed: int


def outcome(seed: int, shape: Shape) -> Outcome:
    b = batch(seed, shape)
    best = optimum(build_problem(b.orders, b.providers, b.calendars))
    solved = place_batch(b.orders, b.providers, b.calendars, strategy=Strategy.OPTIMAL)
    greedy = place_batch(b.orders, b.providers, b.calendars, strategy=Strategy.GREEDY)
    total = sum(o.quantity for o in b.orders)
    return Outcome(
        best.cost,
        best.placed,
        solved.total_cost,
        total - solved.total_shortfall,
        greedy.total_cost,
        total - greedy.total_shortfall,
    )


def without_lot_rules(found: list[Outcome]) -> Row:
    r = Ratio.of([o.matcher / o.optimum for o in found])
    greedy = Ratio.of([o.greedy / o.optimum for o in found])
    same_units = all(o.matcher_placed == o.optimum_placed for o in found)
    return Row(
        "3a",
        f"matcher cost, lot rules not binding ({FREE.providers} providers, {FREE.orders} orders)",
        "OR-Tools min-cost flow optimum (own graph)",
        f"{r.median:.4f}×",
        r.spread,
        "≤ 1.001× optimum",
        r.high <= 1.001 and same_units,
        f"greedy {greedy.median:.4f}× (gap +{greedy.median - 1:.2%}, "
        f"worst +{greedy.high - 1:.2%}); "
        f"units placed equal optimum's: {same_units}",
        {"outcomes": [vars(o) for o in found], "greedy_ratio": greedy.values},
    )


def with_lot_rules(key: str, shape: Shape, found: list[Outcome]) -> Row:
    placed = Ratio.of([o.matcher_placed / o.greedy_placed for o in found])
    per_unit = Ratio.of(
        [(o.matcher / o.matcher_placed) / (o.greedy / o.greedy_placed) for o in found]
    )
    of_bound = statistics.median(o.matcher_placed / o.optimum_placed for o in found)
    return Row(
        key,
        f"matcher with lot rules ({shape.providers} providers, {shape.orders} orders)",
        "greedy (cheapest provider first)",
        f"{placed.median:.3f}× greedy's units placed",
        placed.spread,
        "(no target)",
        None,
        f"cost per placed unit {per_unit.median:.4f}× greedy's ({per_unit.spread}); "
        f"places {of_bound:.1%} of the units the lot-free flow bound places",
        {"outcomes": [vars(o) for o in found]},
    )


async def run(ctx: Context) -> list[Row]:
    seeds = range(ctx.pick(5, 20))
    rows = [without_lot_rules([await asyncio.to_thread(outcome, s, FREE) for s in seeds])]
    for key, shape, first in (("3b", LOTS, 1000), ("3c", SMALL_LOTS, 2000)):
        found = [await asyncio.to_thread(outcome, first + s, shape) for s in seeds]
        rows.append(with_lot_rules(key, shape, found))
    return rows
