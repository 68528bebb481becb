"""Row 4: matcher time per order against pure solver time, at growing provider counts.

The batch's orders all compete for one category, so the matcher solves one
large min-cost flow. Times are CPU seconds of the bench process
(``time.process_time``; OR-Tools solves on the calling thread), because wall time
on the shared 2-core machine moves with the neighbours; wall figures are kept in
the JSON.

- 4a/4b/4c: the matcher (``place_batch``) against the time inside OR-Tools'
  solve() on the very graph(s) the matcher built (solve_timer.py), same run.
  From ``SolverLimits.prune_from`` providers on, that graph is the pruned one
  (pruning.py), solved once per pruning round.
- 4d/4e: the same matcher run against solve() of the **full** (unpruned) graph of
  the same instance: the graph ``place_batch`` builds with pruning off
  (flow.py, as before pruning). The note adds the stricter second baseline:
  solve() of the full graph in the pruned path's own form (network.py, every
  candidate, the same penalty), which solves faster than flow.py's.
- 4f: peak memory of the matcher at 100,000 providers, in a child process
  (matcher_memory.py: the instance is the child's input and is not counted).
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from services.matching.domain import Strategy, place_batch
from services.matching.domain.costs import DEFAULT_WEIGHTS, NO_MARKET_RECORD
from services.matching.domain.pruning import place_pruned
from services.matching.domain.solver import SolverLimits
from tests.bench.context import Context
from tests.bench.matching_instances import Batch, Shape, batch
from tests.bench.report import Row
from tests.bench.solve_timer import solve_times
from tests.bench.stats import Ratio

UNPRUNED = SolverLimits(prune_from=10**12)
MEMORY_TARGET_MB = 500


@dataclass(frozen=True)
class Timing:
    total: float  # CPU s of place_batch
    solve: float  # CPU s inside solve(), every graph the matcher built
    arcs: int  # the largest graph's arcs
    solves: int
    wall: float
    full_solve: float = float("nan")  # CPU s of solve() on the full graph (flow.py)
    full_arcs: int = 0
    dense_full_solve: float = float("nan")  # the same on network.py's full graph
    cost_equal: bool | None = None


def _run(b: Batch, limits: SolverLimits) -> tuple[float, float, list[float], list[int], int]:
    gc.collect()
    with solve_times(time.process_time) as (clock, arcs):
        t0, w0 = time.process_time(), time.perf_counter()
        found = place_batch(
            b.orders, b.providers, b.calendars, strategy=Strategy.OPTIMAL, limits=limits
        )
        total, wall = time.process_time() - t0, time.perf_counter() - w0
    return total, wall, clock, arcs, found.total_cost


def timed(shape: Shape, seed: int, against_full: bool) -> Timing:
    b = batch(seed, shape)
    total, wall, clock, arcs, cost = _run(b, SolverLimits())
    own = Timing(total, sum(clock), max(arcs, default=0), len(clock), wall)
    if not against_full:
        return own
    _, _, full_clock, full_arcs, full_cost = _run(b, UNPRUNED)
    orders = sorted(b.orders, key=lambda o: o.order_id.int)
    pool = sorted(b.providers, key=lambda p: p.id.int)
    gc.collect()
    with solve_times(time.process_time) as (dense_clock, _):
        place_pruned(orders, pool, b.calendars, DEFAULT_WEIGHTS, NO_MARKET_RECORD, prune=False)
    return Timing(
        total,
        own.solve,
        own.arcs,
        own.solves,
        wall,
        sum(full_clock),
        max(full_arcs, default=0),
        sum(dense_clock),
        cost == full_cost,
    )


def own_row(key: str, shape: Shape, found: list[Timing]) -> Row:
    r = Ratio.of([t.total / t.solve for t in found])
    per_order = statistics.median(t.total for t in found) / shape.orders
    solve = statistics.median(t.solve for t in found) / shape.orders
    return Row(
        key,
        f"matcher time/order, {shape.providers:,} providers ({shape.orders} orders)",
        "OR-Tools solve() alone, the graph(s) the matcher built",
        f"{r.median:.2f}×",
        r.spread,
        "≤ 2× pure solve",
        r.median <= 2,
        f"CPU {per_order * 1000:,.1f} ms/order vs solve {solve * 1000:,.1f} ms/order; "
        f"largest graph {found[0].arcs:,} arcs, {found[0].solves} solve(s); "
        f"wall {statistics.median(t.wall for t in found) / shape.orders * 1000:,.1f} ms/order",
        {"timings": [vars(t) for t in found], "per_order_s": per_order, "solve_per_order_s": solve},
    )


def full_row(key: str, shape: Shape, found: list[Timing]) -> Row:
    r = Ratio.of([t.total / t.full_solve for t in found])
    strict = Ratio.of([t.total / t.dense_full_solve for t in found])
    return Row(
        key,
        f"matcher time/order, {shape.providers:,} providers ({shape.orders} orders), pruned",
        "OR-Tools solve() alone of the FULL graph, same instance",
        f"{r.median:.2f}×",
        r.spread,
        "≤ 1× full solve",
        r.median <= 1,
        f"matcher CPU {statistics.median(t.total for t in found):,.2f} s on ≤ "
        f"{found[0].arcs:,} arcs vs full graph solve "
        f"{statistics.median(t.full_solve for t in found):,.2f} s ({found[0].full_arcs:,} arcs, "
        f"flow.py); vs solve() of the full graph in the pruned path's form: {strict.median:.2f}× "
        f"({strict.spread}); same cost as the full graph: "
        f"{all(t.cost_equal for t in found)}",
        {"timings": [vars(t) for t in found], "strict": strict.values},
    )


def memory_row(key: str, providers: int, orders: int) -> Row:
    """The matcher at ``providers`` in a child process (matcher_memory.py)."""
    args = [sys.executable, "-m", "tests.bench.matcher_memory", str(providers), str(orders), "0"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    m = json.loads(out.strip().splitlines()[-1])
    return Row(
        key,
        f"matcher peak memory, {providers:,} providers ({orders} orders)",
        "(absolute)",
        f"{m['matcher_mb']:,.0f} MB",
        "n=1",
        f"≤ {MEMORY_TARGET_MB} MB",
        m["matcher_mb"] <= MEMORY_TARGET_MB,
        f"child process: RSS {m['input_mb']:,.0f} MB after building the instance (the "
        f"matcher's input: providers and calendars as Python objects, not counted), peak "
        f"{m['peak_mb']:,.0f} MB (VmHWM) during place_batch; counted = peak − input; "
        f"place_batch CPU {m['cpu_s']:.1f} s",
        m,
    )


def sizes(ctx: Context) -> list[tuple[str, str, Shape, int]]:
    """(own row, full row, shape, rounds); at 100,000 providers a run takes minutes."""
    orders = ctx.pick(8, 20)
    return [
        ("4a", "", Shape(1_000, orders, one_category=True), ctx.pick(3, 5)),
        ("4b", "4d", Shape(10_000, orders, one_category=True), ctx.pick(2, 3)),
        ("4c", "4e", Shape(100_000, ctx.pick(2, 8), one_category=True), 1),
    ]


async def run(ctx: Context) -> list[Row]:
    rows, full = [], []
    for own, vs_full, shape, rounds in sizes(ctx):
        found = [
            await asyncio.to_thread(timed, shape, seed, bool(vs_full)) for seed in range(rounds)
        ]
        rows.append(own_row(own, shape, found))
        if vs_full:
            full.append(full_row(vs_full, shape, found))
    largest = sizes(ctx)[-1][2]
    memory = await asyncio.to_thread(memory_row, "4f", largest.providers, largest.orders)
    return [*rows, *full, memory]
