"""Splitting: min_lot and non-splittable orders are respected by every path."""

from uuid import UUID

import pytest

from services.matching.domain import (
    BatchResult,
    County,
    Method,
    ShortfallReason,
    Strategy,
    Workforce,
    place_batch,
)

from .builders import order, provider

# Jinyun window for ready=0, deadline=6, Yiwu: days 1..5 (5 days).
CHEAP = provider(1, units=2, workforce=Workforce(total=10, low_income=10))  # 10 in window
DEAR = provider(2, units=2, county=County.SONGYANG)  # 10 in window
BIG = provider(3, units=3, county=County.SUICHANG)  # 15 in window


def lots(order_id: UUID, result: BatchResult) -> list[tuple[int, int]]:
    placement = result.for_order(order_id)
    return sorted((lot.provider_id.int, lot.units) for lot in placement.lots)


def test_a_splittable_order_is_split_over_the_cheapest_providers() -> None:
    o = order(1, 14)
    result = place_batch([o], [CHEAP, DEAR])
    assert lots(o.order_id, result) == [(1, 10), (2, 4)]


def test_no_lot_is_smaller_than_min_lot() -> None:
    o = order(1, 14, min_lot=6)
    result = place_batch([o], [CHEAP, DEAR])
    assert lots(o.order_id, result) == [(1, 8), (2, 6)]
    assert result.for_order(o.order_id).method is Method.CP_SAT


def test_min_lot_above_quantity_means_one_lot_of_the_whole_order() -> None:
    o = order(1, 12, min_lot=20)
    result = place_batch([o], [CHEAP, DEAR, BIG])
    assert lots(o.order_id, result) == [(3, 12)]


def test_min_lot_can_leave_a_remainder_unplaced() -> None:
    o = order(1, 14, min_lot=6)
    result = place_batch([o], [CHEAP])
    placement = result.for_order(o.order_id)
    assert (placement.placed, placement.shortfall) == (10, 4)
    assert placement.reason is ShortfallReason.NOT_ENOUGH_CAPACITY


@pytest.mark.parametrize("strategy", list(Strategy))
def test_a_non_splittable_order_goes_whole_to_one_provider(strategy: Strategy) -> None:
    o = order(1, 12, splittable=False)
    result = place_batch([o], [CHEAP, DEAR, BIG], strategy=strategy)
    assert lots(o.order_id, result) == [(3, 12)]


def test_non_splittable_orders_in_a_batch_never_share_a_provider_split() -> None:
    orders = [order(1, 9, splittable=False), order(2, 9, splittable=False), order(3, 4)]
    result = place_batch(orders, [CHEAP, DEAR, BIG])
    for o in orders[:2]:
        assert [lot.units for lot in result.for_order(o.order_id).lots] == [9]
    assert result.total_shortfall == 0


def test_lot_rules_are_solved_across_orders_competing_for_one_provider() -> None:
    # Flow would give each order part of BIG; CP-SAT must keep lots >= 7.
    orders = [order(1, 8, min_lot=7), order(2, 8, min_lot=7)]
    result = place_batch(orders, [BIG, CHEAP])
    for o in orders:
        assert all(lot.units >= 7 for lot in result.for_order(o.order_id).lots)
    assert result.total_shortfall == 0
