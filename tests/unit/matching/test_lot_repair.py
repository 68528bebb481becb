"""The flow repair alone always yields rule-respecting, over-booking-free lots."""

from unittest.mock import patch

import pytest

from services.matching.domain import County, Workforce
from services.matching.domain.flow import solve_min_cost_flow
from services.matching.domain.lot_repair import repair_lots
from services.matching.domain.problem import Allocation, SlotKey, build_problem
from services.matching.domain.splitting import breaks_lot_rules

from .builders import order, provider
from .random_instances import instance


@pytest.mark.parametrize("seed", range(40))
def test_repair_removes_every_lot_rule_violation(seed: int) -> None:
    inst = instance(40_000 + seed, max_orders=6, max_providers=5)
    problem = build_problem(inst.orders, inst.providers, inst.calendars)
    repaired = repair_lots(problem, solve_min_cost_flow(problem) or {})
    assert not breaks_lot_rules(problem, repaired)
    used: dict[SlotKey, int] = {}
    for (order_id, provider_id), days in repaired.items():
        category = next(o.category for o in problem.orders if o.order_id == order_id)
        for d, units in days.items():
            used[provider_id, category, d] = used.get((provider_id, category, d), 0) + units
    assert all(units <= problem.capacity[slot] for slot, units in used.items())


CHEAP = provider(1, units=2, workforce=Workforce(total=10, low_income=10))  # 10 in window
DEAR = provider(2, units=3, county=County.SONGYANG)  # 15 in window


def lot_sizes(allocation: Allocation) -> dict[int, int]:
    return {key[1].int: sum(days.values()) for key, days in allocation.items()}


def test_a_lot_below_min_lot_is_forbidden_and_the_rest_kept() -> None:
    problem = build_problem([order(1, 14, min_lot=6)], [CHEAP, DEAR], {})
    flow = solve_min_cost_flow(problem) or {}
    assert lot_sizes(flow) == {1: 10, 2: 4}
    assert lot_sizes(repair_lots(problem, flow)) == {1: 10}


def test_a_split_non_splittable_order_is_pinned_to_a_provider_that_can_take_it_whole() -> None:
    problem = build_problem([order(1, 14, splittable=False)], [CHEAP, DEAR], {})
    flow = solve_min_cost_flow(problem) or {}
    assert lot_sizes(flow) == {1: 10, 2: 4}
    assert lot_sizes(repair_lots(problem, flow)) == {2: 14}


def test_offending_lots_left_after_the_last_round_are_dropped() -> None:
    problem = build_problem([order(1, 14, min_lot=6)], [CHEAP, DEAR], {})
    flow = solve_min_cost_flow(problem) or {}
    with patch("services.matching.domain.lot_repair.MAX_ROUNDS", 0):
        assert lot_sizes(repair_lots(problem, flow)) == {1: 10}
