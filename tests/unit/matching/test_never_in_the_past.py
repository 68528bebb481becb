"""No production day is planned before today, whatever the materials date says; an
order whose deadline has passed is left unplaced with that reason (issue 12 item 1)."""

from dataclasses import replace

from services.matching.domain import ShortfallReason, place_batch

from .builders import day, order, provider

P = provider(1, units=100)


def test_days_before_today_are_never_scheduled() -> None:
    o = replace(order(1, 300, ready=0, deadline=20), not_before=day(5))
    (placement,) = place_batch([o], [P]).placements
    assert placement.placed == 300
    assert min(d for lot in placement.lots for d in lot.schedule) >= day(5)


def test_without_today_the_materials_date_still_rules() -> None:
    o = order(1, 300, ready=0, deadline=20)
    (placement,) = place_batch([o], [P]).placements
    assert min(d for lot in placement.lots for d in lot.schedule) < day(5)


def test_a_deadline_already_passed_is_unplaced_with_its_reason() -> None:
    o = replace(order(1, 100, ready=0, deadline=6), not_before=day(7))
    (placement,) = place_batch([o], [P]).placements
    assert placement.lots == () and placement.shortfall == 100
    assert placement.reason is ShortfallReason.DEADLINE_PASSED
