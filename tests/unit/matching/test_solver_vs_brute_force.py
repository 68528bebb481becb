"""The solver's answer equals the enumerated optimum; greedy's is never better."""

from collections import Counter

import pytest

from services.matching.domain import Method, Strategy, place_batch
from services.matching.domain.solver import SolverLimits

from .brute_force import optimum, search_space
from .invariants import assert_valid
from .random_instances import Instance, instance

MAX_SEARCH_SPACE = 60_000


def _small_instances(count: int) -> list[tuple[int, Instance]]:
    found: list[tuple[int, Instance]] = []
    seed = 0
    while len(found) < count:
        inst = instance(seed)
        if search_space(inst) <= MAX_SEARCH_SPACE:
            found.append((seed, inst))
        seed += 1
    return found


INSTANCES = _small_instances(200)


@pytest.mark.parametrize(("seed", "inst"), INSTANCES, ids=[f"seed{s}" for s, _ in INSTANCES])
def test_solver_matches_brute_force_and_greedy_is_no_better(seed: int, inst: Instance) -> None:
    best = optimum(inst)
    solved = place_batch(inst.orders, inst.providers, inst.calendars)
    greedy = place_batch(inst.orders, inst.providers, inst.calendars, strategy=Strategy.GREEDY)
    assert (solved.total_shortfall, solved.total_cost) == best
    assert (greedy.total_shortfall, greedy.total_cost) >= best
    assert_valid(solved, inst.orders, inst.providers, inst.calendars)
    assert_valid(greedy, inst.orders, inst.providers, inst.calendars)


def test_the_instances_exercise_every_method() -> None:
    methods: Counter[Method] = Counter()
    for _, inst in INSTANCES:
        result = place_batch(inst.orders, inst.providers, inst.calendars)
        methods.update(p.method for p in result.placements)
    assert {Method.GREEDY, Method.MIN_COST_FLOW, Method.CP_SAT} <= set(methods), methods


NO_EXACT = SolverLimits(exact_day_variables=0)


def test_without_cp_sat_the_repaired_flow_stays_valid_and_close() -> None:
    methods: Counter[Method] = Counter()
    for _, inst in INSTANCES:
        result = place_batch(inst.orders, inst.providers, inst.calendars, limits=NO_EXACT)
        methods.update(p.method for p in result.placements)
        assert (result.total_shortfall, result.total_cost) >= optimum(inst)
        assert_valid(result, inst.orders, inst.providers, inst.calendars)
    assert Method.CP_SAT not in methods
    assert Method.REPAIRED_FLOW in methods, methods
