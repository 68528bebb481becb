"""Place a batch exactly, lot rules included, with OR-Tools CP-SAT.

Used only for components where the min-cost flow's answer breaks a lot rule
(a lot below min_lot, or a non-splittable order spread over providers) and
that are small (SolverLimits in solver.py). Repairing lots heuristically
(lot_repair.py) can cascade through other orders' capacity and gives no
guarantee; on small components CP-SAT proves the optimum quickly, and the
repaired answer serves as its starting hint and as the fallback.

    x[option, day]  in [0, free units]   units made that day
    lot[option]     = sum_day x;  used[option] in {0,1}
    smallest_lot * used <= lot <= feasible_units * used
    sum_options lot <= quantity;  sum_orders x <= free units per slot
    minimise  sum unit_cost * lot - penalty * placed   (= cost + penalty * shortfall - const)

Deterministic: one worker, fixed seed, a deterministic-time limit (not wall
time). A rule-respecting allocation (the repaired flow) is passed as a hint,
so the search starts from a good solution.
"""

from datetime import date
from uuid import UUID

from ortools.sat.python import cp_model

from services.matching.domain.problem import Allocation, Problem, SlotKey

DayVars = dict[tuple[tuple[UUID, UUID], date], cp_model.IntVar]


def _day_vars(model: cp_model.CpModel, problem: Problem) -> DayVars:
    return {
        (opt.key, day): model.new_int_var(0, problem.capacity[opt.slot(day)], f"x{n}_{day}")
        for n, opt in enumerate(problem.options)
        for day in opt.days
    }


def _add_slot_limits(model: cp_model.CpModel, problem: Problem, x: DayVars) -> None:
    users: dict[SlotKey, list[cp_model.IntVar]] = {}
    for opt in problem.options:
        for day in opt.days:
            users.setdefault(opt.slot(day), []).append(x[opt.key, day])
    for slot, variables in users.items():
        model.add(sum(variables) <= problem.capacity[slot])


def _add_lots(model: cp_model.CpModel, problem: Problem, x: DayVars) -> cp_model.LinearExpr:
    """Lot-rule constraints; returns the placement cost expression."""
    cost: list[cp_model.LinearExpr] = []
    by_order: dict[UUID, list[cp_model.LinearExpr]] = {}
    for opt in problem.options:
        lot = cp_model.LinearExpr.sum([x[opt.key, d] for d in opt.days])
        used = model.new_bool_var(f"used{len(cost)}")
        model.add(lot >= opt.candidate.order.smallest_lot * used)
        model.add(lot <= opt.candidate.feasible_units * used)
        by_order.setdefault(opt.key[0], []).append(lot)
        cost.append(opt.unit_cost * lot)
    for order in problem.orders:
        model.add(cp_model.LinearExpr.sum(by_order.get(order.order_id, [])) <= order.quantity)
    return cp_model.LinearExpr.sum(cost)


def _model(problem: Problem) -> tuple[cp_model.CpModel, DayVars]:
    model = cp_model.CpModel()
    x = _day_vars(model, problem)
    _add_slot_limits(model, problem, x)
    cost = _add_lots(model, problem, x)
    placed = cp_model.LinearExpr.sum(list(x.values()))
    model.minimize(cost - problem.shortfall_penalty * placed)
    return model, x


def solve_with_lot_rules(
    problem: Problem, hint: Allocation, deterministic_time: float
) -> Allocation | None:
    """Optimal (or best found) allocation respecting lot rules; None if none found."""
    model, x = _model(problem)
    for (key, day), var in x.items():
        model.add_hint(var, hint.get(key, {}).get(day, 0))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = deterministic_time
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    allocation: Allocation = {}
    for (key, day), var in x.items():
        units = solver.value(var)
        if units > 0:
            allocation.setdefault(key, {})[day] = units
    return allocation
