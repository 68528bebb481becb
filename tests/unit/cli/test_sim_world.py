"""The simulated world: leave slows a plan down, catch-up comes after, work waits for acceptance."""

from datetime import date, timedelta

from services.cli import sim_world

MON = date(2027, 3, 15)
PLAN = {MON + timedelta(days=i): 100 for i in range(5)}


def test_a_plan_without_leave_finishes_on_its_last_day() -> None:
    avail = sim_world.leave_availability(None)
    assert sim_world.finish(PLAN, MON, avail, catch_up=50) == MON + timedelta(days=4)
    assert sim_world.done_by(PLAN, MON, avail, 50, MON + timedelta(days=1)) == 200


def test_leave_loses_units_that_are_made_up_afterwards() -> None:
    avail = sim_world.leave_availability((MON, MON + timedelta(days=4), 0.5))
    made = sim_world.production(PLAN, MON, avail, catch_up=50)
    assert sum(u for _, u in made) == 500
    # 250 units lost, made up at 50 a day (full strength after the leave): five extra days
    assert made[-1][0] == MON + timedelta(days=9)


def test_a_plan_before_acceptance_is_shifted_to_start_then() -> None:
    avail = sim_world.leave_availability(None)
    later = MON + timedelta(days=10)
    assert sim_world.finish(PLAN, later, avail, catch_up=50) == later + timedelta(days=4)


def test_an_empty_plan_is_done_at_once() -> None:
    avail = sim_world.leave_availability(None)
    assert sim_world.finish({}, MON, avail, catch_up=50) == MON
