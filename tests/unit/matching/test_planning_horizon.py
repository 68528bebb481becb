"""No day beyond the planning horizon (a year after today) is planned, whatever the
deadline says: a 9999-12-31 deadline made the matcher compute every day up to it and
block its event loop (QA walk, defect A). The order keeps its deadline; it is planned
within the horizon, or unmatched with that reason when its materials come later."""

from dataclasses import replace

from services.matching.domain import Market, ShortfallReason, place_batch
from services.matching.domain.order import (
    PLANNING_HORIZON,
    QueuedOrder,
    batch_days,
    planning_horizon,
)
from services.matching.domain.problem import build_problem

from .builders import BEADS, DAY0, day, order, provider

P = provider(1, units=100)
FAR = 3000  # about eight years ahead: the old code built a day for each of them


def test_a_far_deadline_builds_at_most_a_year_of_days() -> None:
    """Fails on the old code: the problem held one day per day up to the deadline."""
    o = replace(order(1, 300, ready=0, deadline=FAR), not_before=DAY0)
    problem = build_problem([o], [P], {})
    (option,) = problem.options
    assert option.candidate.last_day <= planning_horizon(DAY0)
    assert problem.day_variables <= PLANNING_HORIZON.days + 1
    assert o.deadline == day(FAR)  # the order's own deadline is untouched


def test_a_far_deadline_is_still_placed_within_the_horizon() -> None:
    o = replace(order(1, 300, ready=0, deadline=FAR), not_before=DAY0)
    (placement,) = place_batch([o], [P]).placements
    assert placement.placed == 300
    assert max(d for lot in placement.lots for d in lot.schedule) <= planning_horizon(DAY0)


def test_materials_ready_beyond_the_horizon_is_unplaced_with_its_reason() -> None:
    o = replace(order(1, 100, ready=FAR - 10, deadline=FAR), not_before=DAY0)
    (placement,) = place_batch([o], [P]).placements
    assert placement.lots == () and placement.shortfall == 100
    assert placement.reason is ShortfallReason.BEYOND_HORIZON


def test_the_matcher_loads_calendars_up_to_the_horizon_only() -> None:
    """Fails on the old code: the batch's last day was its latest deadline."""
    near = replace(order(1, 100, ready=0, deadline=20), not_before=DAY0)
    far = replace(order(2, 100, ready=0, deadline=FAR), not_before=DAY0)
    assert batch_days([near], DAY0) == (DAY0, day(20))
    first, last = batch_days([near, far], DAY0)
    assert (first, last) == (DAY0, planning_horizon(DAY0))


def test_a_queued_order_is_planned_from_today() -> None:
    q = QueuedOrder(
        id=order(1, 1).order_id,
        category=BEADS,
        quantity=10,
        unit_fee_fen=80,
        materials_ready=day(0),
        deadline=day(FAR),
        origin_market=Market.YIWU,
        splittable=True,
        min_lot=1,
    )
    assert q.to_place(10, day(3)).plan_until == planning_horizon(day(3))
