"""A seed orders the same season however many offers matching makes.

The orders and the users' answers shared one random stream, so each answered offer
(how many there are depends on matching's timing) moved the next week's orders: two
4-week runs of seed 7 ordered 21,330,800 and 21,330,600 units. The orders now have a
stream of their own.
"""

from __future__ import annotations

import random
from datetime import date

from services.cli import sim_orders, simulate

PLAN = sim_orders.DemandPlan.for_window(date(2027, 3, 1), 3, 30, 0.8)


def _season(answers_per_week: int) -> list[list[sim_orders.PlannedOrder]]:
    orders, users = simulate.streams(7)
    weeks = []
    for week in range(PLAN.weeks):
        weeks.append(sim_orders.orders_for_week(orders, PLAN, week))
        for _ in range(answers_per_week):  # the brokers' answers, declines and defects
            users.random()
    return weeks


def test_the_orders_do_not_depend_on_how_many_answers_were_drawn() -> None:
    """Fails on the old code (one shared stream; there `streams` did not exist)."""
    assert _season(answers_per_week=40) == _season(answers_per_week=43)


def test_week_one_orders_are_those_of_a_run_with_one_shared_stream() -> None:
    assert _season(0)[0] == sim_orders.orders_for_week(random.Random(7), PLAN, 0)
