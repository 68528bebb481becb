"""The matcher guards itself (issue 17): an order row stored before intake's bounds (a
9999 deadline, a deadline before its materials, a quantity past any real order) is
parked with its reason and the rest of the batch is placed. On the old code the row
with its deadline before its materials raised ValueError in the round, so no order of
the batch was ever offered."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from services.matching import matcher
from services.matching.domain import Market, guard
from services.matching.domain.order import QueuedOrder, QueueState
from services.matching.domain.order_facts import Terms
from shared.contracts import matching as m
from shared.region import clock
from tests.support.memory_matching import QueueRow
from tests.support.order_journey import CATEGORY
from tests.unit.journey.memory_world import TTL, MemoryWorld


def stored(world: MemoryWorld, **over: object) -> uuid.UUID:
    """An order row put straight into matching's store, past intake's bounds."""
    today = clock.today()
    q = QueuedOrder(
        id=uuid.uuid4(),
        category=CATEGORY,
        quantity=100,
        unit_fee_fen=35,
        materials_ready=today,
        deadline=today + timedelta(days=10),
        origin_market=Market.YIWU,
        splittable=True,
        min_lot=10,
    )
    q = replace(q, **over)  # type: ignore[arg-type]
    terms = Terms(q.quantity, q.deadline)
    world.matching.state.orders[q.id] = QueueRow(q, QueueState.PENDING, terms, Decimal(2))
    return q.id


def unmatched(world: MemoryWorld) -> dict[uuid.UUID, str]:
    return {p.order_id: p.reason for p in world.bus.payloads() if isinstance(p, m.OrderUnmatched)}


def offered(world: MemoryWorld, order_id: uuid.UUID) -> int:
    return sum(o.units for o in world.matching.state.offers.values() if o.order_id == order_id)


async def test_bad_rows_are_parked_with_their_reason_and_the_batch_goes_on() -> None:
    world = MemoryWorld()
    await world.provider(CATEGORY, 100)
    today = clock.today()
    bad = {
        stored(world, deadline=date(9999, 12, 30)): guard.ParkReason.DATES,
        stored(world, materials_ready=date(9999, 12, 31), deadline=date(9999, 12, 31)): (
            guard.ParkReason.DATES
        ),
        stored(world, deadline=today - timedelta(days=1), materials_ready=today): (
            guard.ParkReason.TERMS
        ),
        stored(world, quantity=2**31 - 1): guard.ParkReason.QUANTITY,
    }
    good = stored(world)
    assert await matcher.match_pending(lambda: world.matching, 50, TTL) == len(bad) + 1
    rows = world.matching.state.orders
    assert {i: rows[i].state for i in bad} == dict.fromkeys(bad, QueueState.PARKED)
    assert offered(world, good) == 100 and rows[good].state is QueueState.SETTLED
    reasons = unmatched(world)
    assert {i: reasons[i] for i in bad} == {i: r.value for i, r in bad.items()}
    async with world.matching as uow:
        listed = dict(await uow.queue.parked(10))
    assert listed == {i: r.value for i, r in bad.items()}


async def test_an_order_whose_placement_raises_is_parked_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever the guard does not foresee: the group is retried order by order and only
    the order that still raises is parked."""
    world = MemoryWorld()
    await world.provider(CATEGORY, 100)
    poison, good = stored(world, quantity=77), stored(world)
    real = matcher.place_batch_within_budget

    def placing(batch, *args, **kwargs):
        if any(o.order_id == poison for o in batch):
            raise OverflowError("date value out of range")
        return real(batch, *args, **kwargs)

    monkeypatch.setattr(matcher, "place_batch_within_budget", placing)
    await matcher.match_pending(lambda: world.matching, 50, TTL)
    rows = world.matching.state.orders
    assert rows[poison].state is QueueState.PARKED
    assert unmatched(world)[poison] == guard.ParkReason.FAILED.value
    assert offered(world, good) == 100 and offered(world, poison) == 0


async def test_new_terms_put_a_parked_order_back_in_the_queue() -> None:
    world = MemoryWorld()
    parked = stored(world, deadline=date(9999, 12, 30))
    await matcher.match_pending(lambda: world.matching, 50, TTL)
    async with world.matching as uow:
        await uow.order_terms.store(parked, Terms(100, clock.today() + timedelta(days=9)))
        await uow.commit()
    assert world.matching.state.orders[parked].state is QueueState.PENDING
    assert world.matching.state.parked_reasons == {}
