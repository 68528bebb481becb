"""Checks every placement must pass, whatever method produced it."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from uuid import UUID

from services.matching.domain import BatchResult, Calendars, CategoryCode, OrderToPlace, Provider
from services.matching.domain.feasibility import calendar_for, production_window


def assert_valid(
    result: BatchResult,
    orders: Sequence[OrderToPlace],
    providers: Sequence[Provider],
    calendars: Calendars,
) -> None:
    by_id = {p.id: p for p in providers}
    booked: dict[tuple[UUID, CategoryCode, date], int] = defaultdict(int)
    for o in orders:
        placement = result.for_order(o.order_id)
        assert placement.placed + placement.shortfall == o.quantity
        assert (placement.reason is None) == (placement.shortfall == 0)
        for lot in placement.lots:
            assert lot.units >= o.smallest_lot
            first, last = production_window(o, by_id[lot.provider_id])
            assert first <= lot.start_day <= lot.end_day <= last
            for d, units in lot.schedule.items():
                assert units > 0
                booked[lot.provider_id, o.category, d] += units
    for (pid, category, d), units in booked.items():
        cal = calendar_for(by_id[pid], category, calendars)
        assert units <= cal.free_units(d), f"over-booked {pid} on {d}"
