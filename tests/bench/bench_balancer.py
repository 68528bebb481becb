"""Row 6: the balancer on the tea-season scenario of tests/unit/balancer/test_tea_picking.py.

Late units of the flow plan against the independent enumerated optimum
(oracle.py) and against no balancing at all; greedy shown beside it; time to
plan (build the problem from the view, then solve) as a median of runs.
"""

from __future__ import annotations

import statistics
import time

from services.balancer.domain import build_problem, project, rebalance
from services.balancer.domain.rebalance.solve import Method
from tests.bench.context import Context
from tests.bench.report import Row
from tests.unit.balancer.test_tea_picking import TODAY, jinyun_view, liandu_loan, oracle_optimum

CASES = {"6a": ("generous loan", (2, 1, 12)), "6b": ("thin loan", (1, 8, 12))}


def plan_late(loan: tuple[int, int, int], method: Method) -> tuple[int, float]:
    t0 = time.perf_counter()
    plan = rebalance(build_problem(jinyun_view(), TODAY, loans=[liandu_loan(*loan)]), method)
    return plan.late_units, time.perf_counter() - t0


def case(key: str, name: str, loan: tuple[int, int, int], runs: int) -> Row:
    best = oracle_optimum(*loan)
    unbalanced = project(jinyun_view(), TODAY).late_units()
    flow = [plan_late(loan, "flow") for _ in range(runs)]
    greedy, _ = plan_late(loan, "greedy")
    late = flow[0][0]
    ms = 1000 * statistics.median(t for _, t in flow)
    spread = [1000 * t for _, t in flow]
    return Row(
        key,
        f"balancer late units, tea season, {name}",
        "enumerated optimum (oracle.py)",
        f"{late} late (optimum {best})",
        f"plan {min(spread):.1f}–{max(spread):.1f} ms (n={runs})",
        "at the optimum",
        late == best and all(n == late for n, _ in flow),
        f"no balancing: {unbalanced} late; greedy: {greedy} late; time to plan {ms:.1f} ms",
        {
            "late": late,
            "optimum": best,
            "unbalanced": unbalanced,
            "greedy": greedy,
            "plan_ms": spread,
        },
    )


async def run(ctx: Context) -> list[Row]:
    runs = ctx.pick(20, 100)
    return [case(key, name, loan, runs) for key, (name, loan) in CASES.items()]
