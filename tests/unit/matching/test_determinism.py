import random

import pytest

from services.matching.domain import Strategy, place_batch

from .random_instances import instance


@pytest.mark.parametrize("strategy", list(Strategy))
@pytest.mark.parametrize("seed", range(15))
def test_same_input_same_output(seed: int, strategy: Strategy) -> None:
    inst = instance(20_000 + seed, max_orders=6, max_providers=5)
    first = place_batch(inst.orders, inst.providers, inst.calendars, strategy=strategy)
    again = place_batch(inst.orders, inst.providers, inst.calendars, strategy=strategy)
    assert first == again


@pytest.mark.parametrize("seed", range(15))
def test_input_order_does_not_change_the_answer(seed: int) -> None:
    inst = instance(30_000 + seed, max_orders=6, max_providers=5)
    orders, providers = list(inst.orders), list(inst.providers)
    random.Random(seed).shuffle(orders)
    random.Random(seed + 1).shuffle(providers)
    first = place_batch(inst.orders, inst.providers, inst.calendars)
    shuffled = place_batch(orders, providers, inst.calendars)
    assert [shuffled.for_order(o.order_id) for o in inst.orders] == list(first.placements)
