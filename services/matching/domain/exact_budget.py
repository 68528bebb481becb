"""The freight budget solved exactly: a MIP to compare the weight search against (issue 19).

Same batch, same rules as the flow and lot_solver.py (per-day units within each slot's
free units, an order's lots within its quantity, every lot at least the order's
smallest lot, a non-splittable order on one provider), and two more:

    sum transport_per_unit * lot   <= the budget's limit (budget_policy.py)
    sum lot                        == the cost-only plan's units (P0)
    maximise  sum low-income fee per unit * lot

Solved with the MIP solver bundled in OR-Tools (HiGHS through pywraplp) under a wall
time limit; the answer says whether it is proven optimal. Not used by the matcher:
it is the yardstick for freight_budget.py's weight search (bench row 7, BENCHMARKS.md).
The other cost terms (quality, delivery record) are ignored here: the budget question
is about low-income fee and freight only.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from ortools.linear_solver import pywraplp

from services.matching.domain.budget_parts import ProblemParts
from services.matching.domain.budget_policy import CountyBudgets, FreightBudget
from services.matching.domain.costs import DEFAULT_WEIGHTS, CostWeights, transport
from services.matching.domain.feasibility import Calendars
from services.matching.domain.freight_budget import DEFAULT_BUDGET, PlanFigures, _Batch
from services.matching.domain.order import OrderToPlace
from services.matching.domain.placement import Method
from services.matching.domain.problem import Allocation, Problem, SlotKey, build_problem
from services.matching.domain.provider import Provider
from services.matching.domain.solver import DEFAULT_LIMITS
from services.matching.domain.splitting import placements

SOLVER = "HIGHS"


@dataclass(frozen=True)
class ExactOutcome:
    cost_only: PlanFigures
    plan: PlanFigures | None  # None when the solver found nothing in time
    optimal: bool
    bound_fen: float  # the solver's upper bound on the low-income fee (LP bound if relaxed)
    transport_limit: int
    seconds: float  # the MIP alone (the cost-only solve excluded)


def place_exactly_within_budget(
    orders: Iterable[OrderToPlace],
    providers: Iterable[Provider],
    calendars: Calendars | None = None,
    budget: FreightBudget | CountyBudgets = DEFAULT_BUDGET,
    weights: CostWeights = DEFAULT_WEIGHTS,
    seconds: float = 60.0,
    relaxed: bool = False,
) -> ExactOutcome:
    """`relaxed`: units and lot choices continuous (the LP relaxation): no plan, but an
    upper bound on what any plan within the budget can bring, fast on the demo region."""
    budgets = budget if isinstance(budget, CountyBudgets) else CountyBudgets.everywhere(budget)
    zero = replace(weights, low_income=0)
    problem = build_problem(list(orders), providers, calendars or {}, zero)
    batch = _Batch(ProblemParts(problem, zero, DEFAULT_LIMITS))
    cost_only = batch.cost_only().figures
    limit = budgets.limit(cost_only.by_county)
    started = time.perf_counter()
    found, optimal, bound = solve_exactly(problem, zero, limit, cost_only.placed, seconds, relaxed)
    took = time.perf_counter() - started
    plan = None
    if found is not None and not relaxed:
        plan = batch._probe(-1, [placements(problem, found, Method.CP_SAT)]).figures
    return ExactOutcome(cost_only, plan, optimal, bound, limit, took)


def solve_exactly(
    problem: Problem,
    weights: CostWeights,
    limit: int,
    units: int,
    seconds: float,
    relaxed: bool = False,
) -> tuple[Allocation | None, bool, float]:
    """The allocation with the most low-income fee, transport <= limit, exactly `units`
    placed; whether it is proven optimal; the solver's bound on the fee."""
    solver = pywraplp.Solver.CreateSolver(SOLVER)
    integer = not relaxed
    var = solver.IntVar if integer else solver.NumVar
    x: dict[tuple[tuple[UUID, UUID], date], pywraplp.Variable] = {}
    for n, opt in enumerate(problem.options):
        for day in opt.days:
            x[opt.key, day] = var(0, problem.capacity[opt.slot(day)], f"x{n}_{day}")
    users: dict[SlotKey, list[pywraplp.Variable]] = {}
    for opt in problem.options:
        for day in opt.days:
            users.setdefault(opt.slot(day), []).append(x[opt.key, day])
    for slot, variables in users.items():
        solver.Add(solver.Sum(variables) <= problem.capacity[slot])
    freight, fee, placed = [], [], []
    by_order: dict[UUID, list[object]] = {}
    used_by_order: dict[UUID, list[pywraplp.Variable]] = {}
    for n, opt in enumerate(problem.options):
        lot = solver.Sum([x[opt.key, d] for d in opt.days])
        order = opt.candidate.order
        used = var(0, 1, f"u{n}")
        solver.Add(lot >= order.smallest_lot * used)
        solver.Add(lot <= opt.candidate.feasible_units * used)
        by_order.setdefault(order.order_id, []).append(lot)
        used_by_order.setdefault(order.order_id, []).append(used)
        w = opt.candidate.provider.workforce
        share = w.low_income / w.total if w.total else 0.0
        freight.append(transport(opt.candidate, weights) * lot)
        fee.append(order.unit_fee_fen * share * lot)
        placed.append(lot)
    for order in problem.orders:
        solver.Add(solver.Sum(by_order.get(order.order_id, [])) <= order.quantity)
        if not order.splittable:
            solver.Add(solver.Sum(used_by_order.get(order.order_id, [])) <= 1)
    solver.Add(solver.Sum(freight) <= limit)
    solver.Add(solver.Sum(placed) == units)
    solver.Maximize(solver.Sum(fee))
    solver.SetTimeLimit(int(seconds * 1000))
    status = solver.Solve()
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None, False, float("nan")
    optimal = status == pywraplp.Solver.OPTIMAL
    bound = solver.Objective().Value() if relaxed else solver.Objective().BestBound()
    allocation: Allocation = {}
    for (key, day), var in x.items():
        v = round(var.solution_value())
        if v > 0:
            allocation.setdefault(key, {})[day] = v
    return allocation, optimal, bound
