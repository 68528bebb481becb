"""Across a whole batch, no provider is booked beyond its free units on any day."""

import random

import pytest

from services.matching.domain import CapacityCalendar, County, Strategy, place_batch

from .builders import BEADS, day, order, provider
from .invariants import assert_valid
from .random_instances import instance


@pytest.mark.parametrize("strategy", list(Strategy))
@pytest.mark.parametrize("seed", range(40))
def test_random_larger_batches_never_over_book(seed: int, strategy: Strategy) -> None:
    inst = instance(10_000 + seed, max_orders=8, max_providers=6)
    result = place_batch(inst.orders, inst.providers, inst.calendars, strategy=strategy)
    assert_valid(result, inst.orders, inst.providers, inst.calendars)


def test_orders_competing_for_one_provider_share_its_days() -> None:
    p = provider(1, units=4)  # window days 1..5 -> 20 units
    cal = {(p.id, BEADS): CapacityCalendar.for_provider(p, BEADS, booked={day(2): 3})}
    orders = [order(n, 7) for n in range(4)]
    result = place_batch(orders, [p], cal)
    assert_valid(result, orders, [p], cal)
    assert sum(pl.placed for pl in result.placements) == 17
    assert result.total_shortfall == 11


def test_a_dense_batch_fills_capacity_exactly() -> None:
    rng = random.Random(7)
    providers = [provider(n, units=rng.randint(1, 5), county=County.LIANDU) for n in range(5)]
    orders = [order(n, rng.randint(5, 30), min_lot=rng.choice((1, 4))) for n in range(12)]
    result = place_batch(orders, providers)
    assert_valid(result, orders, providers, {})
    capacity = sum(p.categories[BEADS] * 5 for p in providers)
    assert sum(pl.placed for pl in result.placements) <= capacity
