"""--load is demand / capacity over the window, and utilisation is measured on the same basis."""

import random
from datetime import date, timedelta

import pytest

from services.cli import capacity, demo_providers, figures, sim_orders
from services.cli.sim_orders import DemandPlan
from services.cli.utilisation import REGION
from tests.unit.cli.synthetic import MON, job, state

LIANDU = next(p for p in demo_providers.providers() if p.county == "liandu")


def _ordered(plan: DemandPlan, seed: int = 7) -> int:
    rng = random.Random(seed)
    orders = [o for k in range(plan.weeks) for o in sim_orders.orders_for_week(rng, plan, k)]
    assert len(orders) == plan.orders
    return sum(o.body["quantity"] for o in orders)


@pytest.mark.parametrize("per_week", [20, 40, 200])
def test_units_ordered_over_the_window_are_load_times_its_capacity(per_week: int) -> None:
    plan = DemandPlan.for_window(MON, 2, per_week, 0.8)
    cap = capacity.window_capacity(MON, 14)
    assert sum(plan.capacity.values()) == cap  # the six categories are all the region makes
    assert _ordered(plan) / cap == pytest.approx(0.8, abs=0.005)  # whatever the order count


def test_seasons_take_capacity_out_of_the_window() -> None:
    festival = date(2027, 2, 1)  # Spring Festival: every county at 0
    assert capacity.day_capacity(festival) == 0
    assert capacity.window_capacity(festival, 7) == 0
    songyang = capacity.day_capacity(date(2027, 3, 20), county="songyang")
    assert songyang == int(0.6 * sum(u for (c, _), u in capacity.BASE.items() if c == "songyang"))
    # a window half in the festival asks for half of a full week's units
    half = DemandPlan.for_window(date(2027, 1, 25), 2, 40, 0.8)
    full = DemandPlan.for_window(MON, 2, 40, 0.8)
    assert sum(half.capacity.values()) < 0.7 * sum(full.capacity.values())


def test_orders_are_seeded_and_within_intake_limits() -> None:
    plan = DemandPlan.for_window(date(2027, 3, 15), 1, 20, 0.8)
    a = sim_orders.orders_for_week(random.Random(7), plan, 0)
    b = sim_orders.orders_for_week(random.Random(7), plan, 0)
    assert [o.body for o in a] == [o.body for o in b]
    assert len(a) == 18  # 20 a week x March's demand factor 0.9
    assert all(100 <= o.body["quantity"] <= sim_orders.MAX_QUANTITY for o in a)
    assert all(o.body["deadline"] > o.body["materials_ready"] for o in a)
    assert {o.body["category"] for o in a} == set(sim_orders.MIX)  # every category is ordered


def test_utilisation_is_scheduled_work_over_the_same_capacity() -> None:
    s = state()
    per_day = capacity.day_capacity(MON, county="liandu") // 2
    s.jobs = {"j1": job("j1", "a", LIANDU.id, MON, 7, per_day)}  # half of Liandu, all week
    u = figures.compute(s).load
    assert u is not None
    assert u.share("liandu", 0) == pytest.approx(0.5, abs=0.01)
    assert u.share("liandu", 1) == 0 and u.share("jinyun", 0) == 0
    assert u.capacity[(REGION, 0)] == capacity.window_capacity(MON, 7)
    assert u.share(REGION, 0) == pytest.approx(7 * per_day / capacity.window_capacity(MON, 7))


def test_work_after_the_window_gets_its_own_columns() -> None:
    s = state()
    s.jobs["j3"] = job("j3", "a", LIANDU.id, MON + timedelta(weeks=3), 2)
    u = figures.compute(s).load
    assert u is not None and (u.window_weeks, u.columns) == (2, 4)
    assert u.scheduled[("liandu", 3)] >= 200 and u.total(range(2, 4)) == 200
    assert u.monday(3) == date(2026, 12, 28)


def test_no_capacity_is_none_not_zero() -> None:
    s = state(start=date(2027, 2, 1), weeks=1)
    s.jobs = {}
    u = figures.compute(s).load
    assert u is not None and u.share("liandu", 0) is None
