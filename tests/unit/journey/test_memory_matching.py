"""The in-memory matching fake behaves like the ledger, not just a record: a provider-day
is never promised beyond its capacity, and a refused hold changes nothing."""

from datetime import timedelta

import pytest

from services.matching.adapters.ledger import NotEnoughCapacity
from services.matching.domain import CapacityCalendar
from shared.contracts import matching as m
from shared.region import clock
from tests.support.order_journey import (
    CATEGORY,
    a_cancelled_order_keeps_what_is_made_and_frees_the_rest,
)
from tests.unit.journey.memory_world import MemoryWorld


async def test_a_hold_is_all_days_or_none_and_never_beyond_capacity() -> None:
    world = MemoryWorld()
    pid = await world.provider(CATEGORY, 10)
    uow = world.matching
    cal = CapacityCalendar.for_provider(uow.state.providers[pid], CATEGORY)
    d1, d2 = clock.today(), clock.today() + timedelta(days=1)
    async with uow:
        await uow.calendars.hold(cal, {d1: 4, d2: 4})
        with pytest.raises(NotEnoughCapacity, match=str(d2)):
            await uow.calendars.hold(cal, {d1: 6, d2: 7})  # d1 fits, d2 does not: neither
        used = await uow.calendars.usage(pid, CATEGORY, d1, d2)
        assert [(u.capacity, u.held) for u in used.values()] == [(10, 4), (10, 4)]
        await uow.commit()


async def test_a_savepoint_undoes_only_its_block() -> None:
    world = MemoryWorld()
    pid = await world.provider(CATEGORY, 10)
    uow = world.matching
    cal = CapacityCalendar.for_provider(uow.state.providers[pid], CATEGORY)
    day = clock.today()
    async with uow:
        await uow.calendars.hold(cal, {day: 3})
        with pytest.raises(NotEnoughCapacity):
            async with uow.savepoint():
                await uow.calendars.hold(cal, {day: 5})
                uow.publish(m.OrderUnmatched(order_id=pid, shortfall_units=1, reason="x"))
                await uow.calendars.hold(cal, {day: 5})  # 3 + 5 + 5 > 10
        assert (await uow.calendars.usage(pid, CATEGORY, day, day))[day].held == 3
        await uow.commit()
    assert world.bus.published == []


async def test_two_orders_never_double_book_a_provider() -> None:
    world = MemoryWorld()
    await world.provider(CATEGORY, 50)
    today = clock.today()
    first = await world.submit(200, 50, today, today + timedelta(days=6))
    second = await world.submit(300, 50, today, today + timedelta(days=6))
    offered = {o: sum(x.units for x in world.matching.state.offers.values() if x.order_id == o)
               for o in (first, second)}  # fmt: skip
    assert offered[first] == 200, "the first order fits"
    assert 0 < offered[second] < 300, "the second gets only what is left of the week"
    unmatched_events = world.bus.of_type("OrderUnmatched")
    (unmatched,) = [u for u in unmatched_events if isinstance(u, m.OrderUnmatched)]
    assert unmatched.order_id == second
    assert unmatched.shortfall_units == 300 - offered[second]
    days = world.matching.state.days.values()
    assert days and all(u.held + u.booked <= u.capacity for u in days)


async def test_a_cancelled_order_books_only_what_was_made() -> None:
    world = MemoryWorld()
    await a_cancelled_order_keeps_what_is_made_and_frees_the_rest(world)
    days = world.matching.state.days.values()
    assert (sum(u.booked for u in days), sum(u.held for u in days)) == (40, 0)
