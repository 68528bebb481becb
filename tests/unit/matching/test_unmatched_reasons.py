from services.matching.domain import (
    Calendars,
    CapacityCalendar,
    Category,
    County,
    OrderToPlace,
    Provider,
    ShortfallReason,
    place_batch,
)

from .builders import BEADS, day, order, provider

P = provider(1, units=3)  # Jinyun: window days 1..5 for the default order


def reason_for(
    o: OrderToPlace, providers: list[Provider], calendars: Calendars | None = None
) -> ShortfallReason | None:
    return place_batch([o], providers, calendars).for_order(o.order_id).reason


def test_no_provider_makes_the_category() -> None:
    o = order(1, 5, category=Category.WELDING_ASSEMBLY)
    assert reason_for(o, [P]) is ShortfallReason.NO_PROVIDER_FOR_CATEGORY


def test_no_provider_at_all() -> None:
    assert reason_for(order(1, 5), []) is ShortfallReason.NO_PROVIDER_FOR_CATEGORY


def test_deadline_too_close_for_transit() -> None:
    far = provider(2, county=County.QINGYUAN)
    assert reason_for(order(1, 5, deadline=3), [far]) is ShortfallReason.NOT_ENOUGH_CAPACITY


def test_all_capacity_booked() -> None:
    cal = CapacityCalendar.for_provider(P, BEADS, booked={day(n): 3 for n in range(9)})
    o = order(1, 5)
    assert reason_for(o, [P], {(P.id, BEADS): cal}) is ShortfallReason.NOT_ENOUGH_CAPACITY


def test_partial_placement_reports_the_shortfall() -> None:
    o = order(1, 20)
    placement = place_batch([o], [P]).for_order(o.order_id)
    assert (placement.placed, placement.shortfall) == (15, 5)
    assert placement.reason is ShortfallReason.NOT_ENOUGH_CAPACITY


def test_non_splittable_order_larger_than_any_provider() -> None:
    o = order(1, 20, splittable=False)
    placement = place_batch([o], [P, provider(2, units=3)]).for_order(o.order_id)
    assert (placement.placed, placement.reason) == (0, ShortfallReason.NO_SINGLE_PROVIDER)


def test_fully_placed_orders_have_no_reason() -> None:
    o = order(1, 5)
    placement = place_batch([o], [P]).for_order(o.order_id)
    assert (placement.shortfall, placement.reason) == (0, None)
