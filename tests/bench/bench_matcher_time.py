"""Row 4: matcher time per order against pure solver time, at growing provider counts.

The batch's orders all compete for one category, so the matcher solves one
large min-cost flow. "Pure solve" is the time inside OR-Tools' solve() on the
very graph the matcher built (solve_timer.py), measured in the same run, so
the ratio is side by side by construction; rounds give the spread.
"""

from __future__ import annotations

import asyncio
import gc
import resource
import statistics
import time
from dataclasses import dataclass

from services.matching.domain import Strategy, place_batch
from tests.bench.context import Context
from tests.bench.matching_instances import Shape, batch
from tests.bench.report import Row
from tests.bench.solve_timer import solve_times
from tests.bench.stats import Ratio


@dataclass(frozen=True)
class Timing:
    total: float
    solve: float
    arcs: int


def timed(shape: Shape, seed: int) -> Timing:
    b = batch(seed, shape)
    gc.collect()
    with solve_times() as (clock, arcs):
        t0 = time.perf_counter()
        place_batch(b.orders, b.providers, b.calendars, strategy=Strategy.OPTIMAL)
        total = time.perf_counter() - t0
    return Timing(total, sum(clock), max(arcs, default=0))


def row(key: str, shape: Shape, found: list[Timing]) -> Row:
    r = Ratio.of([t.total / t.solve for t in found])
    per_order = statistics.median(t.total for t in found) / shape.orders
    solve = statistics.median(t.solve for t in found) / shape.orders
    return Row(
        key,
        f"matcher time/order, {shape.providers:,} providers ({shape.orders} orders)",
        "OR-Tools solve() alone, same graph",
        f"{r.median:.1f}×",
        r.spread,
        "≤ 2× pure solve",
        r.median <= 2,
        f"{per_order * 1000:,.1f} ms/order vs solve {solve * 1000:,.1f} ms/order; "
        f"graph {found[0].arcs:,} arcs; peak RSS so far {peak_rss_gb():.1f} GB",
        {"timings": [vars(t) for t in found], "per_order_s": per_order, "solve_per_order_s": solve},
    )


def peak_rss_gb() -> float:
    """The bench process's peak resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def sizes(ctx: Context) -> list[tuple[str, Shape, int]]:
    """(row, shape, rounds); at 100,000 providers a run takes minutes, so it runs once."""
    orders = ctx.pick(8, 20)
    return [
        ("4a", Shape(1_000, orders, one_category=True), ctx.pick(3, 5)),
        ("4b", Shape(10_000, orders, one_category=True), ctx.pick(2, 3)),
        ("4c", Shape(100_000, ctx.pick(2, 8), one_category=True), 1),
    ]


async def run(ctx: Context) -> list[Row]:
    rows = []
    for key, shape, rounds in sizes(ctx):
        found = [await asyncio.to_thread(timed, shape, seed) for seed in range(rounds)]
        rows.append(row(key, shape, found))
    return rows
