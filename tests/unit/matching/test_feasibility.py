from services.matching.domain import (
    CapacityCalendar,
    CapacityException,
    Category,
    County,
    DateRange,
    Market,
    find_candidates,
)
from services.matching.domain.feasibility import production_window

from .builders import BEADS, day, order, provider

NEAR = provider(1, county=County.JINYUN, units=10)  # 110 km from Yiwu: 1 day each way
FAR = provider(2, county=County.QINGYUAN, units=10)  # 310 km from Yiwu: 2 days each way


def test_window_opens_after_materials_arrive_and_closes_in_time_to_ship_back() -> None:
    o = order(1, 5, ready=0, deadline=6)
    assert production_window(o, NEAR) == (day(1), day(5))
    assert production_window(o, FAR) == (day(2), day(4))


def test_transit_depends_on_the_orders_market() -> None:
    o = order(1, 5, ready=0, deadline=6, market=Market.WENZHOU)
    assert production_window(o, provider(3, county=County.QINGTIAN)) == (day(1), day(5))


def test_feasible_units_are_the_free_units_in_the_window_capped_by_quantity() -> None:
    found = find_candidates(order(1, 45, deadline=6), [FAR, NEAR], {})
    assert [(c.provider.id, c.window_free, c.feasible_units) for c in found] == [
        (NEAR.id, 50, 45),
        (FAR.id, 30, 30),
    ]


def test_providers_without_the_category_are_not_candidates() -> None:
    crochet = provider(3, category=Category.CROCHET)
    assert find_candidates(order(1, 5), [crochet], {}) == ()


def test_a_window_too_short_for_transit_yields_no_candidate() -> None:
    o = order(1, 5, ready=0, deadline=3)  # far provider: window day 2 .. day 1
    assert [c.provider.id for c in find_candidates(o, [NEAR, FAR], {})] == [NEAR.id]


def test_calendar_exceptions_and_bookings_shrink_the_window() -> None:
    leave = CapacityException(DateRange(day(1), day(2)), units=0)
    cal = CapacityCalendar.for_provider(NEAR, BEADS, exceptions=[leave], booked={day(3): 4})
    (c,) = find_candidates(order(1, 100, deadline=6), [NEAR], {(NEAR.id, BEADS): cal})
    assert dict(c.free_by_day) == {day(1): 0, day(2): 0, day(3): 6, day(4): 10, day(5): 10}
    assert c.gross_units == 30
    assert c.feasible_units == 26


def test_a_fully_booked_provider_is_not_a_candidate() -> None:
    full = {day(n): 10 for n in range(10)}
    cal = CapacityCalendar.for_provider(NEAR, BEADS, booked=full)
    assert find_candidates(order(1, 5), [NEAR], {(NEAR.id, BEADS): cal}) == ()
